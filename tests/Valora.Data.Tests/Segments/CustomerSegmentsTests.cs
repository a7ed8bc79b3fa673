using Microsoft.EntityFrameworkCore;
using Valora.Analytics.Segments;
using Valora.Data.Scores;
using Valora.Data.Segments;
using Valora.Domain.Customers;
using Valora.Domain.Sales;
using Valora.TestSupport;
using Valora.TestSupport.Data;

namespace Valora.Data.Tests.Segments;

public sealed class CustomerSegmentsTests
{
    static readonly DateOnly AsOf = new(2024, 6, 30);

    [Fact]
    public Task Segments_OnSqlite_StoreMembersHistoryAndOverlap() => StoreMembersHistoryAndOverlap(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Segments_OnPostgres_StoreMembersHistoryAndOverlap() => StoreMembersHistoryAndOverlap(DatabaseProvider.Postgres);

    [Fact]
    public async Task Save_BadNameOrRule_IsRefusedAndStoresNothing()
    {
        await using var test = await TestDatabase.CreateSqliteAsync();
        await SeedAsync(test.Database);
        var segments = new CustomerSegments(test.Database);

        var rule = await Assert.ThrowsAsync<SegmentRuleException>(() => segments.SaveAsync("Big", "revenue_12m > 'lots'"));
        Assert.Equal(15, rule.Position);
        Assert.Equal("name", (await Assert.ThrowsAsync<ArgumentException>(() => segments.SaveAsync("-x", "orders > 1"))).ParamName);
        Assert.Equal("name", (await Assert.ThrowsAsync<ArgumentException>(() => segments.SaveAsync(new string('a', 57), "orders > 1"))).ParamName);
        await using var db = test.Database.CreateContext();
        Assert.Equal(0, await db.AnalysisRuns.CountAsync());
        Assert.Empty(await segments.ListAsync());
    }

    static async Task StoreMembersHistoryAndOverlap(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var ids = await SeedAsync(test.Database);
        await RunWriter.WriteAsync(test.Database, new ScoringRun(Metrics.Clv.Model, "clv-t", AsOf, Metrics.Clv.All, 2),
            [Metrics.Clv.Value.Of(ids["ann"], 900), Metrics.Clv.Value.Of(ids["bob"], 100)]);
        var segments = new CustomerSegments(test.Database);

        // ann: 12 orders of 600 in the last year (monthly 600), France, vip; bob: 2 orders of 50, last 121 days ago;
        // cy: no orders, vip.
        var big = await segments.SaveAsync("Big spenders", "monthly_avg_spend >= 500 and country = 'france'", "Over 500 a month", AsOf);
        var silent = await segments.SaveAsync("Silent", "days_since_last_purchase > 90 or orders = 0", null, AsOf);
        var vip = await segments.SaveAsync("VIP", "tag = 'vip'", null, AsOf);
        var valuable = await segments.SaveAsync("Valuable", "clv > 500", null, AsOf);

        Assert.Equal(AsOf, big.AsOf);
        Assert.Equal((1, 7200.0, 900.0), (big.Customers, big.Revenue12m, big.Clv!.Value));
        Assert.Equal(1.0 / 3, big.Share, 12);
        Assert.Equal([ids["ann"]], await segments.MembersAsync("Big spenders"));
        Assert.Equal(new[] { ids["bob"], ids["cy"] }.Order(), await segments.MembersAsync("Silent"));
        Assert.Equal(new[] { ids["ann"], ids["cy"] }.Order(), await segments.MembersAsync("VIP"));
        Assert.Equal([ids["ann"]], await segments.MembersAsync("Valuable"));
        Assert.Equal((2, 100.0), (silent.Customers, silent.Revenue12m));
        Assert.Equal(2, vip.Customers);
        Assert.Equal(1, valuable.Customers);

        var overlap = await segments.CompareAsync("VIP", "Silent");
        Assert.Equal(new SegmentOverlap("VIP", "Silent", 2, 2, 1, 1, 1, 1.0 / 3), overlap);
        Assert.Null(await segments.CompareAsync("VIP", "Nobody"));

        // Editing replaces the same day; another day adds history; every segment is listed by name.
        await segments.SaveAsync("VIP", "tag = 'vip' and orders > 0", null, AsOf);
        Assert.Equal([ids["ann"]], await segments.MembersAsync("VIP"));
        var recomputed = await segments.RecomputeAllAsync(AsOf.AddDays(200));
        Assert.Equal(4, recomputed.Count);
        var history = await segments.HistoryAsync("Big spenders");
        Assert.Equal([AsOf.AddDays(200), AsOf], history.Select(h => h.AsOf));
        Assert.Equal(0, history[0].Customers); // 200 days on, ann's last year holds only the orders after 2024-01-17
        Assert.Equal(["Big spenders", "Silent", "Valuable", "VIP"], (await segments.ListAsync()).Select(s => s.Name));

        Assert.True(await segments.DeleteAsync("Silent"));
        Assert.False(await segments.DeleteAsync("Silent"));
        Assert.Null(await segments.MembersAsync("Silent"));
        await using var db = test.Database.CreateContext();
        Assert.Equal(0, await db.CustomerScores.CountAsync(s => s.ModelVersion == "segment:Silent"));
    }

    static async Task<Dictionary<string, long>> SeedAsync(ValoraDatabase database)
    {
        await using var db = database.CreateContext();
        var vipTag = new Tag { Name = "vip" };
        var ann = new Customer { ExternalId = "ann", Country = "France" };
        var bob = new Customer { ExternalId = "bob", Country = "Spain" };
        var cy = new Customer { ExternalId = "cy" };
        db.AddRange(vipTag, ann, bob, cy);
        await db.SaveChangesAsync();
        db.CustomerTags.AddRange(new CustomerTag { CustomerId = ann.Id, TagId = vipTag.Id }, new CustomerTag { CustomerId = cy.Id, TagId = vipTag.Id });
        var n = 0;
        for (var k = 0; k < 12; k++)
        {
            db.Orders.Add(OrderOf($"O{n++}", ann.Id, new DateTime(2024, 6, 20, 12, 0, 0, DateTimeKind.Utc).AddDays(-30 * k), 600));
        }
        db.Orders.Add(OrderOf($"O{n++}", bob.Id, new DateTime(2024, 1, 2, 12, 0, 0, DateTimeKind.Utc), 50));
        db.Orders.Add(OrderOf($"O{n++}", bob.Id, new DateTime(2024, 3, 2, 12, 0, 0, DateTimeKind.Utc), 50));
        await db.SaveChangesAsync();
        return new() { ["ann"] = ann.Id, ["bob"] = bob.Id, ["cy"] = cy.Id };
    }

    static Order OrderOf(string id, long customer, DateTime at, decimal total) => new()
    {
        ExternalId = id,
        CustomerId = customer,
        OrderedAt = at,
        Lines = [new OrderLine { LineNumber = 1, Quantity = 1, UnitPrice = total, LineTotal = total }],
    };
}
