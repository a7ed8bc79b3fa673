using Valora.Data.Customers;
using Valora.Data.Scores;
using Valora.Domain.Customers;
using Valora.Domain.Sales;
using Valora.Domain.Tickets;
using Valora.TestSupport;
using Valora.TestSupport.Data;

namespace Valora.Data.Tests.Customers;

public sealed class CustomerQueriesTests
{
    [Fact]
    public Task Search_OnSqlite_MatchesNameEmailOrIdAndPages() => SearchMatchesAndPages(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Search_OnPostgres_MatchesNameEmailOrIdAndPages() => SearchMatchesAndPages(DatabaseProvider.Postgres);

    [Fact]
    public Task Customer360_OnSqlite_HoldsProfileOrdersTimelineAndLatestScores() => Customer360Holds(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Customer360_OnPostgres_HoldsProfileOrdersTimelineAndLatestScores() => Customer360Holds(DatabaseProvider.Postgres);

    static async Task SearchMatchesAndPages(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await using (var db = test.Database.CreateContext())
        {
            db.AddRange(Enumerable.Range(1, 7).Select(i => new Customer { ExternalId = $"C{i}", Name = i == 5 ? "Ada Lovelace" : $"Person {i}", Email = i == 6 ? "ADA@example.org" : null }));
            await db.SaveChangesAsync();
        }
        await using var read = test.Database.CreateContext();

        var all = await CustomerSearch.SearchAsync(read, null, 1, 3);
        Assert.Equal(7, all.Total);
        Assert.Equal(["C4", "C5", "C6"], all.Items.Select(c => c.ExternalId));
        var ada = await CustomerSearch.SearchAsync(read, "  ada ", 0, 10);
        Assert.Equal(["C5", "C6"], ada.Items.Select(c => c.ExternalId));   // name, and e-mail in other case
        Assert.Equal(2, ada.Total);
        Assert.Equal(["C7"], (await CustomerSearch.SearchAsync(read, "c7", 0, 10)).Items.Select(c => c.ExternalId));
        Assert.Equal(0, (await CustomerSearch.SearchAsync(read, "%", 0, 10)).Total);   // % is literal
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => CustomerSearch.SearchAsync(read, null, 0, 0));
    }

    static async Task Customer360Holds(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        long id;
        await using (var db = test.Database.CreateContext())
        {
            var c = new Customer { ExternalId = "C1", Name = "Ada" };
            var tag = new Tag { Name = "vip" };
            db.AddRange(c, tag);
            await db.SaveChangesAsync();
            id = c.Id;
            db.Add(new CustomerTag { CustomerId = id, TagId = tag.Id });
            db.Add(new Order { ExternalId = "O1", CustomerId = id, OrderedAt = new DateTime(2025, 1, 5, 10, 0, 0, DateTimeKind.Utc), Lines = [new OrderLine { LineNumber = 1, Quantity = 2, UnitPrice = 5.25m, LineTotal = 10.50m }, new OrderLine { LineNumber = 2, Quantity = 1, UnitPrice = 1m, LineTotal = 1m }] });
            db.Add(new Order { ExternalId = "O2", CustomerId = id, OrderedAt = new DateTime(2025, 3, 1, 9, 0, 0, DateTimeKind.Utc), Lines = [new OrderLine { LineNumber = 1, Quantity = 1, UnitPrice = 3m, LineTotal = 3m }] });
            db.Add(new Ticket { ExternalId = "T1", CustomerId = id, Kind = default, Status = default, Subject = "Late", OpenedAt = new DateTime(2025, 2, 1, 0, 0, 0, DateTimeKind.Utc) });
            await db.SaveChangesAsync();
        }
        await RunWriter.WriteAsync(test.Database, new ScoringRun(Metrics.Clv.Model, "v1", new DateOnly(2025, 3, 31), Metrics.Clv.All, 1), [Metrics.Clv.Value.Of(id, 42)]);

        await using var read = test.Database.CreateContext();
        var view = (await Customer360.LoadAsync(read, id))!;

        Assert.Equal("Ada", view.Profile.Name);
        Assert.Equal(["vip"], view.Tags);
        Assert.Equal(["O2", "O1"], view.Orders.Select(o => o.ExternalId));
        Assert.Equal([3m, 11.50m], view.Orders.Select(o => o.Total));
        Assert.Equal(2, view.Orders[1].Lines);
        Assert.Equal(1, view.OpenTickets);
        Assert.Equal(["order", "ticket", "order"], view.Timeline.Select(e => e.Kind));
        var score = Assert.Single(view.Scores);
        Assert.Equal(("clv", 42.0, new DateOnly(2025, 3, 31)), (score.Metric, score.Value!.Value, score.AsOf));
        Assert.Null(await Customer360.LoadAsync(read, id + 1000));
    }
}
