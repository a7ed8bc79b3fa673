using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Valora.Data;
using Valora.Data.Clv;
using Valora.Data.Import.Readers;
using Valora.Domain.Customers;
using Valora.TestSupport;

namespace Valora.Server.Tests.Api.Records;

/// <summary>
/// Orders posted through HTTP on both databases: bad input refused with the field named and nothing written, retries
/// under an Idempotency-Key, batches with bad items reported; and on CDNOW with fitted models, an order posted changes
/// that customer's scores in the customer 360 read right after.
/// </summary>
public sealed class OrdersApiTests
{
    static readonly DateTimeOffset Now = new(1998, 7, 1, 12, 0, 0, TimeSpan.Zero);

    sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    [Fact]
    public Task Orders_OnSqlite_AreValidatedAndIdempotent() => Orders(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Orders_OnPostgres_AreValidatedAndIdempotent() => Orders(DatabaseProvider.Postgres);

    [RealDataFact("cdnow/CDNOW_sample.txt")]
    public Task Order_OnSqlite_ChangesTheCustomer360Scores() => Rescores(DatabaseProvider.Sqlite);

    [PostgresFact("cdnow/CDNOW_sample.txt")]
    public Task Order_OnPostgres_ChangesTheCustomer360Scores() => Rescores(DatabaseProvider.Postgres);

    static async Task Orders(DatabaseProvider provider)
    {
        await using var server = await RecordServer.StartAsync(provider, new FixedTime(Now));
        long ann;
        await using (var db = server.Db())
        {
            var c = new Customer { ExternalId = "ANN", Name = "Ann" };
            db.Customers.Add(c);
            await db.SaveChangesAsync();
            ann = c.Id;
        }
        var counts = await server.CountRowsAsync();
        foreach (var (json, field) in new[]
        {
            ($$"""{"customerId":{{ann}},"lines":[{"quantity":1,"unitPrice":5}]}""", "orderedAt"),
            ($$"""{"customerId":{{ann}},"orderedAt":"1998-07-01T10:00:00Z","lines":[{"quantity":0,"unitPrice":5}]}""", "lines[0].quantity"),
            ($$"""{"customerId":{{ann}},"orderedAt":"1998-07-01T10:00:00Z","currency":"EURO","lines":[{"quantity":1,"unitPrice":5}]}""", "currency"),
            ($$"""{"customerId":{{ann}},"orderedAt":"1998-07-01T10:00:00Z","lines":[]}""", "lines"),
        })
        {
            using var bad = await server.SendAsync(HttpMethod.Post, "/api/orders", json);
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.True((await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _), json);
        }
        foreach (var json in new[] { """{"customerId":""", $$"""{"customerId":{{ann}},"orderedAt":"1998-07-01T10:00:00Z","lines":[{"quantity":1,"unitPrice":5}],"total":5}""", "null" })
        {
            using var malformed = await server.SendAsync(HttpMethod.Post, "/api/orders", json);
            Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        }
        using (var unknown = await server.SendAsync(HttpMethod.Post, "/api/orders", """{"customerId":987654,"orderedAt":"1998-07-01T10:00:00Z","lines":[{"quantity":1,"unitPrice":5}]}"""))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }
        Assert.Equal(counts, await server.CountRowsAsync());

        var order = $$"""{"customerId":{{ann}},"orderedAt":"1998-07-01T10:00:00Z","currency":"eur","lines":[{"quantity":2,"unitPrice":12.5,"sku":"A"},{"quantity":1,"unitPrice":3}]}""";
        using var created = await server.SendAsync(HttpMethod.Post, "/api/orders", order, headers: ("Idempotency-Key", "o-1"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/api/customers/{ann}/360", created.Headers.Location!.OriginalString);
        var result = await created.Content.ReadFromJsonAsync<JsonElement>();
        var written = result.GetProperty("written")[0];
        Assert.Equal((28.0, "EUR", 2), (written.GetProperty("total").GetDouble(), written.GetProperty("currency").GetString(), written.GetProperty("lines").GetInt32()));
        Assert.Equal(0, result.GetProperty("rescored").GetProperty("customers").GetInt32());   // no CLV models stored here
        using (var repeat = await server.SendAsync(HttpMethod.Post, "/api/orders", order, headers: ("Idempotency-Key", "o-1")))
        {
            Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
            Assert.Equal(written.GetProperty("id").GetInt64(), (await repeat.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("written")[0].GetProperty("id").GetInt64());
        }
        using (var reused = await server.SendAsync(HttpMethod.Post, "/api/orders", order.Replace("12.5", "13", StringComparison.Ordinal), headers: ("Idempotency-Key", "o-1")))
        {
            Assert.Equal(HttpStatusCode.Conflict, reused.StatusCode);
        }
        var after = await server.CountRowsAsync();
        Assert.Equal((counts["Orders"] + 1, counts["OrderLines"] + 2), (after["Orders"], after["OrderLines"]));

        var batch = $$"""{"items":[{"customerId":{{ann}},"orderedAt":"1998-06-30T10:00:00Z","lines":[{"quantity":1,"unitPrice":9}]},{"customerId":{{ann}},"orderedAt":"1998-06-30T10:00:00Z","lines":[{"quantity":1,"unitPrice":-9}]}]}""";
        using (var mixed = await server.SendAsync(HttpMethod.Post, "/api/orders/batch", batch))
        {
            Assert.Equal(HttpStatusCode.OK, mixed.StatusCode);
            var r = await mixed.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(1, r.GetProperty("written").GetArrayLength());
            Assert.Equal((1, "lines[0].unitPrice"), (r.GetProperty("rejected")[0].GetProperty("index").GetInt32(), r.GetProperty("rejected")[0].GetProperty("field").GetString()));
        }
        using (var empty = await server.SendAsync(HttpMethod.Post, "/api/orders/batch", """{"items":[]}"""))
        {
            Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        }
    }

    static async Task Rescores(DatabaseProvider provider)
    {
        await using var server = await RecordServer.StartAsync(provider, new FixedTime(Now));
        var database = server.Factory.Database;
        await new FileImporter(database).ImportAsync(ImportKind.Orders, SharedData.PathOf("cdnow/CDNOW_sample.txt"),
            new FileImportOptions { CreateMissingCustomers = true, Map = ["customer-id=2", "ordered-at=3:yyyyMMdd", "quantity=4", "line-total=5"] });
        var fit = new FitClv(database, TimeProvider.System);
        await fit.ExecuteAsync(ClvModelKind.BgNbd, new DateOnly(1997, 9, 30));
        await fit.ExecuteAsync(ClvModelKind.GammaGamma, new DateOnly(1997, 9, 30));
        await new ScoreClv(database).ExecuteAsync(new ClvScoreRequest(Margin: 0.3, Draws: 50));
        long customer;
        await using (var db = server.Db())
        {
            customer = db.Customers.OrderBy(c => c.Id).Select(c => c.Id).First();
        }
        static Dictionary<string, (double? Value, string AsOf)> Scores(JsonElement view) =>
            view.GetProperty("scores").EnumerateArray().ToDictionary(s => s.GetProperty("metric").GetString()!,
                s => (s.GetProperty("value").ValueKind == JsonValueKind.Number ? s.GetProperty("value").GetDouble() : (double?)null, s.GetProperty("asOf").GetString()!), StringComparer.Ordinal);
        var before = Scores(await server.Client.GetFromJsonAsync<JsonElement>(new Uri($"/api/customers/{customer}/360", UriKind.Relative)));

        using var posted = await server.SendAsync(HttpMethod.Post, "/api/orders",
            $$"""{"customerId":{{customer}},"orderedAt":"1998-07-01T09:30:00Z","currency":"USD","lines":[{"quantity":3,"unitPrice":20}]}""");
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        Assert.Equal(1, (await posted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rescored").GetProperty("customers").GetInt32());

        var after = Scores(await server.Client.GetFromJsonAsync<JsonElement>(new Uri($"/api/customers/{customer}/360", UriKind.Relative)));
        foreach (var metric in new[] { "clv_p_alive", "clv_expected_purchases", "clv" })
        {
            Assert.Equal("1998-07-01", after[metric].AsOf);
            Assert.NotEqual(before[metric].Value, after[metric].Value);
        }
        Assert.Equal("1998-06-30", before["clv"].AsOf);
    }
}
