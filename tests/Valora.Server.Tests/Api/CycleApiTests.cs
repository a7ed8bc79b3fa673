using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Valora.Data;
using Valora.Domain.Customers;
using Valora.Domain.Sales;
using Valora.Server.Tests.Support;
using Valora.TestSupport;
using Valora.TestSupport.Data;

namespace Valora.Server.Tests.Api;

public sealed class CycleApiTests
{
    [Fact]
    public Task RunThenRead_OnSqlite_RhythmsMatchTheOrders() => RunThenRead(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task RunThenRead_OnPostgres_RhythmsMatchTheOrders() => RunThenRead(DatabaseProvider.Postgres);

    [Theory]
    [InlineData("/api/cycle?top=0", "top")]
    [InlineData("/api/cycle?top=1001", "top")]
    [InlineData("/api/cycle?skip=-1", "skip")]
    public async Task Get_BadPage_Returns400NamingIt(string url, string field)
    {
        await using var test = await TestDatabase.CreateSqliteAsync();
        await using var factory = new ValoraServerFactory(test.Database.ConnectionString);
        using var response = await factory.CreateClient().GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal([field], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.Contains(field, problem.GetProperty("errors").GetProperty(field)[0].GetString(), StringComparison.Ordinal);
    }

    /// <summary>
    /// Hand-worked rhythms (as of 2024-06-30, no BG/NBD fit): rhythm bought 05-01, 05-11, 05-31 → intervals 10 and 20,
    /// mean 15, sd √50 ≈ 7.07, silent 30 days &gt; 22.07 → overdue by 15, expected 06-15; steady 06-01, 06-11, 06-21 →
    /// mean 10, sd 0, silent 9 → on track (−1); pair (one interval of 31) and once: no rhythm; later bought only after
    /// the date. With k = 3 rhythm's bound is 15 + 3·7.07 = 36.2 &gt; 30: nobody is overdue.
    /// </summary>
    static async Task RunThenRead(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var ids = await SeedAsync(test.Database);
        await using var factory = new ValoraServerFactory(test.Database.ConnectionString);
        using var client = factory.CreateClient();

        using (var before = await client.GetAsync(new Uri("/api/cycle", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NotFound, before.StatusCode);
            var detail = (await before.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;
            Assert.Contains("POST /api/cycle/run", detail, StringComparison.Ordinal);
            Assert.Contains("valora cycle", detail, StringComparison.Ordinal);
        }

        var job = await JobPolling.StartAndWaitAsync(client, "/api/cycle/run", new { asOf = "2024-06-30" });
        Assert.True(job.GetProperty("status").GetString() == "succeeded", job.ToString());
        var result = job.GetProperty("result");
        Assert.Equal(("cycle-k1-w30", "2024-06-30", 4), (result.GetProperty("version").GetString(), result.GetProperty("asOf").GetString(), result.GetProperty("customers").GetInt32()));
        Assert.Equal(JsonValueKind.Null, result.GetProperty("btydModel").ValueKind);
        Assert.Equal((1, 1, 2), (result.GetProperty("statuses").GetProperty("overdue").GetInt32(), result.GetProperty("statuses").GetProperty("on-track").GetInt32(),
            result.GetProperty("statuses").GetProperty("no-rhythm").GetInt32()));

        var view = await client.GetFromJsonAsync<JsonElement>(new Uri("/api/cycle", UriKind.Relative));
        Assert.Equal(("cycle-k1-w30", "2024-06-30", 4), (view.GetProperty("version").GetString(), view.GetProperty("asOf").GetString(), view.GetProperty("scored").GetInt32()));
        Assert.Equal([("overdue", 1), ("on-track", 1), ("no-rhythm", 2)],
            view.GetProperty("statuses").EnumerateArray().Select(s => (s.GetProperty("status").GetString(), s.GetProperty("customers").GetInt32())));
        Assert.Equal(1, view.GetProperty("listed").GetInt32());
        var overdue = view.GetProperty("customers").EnumerateArray().Single();
        Assert.Equal((ids["rhythm"], "rhythm", "overdue", 3, 30), (overdue.GetProperty("customerId").GetInt64(), overdue.GetProperty("externalId").GetString(),
            overdue.GetProperty("status").GetString(), overdue.GetProperty("purchaseDays").GetInt32(), overdue.GetProperty("daysSinceLast").GetInt32()));
        Assert.Equal(15, overdue.GetProperty("meanIntervalDays").GetDouble(), 12);
        Assert.Equal(Math.Sqrt(50), overdue.GetProperty("sdIntervalDays").GetDouble(), 9);
        Assert.Equal("2024-06-15", overdue.GetProperty("nextExpected").GetString());
        Assert.Equal(15, overdue.GetProperty("daysOverdue").GetDouble(), 12);
        Assert.Equal("Rhea Thorne", overdue.GetProperty("name").GetString());
        // An analyst may not see personal data: the name masked, the ids and figures kept.
        using (var analyst = factory.CreateClient("analyst"))
        {
            var masked = (await analyst.GetFromJsonAsync<JsonElement>(new Uri("/api/cycle", UriKind.Relative))).GetProperty("customers")[0];
            Assert.Equal(("R. T.", "rhythm", ids["rhythm"]), (masked.GetProperty("name").GetString(), masked.GetProperty("externalId").GetString(), masked.GetProperty("customerId").GetInt64()));
            Assert.Equal(15, masked.GetProperty("daysOverdue").GetDouble(), 12);
        }

        var all = await client.GetFromJsonAsync<JsonElement>(new Uri("/api/cycle?overdueOnly=false&top=1&skip=1", UriKind.Relative));
        Assert.Equal(2, all.GetProperty("listed").GetInt32());
        var steady = all.GetProperty("customers").EnumerateArray().Single();
        Assert.Equal((ids["steady"], "on-track", -1.0, 0.0), (steady.GetProperty("customerId").GetInt64(), steady.GetProperty("status").GetString(),
            steady.GetProperty("daysOverdue").GetDouble(), steady.GetProperty("sdIntervalDays").GetDouble()));
        // Mean intervals 10 (7–14) and 15 (14–30); median 12.5. Tea: 10, 20 (rhythm) and 31 (pair) → median 20.
        Assert.Equal([0, 1, 1, 0, 0, 0, 0, 0], all.GetProperty("meanIntervals").EnumerateArray().Select(b => b.GetProperty("customers").GetInt32()));
        Assert.Equal(12.5, all.GetProperty("medianMeanInterval").GetDouble(), 12);
        var tea = all.GetProperty("categories")[0];
        Assert.Equal(("Tea", 2, 3, 20.0), (tea.GetProperty("group").GetString(), tea.GetProperty("repeaters").GetInt32(), tea.GetProperty("intervals").GetInt32(),
            tea.GetProperty("medianDays").GetDouble()));

        var strict = await JobPolling.StartAndWaitAsync(client, "/api/cycle/run", new { asOf = "2024-06-30", k = 3, windowDays = 60 });
        Assert.Equal("cycle-k3-w60", strict.GetProperty("result").GetProperty("version").GetString());
        var relaxed = await client.GetFromJsonAsync<JsonElement>(new Uri("/api/cycle", UriKind.Relative));
        Assert.Equal((3.0, 60, 0), (relaxed.GetProperty("k").GetDouble(), relaxed.GetProperty("windowDays").GetInt32(), relaxed.GetProperty("listed").GetInt32()));
        Assert.Empty(relaxed.GetProperty("customers").EnumerateArray());
    }

    static async Task<Dictionary<string, long>> SeedAsync(ValoraDatabase database)
    {
        var histories = new Dictionary<string, (int Month, int Day, string Sku)[]>(StringComparer.Ordinal)
        {
            ["rhythm"] = [(5, 1, "T1"), (5, 11, "T1"), (5, 31, "T1"), (7, 5, "T1")],
            ["steady"] = [(6, 1, "C1"), (6, 11, "C1"), (6, 21, "C1")],
            ["pair"] = [(3, 1, "T1"), (4, 1, "T1")],
            ["once"] = [(1, 15, "C1")],
            ["later"] = [(7, 10, "T1")],
        };
        await using var db = database.CreateContext();
        var products = new Dictionary<string, Product>(StringComparer.Ordinal)
        {
            ["T1"] = new() { Sku = "T1", Category = "Tea" },
            ["C1"] = new() { Sku = "C1", Category = "Coffee" },
        };
        db.Products.AddRange(products.Values);
        var customers = histories.Keys.ToDictionary(k => k, k => new Customer { ExternalId = k, Name = k == "rhythm" ? "Rhea Thorne" : null }, StringComparer.Ordinal);
        db.Customers.AddRange(customers.Values);
        await db.SaveChangesAsync();
        var n = 0;
        foreach (var (name, orders) in histories)
        {
            foreach (var (month, day, sku) in orders)
            {
                db.Orders.Add(new Order
                {
                    ExternalId = $"O{n++}",
                    CustomerId = customers[name].Id,
                    OrderedAt = new DateTime(2024, month, day, 10, 0, 0, DateTimeKind.Utc),
                    Lines = [new OrderLine { LineNumber = 1, ProductId = products[sku].Id, Sku = sku, Quantity = 1, UnitPrice = 10, LineTotal = 10 }],
                });
            }
        }
        await db.SaveChangesAsync();
        return customers.ToDictionary(kv => kv.Key, kv => kv.Value.Id, StringComparer.Ordinal);
    }
}
