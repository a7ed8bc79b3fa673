using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Valora.Data;
using Valora.Domain.Customers;
using Valora.TestSupport;

namespace Valora.Server.Tests.Api.Records;

/// <summary>
/// The sales pipeline through HTTP on both databases, on a clock the test moves: deals created and moved, bad input
/// refused with nothing written, history, and the report before and after a deal is won, worked by hand.
/// </summary>
public sealed class PipelineApiTests
{
    /// <summary>A clock the test sets.</summary>
    sealed class ManualTime(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    static readonly DateTimeOffset Start = new(2024, 6, 10, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public Task Pipeline_OnSqlite_RecordsDealsAndReportsThem() => Pipeline(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Pipeline_OnPostgres_RecordsDealsAndReportsThem() => Pipeline(DatabaseProvider.Postgres);

    [Fact]
    public async Task Stages_AreTheDefaultsUnlessConfigured()
    {
        var settings = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Valora:Pipeline:Stages:Proposal:Label"] = "Quote sent", ["Valora:Pipeline:Stages:Proposal:Probability"] = "0.4",
        };
        await using var server = await RecordServer.StartAsync(DatabaseProvider.Sqlite, settings: settings);
        var stages = await server.Client.GetFromJsonAsync<JsonElement>(new Uri("/api/pipeline/stages", UriKind.Relative));
        Assert.Equal(
            [("prospecting", "Prospecting", 0.1, false), ("qualification", "Qualification", 0.25, false), ("proposal", "Quote sent", 0.4, false),
             ("negotiation", "Negotiation", 0.75, false), ("won", "Won", 1, true), ("lost", "Lost", 0, true)],
            stages.EnumerateArray().Select(s => (s.GetProperty("stage").GetString(), s.GetProperty("label").GetString(),
                s.GetProperty("probability").GetDouble(), s.GetProperty("closed").GetBoolean())));
    }

    static async Task Pipeline(DatabaseProvider provider)
    {
        var clock = new ManualTime(Start);
        await using var server = await RecordServer.StartAsync(provider, clock);
        long customer;
        await using (var db = server.Db())
        {
            var c = new Customer { ExternalId = "ANN", Name = "Ann Lee" };
            db.Customers.Add(c);
            await db.SaveChangesAsync();
            customer = c.Id;
        }
        var renewal = $$"""{"customerId":{{customer}},"name":"Renewal","amount":4000,"stage":"proposal","expectedClose":"2024-07-15","owner":"sam"}""";
        using var created = await server.SendAsync(HttpMethod.Post, "/api/opportunities", renewal, headers: ("Idempotency-Key", "o-1"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var deal = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = deal.GetProperty("id").GetInt64();
        Assert.Equal($"/api/opportunities/{id}", created.Headers.Location!.OriginalString);
        Assert.Equal(("proposal", 0.5, 2000.0, "Ann Lee"), (deal.GetProperty("stage").GetString(), deal.GetProperty("probability").GetDouble(),
            deal.GetProperty("weighted").GetDouble(), deal.GetProperty("customerName").GetString()));
        using (var repeat = await server.SendAsync(HttpMethod.Post, "/api/opportunities", renewal, headers: ("Idempotency-Key", "o-1")))
        {
            Assert.Equal(id, (await repeat.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64());
        }
        using (var second = await server.SendAsync(HttpMethod.Post, "/api/opportunities",
            $$"""{"customerId":{{customer}},"name":"Upsell","amount":1000,"probability":0.3}"""))
        {
            Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        }
        var counts = await server.CountRowsAsync();
        Assert.Equal((2, 2), (counts["Opportunities"], counts["OpportunityEvents"]));

        // Bad input: each refused with the field named, nothing written.
        foreach (var (json, field) in new[]
        {
            ($$"""{"customerId":{{customer}},"name":"X","amount":-1}""", "amount"),
            ($$"""{"customerId":{{customer}},"name":"X","amount":1,"stage":"closing"}""", "stage"),
            ($$"""{"customerId":{{customer}},"name":"X","amount":1,"probability":2}""", "probability"),
            ($$"""{"customerId":{{customer}},"amount":1}""", "name"),
        })
        {
            using var bad = await server.SendAsync(HttpMethod.Post, "/api/opportunities", json);
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.True((await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _), json);
        }
        using (var malformed = await server.SendAsync(HttpMethod.Post, "/api/opportunities", """{"customerId":"x",""" ))
        {
            Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        }
        using (var unknownCustomer = await server.SendAsync(HttpMethod.Post, "/api/opportunities", """{"customerId":987654,"name":"X","amount":1}"""))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknownCustomer.StatusCode);
        }
        using (var reused = await server.SendAsync(HttpMethod.Post, "/api/opportunities", renewal.Replace("4000", "5000", StringComparison.Ordinal), headers: ("Idempotency-Key", "o-1")))
        {
            Assert.Equal(HttpStatusCode.Conflict, reused.StatusCode);
        }
        using (var empty = await server.SendAsync(HttpMethod.Patch, $"/api/opportunities/{id}", "{}"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        }
        using (var unknown = await server.SendAsync(HttpMethod.Patch, "/api/opportunities/987654", """{"stage":"won"}"""))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }
        using (var badPeriod = await server.SendAsync(HttpMethod.Get, "/api/pipeline/report?period=week"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, badPeriod.StatusCode);
        }
        using (var badStale = await server.SendAsync(HttpMethod.Get, "/api/pipeline/report?staleDays=0"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, badStale.StatusCode);
        }
        Assert.Equal(counts, await server.CountRowsAsync());

        // On 10 June: open 4000 × 0.5 (July) + 1000 × 0.3 (unscheduled) = 2300 weighted.
        var june = await server.Client.GetFromJsonAsync<JsonElement>(new Uri("/api/pipeline/report", UriKind.Relative));
        Assert.Equal((2, 5000.0, 2300.0), (june.GetProperty("openDeals").GetInt32(), june.GetProperty("openAmount").GetDouble(), june.GetProperty("weighted").GetDouble()));
        Assert.Equal([("2024-07", 2000.0), ("unscheduled", 300.0)],
            june.GetProperty("forecast").EnumerateArray().Select(f => (f.GetProperty("period").GetString(), f.GetProperty("weighted").GetDouble())));

        // Won on 30 June, 20 days after it opened.
        clock.Now = Start.AddDays(20);
        using (var won = await server.SendAsync(HttpMethod.Patch, $"/api/opportunities/{id}", """{"stage":"won","note":"Signed"}"""))
        {
            Assert.Equal(HttpStatusCode.OK, won.StatusCode);
            var detail = await won.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(("won", 1.0), (detail.GetProperty("opportunity").GetProperty("stage").GetString(), detail.GetProperty("opportunity").GetProperty("probability").GetDouble()));
            Assert.Equal(["created", "stage", "probability"], detail.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("kind").GetString()));
            Assert.Equal("Signed", detail.GetProperty("history")[2].GetProperty("note").GetString());
        }
        var july = await server.Client.GetFromJsonAsync<JsonElement>(new Uri("/api/pipeline/report?staleDays=10", UriKind.Relative));
        Assert.Equal((1, 300.0), (july.GetProperty("openDeals").GetInt32(), july.GetProperty("weighted").GetDouble()));
        Assert.Equal((1, 0, 20.0), (july.GetProperty("winRate").GetProperty("won").GetInt32(), july.GetProperty("winRate").GetProperty("lost").GetInt32(),
            july.GetProperty("meanCycleDays").GetDouble()));
        Assert.Equal(["Upsell"], july.GetProperty("stale").EnumerateArray().Select(s => s.GetProperty("name").GetString()));
        // The same report as of 10 June still shows the deal open.
        var asOf = await server.Client.GetFromJsonAsync<JsonElement>(new Uri("/api/pipeline/report?asOf=2024-06-10", UriKind.Relative));
        Assert.Equal(2300.0, asOf.GetProperty("weighted").GetDouble());

        var open = await server.Client.GetFromJsonAsync<JsonElement>(new Uri("/api/opportunities?openOnly=true", UriKind.Relative));
        Assert.Equal(["Upsell"], open.EnumerateArray().Select(o => o.GetProperty("name").GetString()));
        var one = await server.Client.GetFromJsonAsync<JsonElement>(new Uri($"/api/opportunities/{id}", UriKind.Relative));
        Assert.Equal(3, one.GetProperty("history").GetArrayLength());
        using (var missing = await server.SendAsync(HttpMethod.Get, "/api/opportunities/987654"))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }
    }
}
