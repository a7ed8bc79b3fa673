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

public sealed class RulesApiTests
{
    [Fact]
    public Task RunReadAndOffer_OnSqlite_MatchTheHandWorkedRules() => RunReadAndOffer(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task RunReadAndOffer_OnPostgres_MatchTheHandWorkedRules() => RunReadAndOffer(DatabaseProvider.Postgres);

    [Theory]
    [InlineData("/api/rules?sort=bogus", "sort")]
    [InlineData("/api/rules?sort=1", "sort")]
    [InlineData("/api/rules?top=0", "top")]
    [InlineData("/api/rules?top=1001", "top")]
    [InlineData("/api/rules?minConfidence=2", "minConfidence")]
    [InlineData("/api/rules?minLift=-1", "minLift")]
    [InlineData("/api/customers/1/offers?top=0", "top")]
    [InlineData("/api/customers/1/offers?top=51", "top")]
    public async Task Get_BadQuery_Returns400NamingIt(string url, string field)
    {
        await using var test = await TestDatabase.CreateSqliteAsync();
        await using var factory = new ValoraServerFactory(test.Database.ConnectionString);
        using var response = await factory.CreateClient().GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal([field], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name));
    }

    [Theory]
    [InlineData("{\"minSuport\":0.1}")]
    [InlineData("null")]
    [InlineData("")]
    public async Task Run_MisspeltFieldOrNoObject_Returns400AndStartsNoJob(string body)
    {
        await using var test = await TestDatabase.CreateSqliteAsync();
        await using var factory = new ValoraServerFactory(test.Database.ConnectionString);
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await factory.CreateClient().PostAsync(new Uri("/api/rules/run", UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("body", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_UnknownSegment_Returns400NamingIt()
    {
        await using var test = await TestDatabase.CreateSqliteAsync();
        await using var factory = new ValoraServerFactory(test.Database.ConnectionString);
        using var response = await factory.CreateClient().PostAsJsonAsync(new Uri("/api/rules/run", UriKind.Relative), new { segment = "nope" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("'nope'", problem.GetProperty("errors").GetProperty("segment")[0].GetString(), StringComparison.Ordinal);
    }

    /// <summary>
    /// Five completed baskets — a {X, Y}, b {X, Y, Z}, c {X, Z}, d {Y}, e {X} — and e's cancelled {X, Y, Z}, which is no
    /// basket. Supports: X .8, Y .6, Z .4, XY .4, XZ .4, YZ .2. At minSupport .4 the rules are X→Z and Z→X (lift
    /// .4/(.8·.4) = 1.25; confidence .5 and 1), X→Y and Y→X (lift .4/(.8·.6) = 5/6; confidence .5 and 2/3). Leverage of
    /// X→Z .4 − .32 = .08, of X→Y .4 − .48 = −.08; conviction of X→Z (1 − .4)/(1 − .5) = 1.2, of Z→X +∞ (null).
    /// </summary>
    static async Task RunReadAndOffer(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var ids = await SeedAsync(test.Database);
        await using var factory = new ValoraServerFactory(test.Database.ConnectionString);
        using var client = factory.CreateClient();

        foreach (var url in new[] { "/api/rules", $"/api/customers/{ids["d"]}/offers" })
        {
            using var before = await client.GetAsync(new Uri(url, UriKind.Relative));
            Assert.Equal(HttpStatusCode.NotFound, before.StatusCode);
            var detail = (await before.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;
            Assert.Contains("POST /api/rules/run", detail, StringComparison.Ordinal);
        }

        var job = await JobPolling.StartAndWaitAsync(client, "/api/rules/run", new { minSupport = 0.4 });
        Assert.True(job.GetProperty("status").GetString() == "succeeded", job.ToString());
        var result = job.GetProperty("result");
        Assert.Equal((5, 5, 3, 5, 2, 4, "all orders", "2024-03-05"), (result.GetProperty("baskets").GetInt32(), result.GetProperty("customers").GetInt32(),
            result.GetProperty("items").GetInt32(), result.GetProperty("itemsets").GetInt32(), result.GetProperty("minCount").GetInt32(),
            result.GetProperty("rules").GetInt32(), result.GetProperty("scope").GetString(), result.GetProperty("asOf").GetString()));

        var byLift = await client.GetFromJsonAsync<JsonElement>(new Uri("/api/rules", UriKind.Relative));
        Assert.Equal((4, 4, "lift", "fpgrowth"), (byLift.GetProperty("storedRules").GetInt32(), byLift.GetProperty("matching").GetInt32(),
            byLift.GetProperty("sort").GetString(), byLift.GetProperty("settings").GetProperty("algorithm").GetString()));
        Assert.Equal(["X → Z", "Z → X", "X → Y", "Y → X"], Names(byLift));
        var xz = byLift.GetProperty("rules")[0];
        Assert.Equal((1, 2), (xz.GetProperty("rank").GetInt32(), xz.GetProperty("count").GetInt32()));
        Assert.Equal(0.4, xz.GetProperty("support").GetDouble(), 12);
        Assert.Equal(0.5, xz.GetProperty("confidence").GetDouble(), 12);
        Assert.Equal(1.25, xz.GetProperty("lift").GetDouble(), 12);
        Assert.Equal(0.08, xz.GetProperty("leverage").GetDouble(), 12);
        Assert.Equal(1.2, xz.GetProperty("conviction").GetDouble(), 12);
        Assert.Equal(JsonValueKind.Null, byLift.GetProperty("rules")[1].GetProperty("conviction").ValueKind);
        var xy = byLift.GetProperty("rules")[2];
        Assert.Equal(5.0 / 6, xy.GetProperty("lift").GetDouble(), 12);
        Assert.Equal(-0.08, xy.GetProperty("leverage").GetDouble(), 12);

        // Confidence 1, 2/3, then the two at .5 in the run's order (same support): X→Z (rank 1) before X→Y (rank 3).
        var byConfidence = await client.GetFromJsonAsync<JsonElement>(new Uri("/api/rules?sort=confidence", UriKind.Relative));
        Assert.Equal(["Z → X", "Y → X", "X → Z", "X → Y"], Names(byConfidence));
        var withZ = await client.GetFromJsonAsync<JsonElement>(new Uri("/api/rules?item=z&top=1", UriKind.Relative));
        Assert.Equal((2, 1), (withZ.GetProperty("matching").GetInt32(), withZ.GetProperty("rules").GetArrayLength()));
        var strong = await client.GetFromJsonAsync<JsonElement>(new Uri("/api/rules?minLift=1&minConfidence=0.6", UriKind.Relative));
        Assert.Equal(["Z → X"], Names(strong));

        // d bought Y: Y → X (2/3). e bought X (its cancelled order does not count): X → Z (.5, lift 1.25) before X → Y (.5, 5/6).
        var d = await client.GetFromJsonAsync<JsonElement>(new Uri($"/api/customers/{ids["d"]}/offers", UriKind.Relative));
        Assert.Equal((1, "all orders"), (d.GetProperty("bought").GetInt32(), d.GetProperty("scope").GetString()));
        Assert.Equal([("X", "Y → X")], Offers(d));
        Assert.Equal(2.0 / 3, d.GetProperty("offers")[0].GetProperty("confidence").GetDouble(), 12);
        var e = await client.GetFromJsonAsync<JsonElement>(new Uri($"/api/customers/{ids["e"]}/offers", UriKind.Relative));
        Assert.Equal([("Z", "X → Z"), ("Y", "X → Y")], Offers(e));
        var eTop = await client.GetFromJsonAsync<JsonElement>(new Uri($"/api/customers/{ids["e"]}/offers?top=1", UriKind.Relative));
        Assert.Equal([("Z", "X → Z")], Offers(eTop));
        var b = await client.GetFromJsonAsync<JsonElement>(new Uri($"/api/customers/{ids["b"]}/offers", UriKind.Relative));
        Assert.Equal(3, b.GetProperty("bought").GetInt32());
        Assert.Empty(Offers(b));
        var none = await client.GetFromJsonAsync<JsonElement>(new Uri($"/api/customers/{ids["f"]}/offers", UriKind.Relative));
        Assert.Equal(0, none.GetProperty("bought").GetInt32());
        Assert.Empty(Offers(none));
        using (var missing = await client.GetAsync(new Uri("/api/customers/987654321/offers", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }

        // The same settings again replace the run; a scope is stored beside it. a and b are in the UK: at support 1 only
        // X, Y and XY are frequent, so X → Y and Y → X, each with confidence 1 and lift 1.
        var again = await JobPolling.StartAndWaitAsync(client, "/api/rules/run", new { minSupport = 0.4 });
        Assert.Equal(result.GetProperty("version").GetString(), again.GetProperty("result").GetProperty("version").GetString());
        var uk = await JobPolling.StartAndWaitAsync(client, "/api/rules/run", new { minSupport = 1.0, country = "united kingdom" });
        Assert.True(uk.GetProperty("status").GetString() == "succeeded", uk.ToString());
        Assert.NotEqual(result.GetProperty("version").GetString(), uk.GetProperty("result").GetProperty("version").GetString());
        var latest = await client.GetFromJsonAsync<JsonElement>(new Uri("/api/rules", UriKind.Relative));
        Assert.Equal((2, 2, "country united kingdom"), (latest.GetProperty("baskets").GetInt32(), latest.GetProperty("customers").GetInt32(),
            latest.GetProperty("scope").GetString()));
        Assert.Equal(["X → Y", "Y → X"], Names(latest));
        Assert.All(latest.GetProperty("rules").EnumerateArray(), r => Assert.Equal((1.0, 1.0), (r.GetProperty("confidence").GetDouble(), r.GetProperty("lift").GetDouble())));
        var dUk = await client.GetFromJsonAsync<JsonElement>(new Uri($"/api/customers/{ids["d"]}/offers", UriKind.Relative));
        Assert.Equal([("X", "Y → X")], Offers(dUk));
        Assert.Equal(1.0, dUk.GetProperty("offers")[0].GetProperty("confidence").GetDouble(), 12);
        await using var db = test.Database.CreateContext();
        Assert.Equal(2, db.AnalysisRuns.Count(r => r.Model == "rules"));
        Assert.Equal(6, db.AssociationRules.Count());
    }

    static string[] Names(JsonElement view) =>
        [.. view.GetProperty("rules").EnumerateArray().Select(r =>
            string.Join(' ', r.GetProperty("antecedent").EnumerateArray().Select(i => i.GetString())) + " → "
            + string.Join(' ', r.GetProperty("consequent").EnumerateArray().Select(i => i.GetString())))];

    static (string, string)[] Offers(JsonElement view) =>
        [.. view.GetProperty("offers").EnumerateArray().Select(o => (o.GetProperty("sku").GetString()!, o.GetProperty("because").GetString()!))];

    static async Task<Dictionary<string, long>> SeedAsync(ValoraDatabase database)
    {
        var baskets = new (string Customer, string[] Skus, OrderStatus Status)[]
        {
            ("a", ["X", "Y"], OrderStatus.Completed),
            ("b", ["X", "Y", "Z"], OrderStatus.Completed),
            ("c", ["X", "Z"], OrderStatus.Completed),
            ("d", ["Y"], OrderStatus.Completed),
            ("e", ["X"], OrderStatus.Completed),
            ("e", ["X", "Y", "Z"], OrderStatus.Cancelled),
        };
        await using var db = database.CreateContext();
        var customers = new[] { "a", "b", "c", "d", "e", "f" }.ToDictionary(k => k,
            k => new Customer { ExternalId = k, Country = k is "a" or "b" ? "United Kingdom" : "Germany" }, StringComparer.Ordinal);
        db.Customers.AddRange(customers.Values);
        await db.SaveChangesAsync();
        for (var n = 0; n < baskets.Length; n++)
        {
            var (customer, skus, status) = baskets[n];
            db.Orders.Add(new Order
            {
                ExternalId = $"O{n}",
                CustomerId = customers[customer].Id,
                OrderedAt = new DateTime(2024, 3, 1 + n, 10, 0, 0, DateTimeKind.Utc),
                Status = status,
                Lines = [.. skus.Select((sku, i) => new OrderLine { LineNumber = i + 1, Sku = sku, Quantity = 1, UnitPrice = 5, LineTotal = 5 })],
            });
        }
        await db.SaveChangesAsync();
        return customers.ToDictionary(kv => kv.Key, kv => kv.Value.Id, StringComparer.Ordinal);
    }
}
