using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Valora.Data;
using Valora.Data.Demo;
using Valora.Domain.Sales;
using Valora.Server.Tests.Support;
using Valora.TestSupport;
using Valora.TestSupport.Data;

namespace Valora.Server.Tests.Api;

public sealed class PotentialApiTests(ClustersFixture fixture) : IClassFixture<ClustersFixture>
{
    [Fact]
    public Task ScoreThenRead_OnSqlite_ComponentsMatchTheOrdersTicketsAndContacts() => ScoreThenRead(fixture.CreateClient(), fixture.Factory.Database);

    [PostgresFact]
    public async Task ScoreThenRead_OnPostgres_ComponentsMatchTheOrdersTicketsAndContacts()
    {
        await using var test = await TestDatabase.CreatePostgresAsync();
        await using var factory = new ValoraServerFactory(test.Database.ConnectionString);
        _ = factory.Services;
        await new DemoLoader(factory.Database).ExecuteAsync(ClustersFixture.Demo);
        using var client = factory.CreateClient();
        await ScoreThenRead(client, factory.Database);
    }

    [Theory]
    [InlineData("/api/potential?by=country", "by")]
    [InlineData("/api/potential?top=100000", "top")]
    public async Task Read_BadParameter_Returns400NamingIt(string url, string field)
    {
        using var response = await fixture.CreateClient().GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal([field], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name));
    }

    /// <summary>
    /// The demo as loaded has no CLV or churn run, so retention is 1 and B is last year's profit. Undiscounted over
    /// one year, with a ticket costing 7 and a contact 0.5, each customer's B and M are recomputed here from the
    /// completed orders (revenue − quantity × unit cost, else the product's), tickets and interactions of the year.
    /// </summary>
    static async Task ScoreThenRead(HttpClient client, ValoraDatabase database)
    {
        using (var before = await client.GetAsync(new Uri("/api/potential", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NotFound, before.StatusCode);
        }
        var job = await JobPolling.StartAndWaitAsync(client, "/api/potential/score", new { discountRate = 0.0, ticketCost = 7.0, contactCost = 0.5 });
        Assert.True(job.GetProperty("status").GetString() == "succeeded", job.ToString());
        var result = job.GetProperty("result");
        var asOf = DateOnly.Parse(result.GetProperty("asOf").GetString()!, CultureInfo.InvariantCulture);
        var version = result.GetProperty("version").GetString();

        await using var db = database.CreateContext();
        var end = asOf.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var start = end.AddDays(-365);
        var lines = await db.OrderLines.AsNoTracking()
            .Where(l => db.Orders.Any(o => o.Id == l.OrderId && o.Status == OrderStatus.Completed && o.OrderedAt >= start && o.OrderedAt < end))
            .Select(l => new
            {
                CustomerId = db.Orders.First(o => o.Id == l.OrderId).CustomerId,
                l.LineTotal,
                l.Quantity,
                Cost = l.UnitCost ?? db.Products.Where(p => p.Id == l.ProductId).Select(p => p.UnitCost).FirstOrDefault(),
            }).ToListAsync();
        var profit = lines.GroupBy(l => l.CustomerId).ToDictionary(g => g.Key, g => (double)g.Sum(l => l.LineTotal - (l.Quantity * (l.Cost ?? 0))));
        var tickets = (await db.Tickets.AsNoTracking().Where(t => t.OpenedAt >= start && t.OpenedAt < end).Select(t => t.CustomerId).ToListAsync())
            .CountBy(id => id).ToDictionary();
        var contacts = (await db.Interactions.AsNoTracking().Where(i => i.OccurredAt >= start && i.OccurredAt < end).Select(i => i.CustomerId).ToListAsync())
            .CountBy(id => id).ToDictionary();
        var scores = await db.CustomerScores.AsNoTracking().Where(s => s.ModelVersion == version && s.AsOf == asOf).ToListAsync();
        double Score(long id, string metric) => scores.Single(s => s.CustomerId == id && s.Metric == metric).Value!.Value;
        var customers = scores.Where(s => s.Metric == "potential_value").Select(s => s.CustomerId).ToArray();
        Assert.Equal(result.GetProperty("customers").GetInt32(), customers.Length);
        Assert.Contains(customers, tickets.ContainsKey);
        foreach (var id in customers)
        {
            var b = profit.GetValueOrDefault(id);
            Assert.Equal(b, Score(id, "potential_purchase"), 6);
            Assert.Equal(b - (7 * tickets.GetValueOrDefault(id)) - (0.5 * contacts.GetValueOrDefault(id)), Score(id, "potential_maintenance"), 6);
            Assert.Equal((0.5 * b) + (0.3 * Score(id, "potential_referral")) + (0.2 * Score(id, "potential_maintenance")), Score(id, "potential_value"), 6);
        }

        var view = await client.GetFromJsonAsync<JsonElement>(new Uri("/api/potential?by=rfm&top=5", UriKind.Relative));
        Assert.Equal(version, view.GetProperty("version").GetString());
        var total = customers.Sum(id => Score(id, "potential_value"));
        Assert.Equal(total, view.GetProperty("potentialValue").GetDouble(), 6);
        Assert.Equal(total, result.GetProperty("potentialValue").GetDouble(), 6);
        var group = Assert.Single(view.GetProperty("groups").EnumerateArray());
        Assert.Equal(("(none)", customers.Length), (group.GetProperty("group").GetString(), group.GetProperty("customers").GetInt32()));
        var top = view.GetProperty("top").EnumerateArray().Select(t => t.GetProperty("value").GetDouble()).ToArray();
        Assert.Equal(customers.Select(id => Score(id, "potential_value")).OrderDescending().Take(5), top);
        Assert.Equal(0.5, view.GetProperty("settings").GetProperty("alpha").GetDouble());
    }
}
