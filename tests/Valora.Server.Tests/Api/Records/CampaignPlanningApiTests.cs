using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Valora.Data;
using Valora.Domain.Customers;
using Valora.Domain.Sales;
using Valora.TestSupport;

namespace Valora.Server.Tests.Api.Records;

/// <summary>
/// A campaign planned, recorded, attributed and measured through HTTP on both databases: bad plans refused with the
/// field named and nothing written, the control group of the requested share, outcome batches with bad items reported,
/// and results from the attributed purchases.
/// </summary>
public sealed class CampaignPlanningApiTests
{
    [Fact]
    public Task Campaign_OnSqlite_IsPlannedRecordedAndMeasured() => Campaign(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Campaign_OnPostgres_IsPlannedRecordedAndMeasured() => Campaign(DatabaseProvider.Postgres);

    static async Task Campaign(DatabaseProvider provider)
    {
        await using var server = await RecordServer.StartAsync(provider);
        long[] ids;
        await using (var db = server.Db())
        {
            var customers = Enumerable.Range(1, 20).Select(i => new Customer { ExternalId = $"C{i}", Name = $"Customer {i}", Country = "FR", SmsConsent = i <= 18 }).ToList();
            db.Customers.AddRange(customers);
            await db.SaveChangesAsync();
            ids = [.. customers.Select(c => c.Id)];
        }
        var counts = await server.CountRowsAsync();
        foreach (var (json, field) in new[]
        {
            ("""{"name":"X","channel":"sms","rule":"country = 'FR'"}""", "startsOn"),
            ("""{"name":"X","channel":"fax","rule":"country = 'FR'","startsOn":"2024-03-01"}""", "channel"),
            ("""{"name":"X","channel":"sms","rule":"country = ","startsOn":"2024-03-01"}""", "rule"),
            ("""{"name":"X","channel":"sms","rule":"country = 'FR'","startsOn":"2024-03-01","controlShare":0}""", "controlShare"),
        })
        {
            using var bad = await server.SendAsync(HttpMethod.Post, "/api/campaigns", json);
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.True((await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _), json);
        }
        using (var noSegment = await server.SendAsync(HttpMethod.Post, "/api/campaigns", """{"name":"X","channel":"sms","segment":"Nobody","startsOn":"2024-03-01"}"""))
        {
            Assert.Equal(HttpStatusCode.NotFound, noSegment.StatusCode);
        }
        Assert.Equal(counts, await server.CountRowsAsync());

        // 20 French customers, 18 consent to SMS: a quarter of 18 is 4.5, so 5 held out and 13 contacted.
        var plan = """{"id":"x","name":"Spring SMS","channel":"sms","rule":"country = 'FR'","budget":90,"startsOn":"2024-03-01","controlShare":0.25,"seed":7,"externalId":"spring"}""";
        using (var unknownField = await server.SendAsync(HttpMethod.Post, "/api/campaigns", plan))
        {
            Assert.Equal(HttpStatusCode.BadRequest, unknownField.StatusCode);
        }
        plan = plan.Replace("\"id\":\"x\",", "", StringComparison.Ordinal);
        using var created = await server.SendAsync(HttpMethod.Post, "/api/campaigns", plan, headers: ("Idempotency-Key", "c-1"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var planned = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((20, 2, 13, 5, 7), (planned.GetProperty("targeted").GetInt32(), planned.GetProperty("withoutConsent").GetInt32(),
            planned.GetProperty("contacted").GetInt32(), planned.GetProperty("control").GetInt32(), planned.GetProperty("seed").GetInt32()));
        using (var repeat = await server.SendAsync(HttpMethod.Post, "/api/campaigns", plan, headers: ("Idempotency-Key", "c-1")))
        {
            Assert.Equal("spring", (await repeat.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString());
        }
        using (var duplicate = await server.SendAsync(HttpMethod.Post, "/api/campaigns", plan))
        {
            Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        }
        var control = (await server.Client.GetFromJsonAsync<JsonElement>(new Uri("/api/campaigns/spring/members?group=control", UriKind.Relative)))
            .EnumerateArray().Select(m => m.GetProperty("customerId").GetInt64()).ToList();
        var contacted = (await server.Client.GetFromJsonAsync<JsonElement>(new Uri("/api/campaigns/spring/members?group=contacted", UriKind.Relative)))
            .EnumerateArray().Select(m => m.GetProperty("customerId").GetInt64()).ToList();
        Assert.Equal((5, 13), (control.Count, contacted.Count));
        Assert.Empty(control.Intersect(contacted));
        Assert.DoesNotContain(ids[18], control.Concat(contacted));   // C19 and C20 gave no SMS consent
        using (var badGroup = await server.SendAsync(HttpMethod.Get, "/api/campaigns/spring/members?group=all"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, badGroup.StatusCode);
        }

        // Outcomes: a send and a response for a contacted member; a send to a control member is refused.
        var batch = $$"""{"items":[{"customerId":{{contacted[0]}},"sentAt":"2024-03-01T08:00:00Z","respondedAt":"2024-03-01T10:00:00Z"},{"customerId":{{control[0]}},"sentAt":"2024-03-01T08:00:00Z"}]}""";
        using (var recorded = await server.SendAsync(HttpMethod.Post, "/api/campaigns/spring/outcomes", batch))
        {
            Assert.Equal(HttpStatusCode.OK, recorded.StatusCode);
            var r = await recorded.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(1, r.GetProperty("applied").GetInt32());
            Assert.Equal((1, "sentAt"), (r.GetProperty("rejected")[0].GetProperty("index").GetInt32(), r.GetProperty("rejected")[0].GetProperty("field").GetString()));
        }
        using (var emptyBatch = await server.SendAsync(HttpMethod.Post, "/api/campaigns/spring/outcomes", """{"items":[]}"""))
        {
            Assert.Equal(HttpStatusCode.BadRequest, emptyBatch.StatusCode);
        }

        // Two contacted members and one control member buy in the window.
        await using (var db = server.Db())
        {
            Order Bought(long customer, string id, decimal total) => new()
            {
                ExternalId = id, CustomerId = customer, OrderedAt = new DateTime(2024, 3, 10, 12, 0, 0, DateTimeKind.Utc), Currency = "EUR",
                Lines = [new OrderLine { LineNumber = 1, Quantity = 1, UnitPrice = total, LineTotal = total }],
            };
            db.Orders.AddRange(Bought(contacted[0], "O1", 30), Bought(contacted[1], "O2", 20), Bought(control[0], "O3", 10));
            await db.SaveChangesAsync();
        }
        using (var badWindow = await server.SendAsync(HttpMethod.Post, "/api/campaigns/spring/attribute", """{"windowDays":0}"""))
        {
            Assert.Equal(HttpStatusCode.BadRequest, badWindow.StatusCode);
        }
        using (var unknown = await server.SendAsync(HttpMethod.Post, "/api/campaigns/nope/attribute", """{"windowDays":30}"""))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }
        using (var attributed = await server.SendAsync(HttpMethod.Post, "/api/campaigns/spring/attribute", """{"windowDays":30}"""))
        {
            Assert.Equal(HttpStatusCode.OK, attributed.StatusCode);
            var a = await attributed.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal((2, 1, 50.0, 10.0), (a.GetProperty("contactedConverted").GetInt32(), a.GetProperty("controlConverted").GetInt32(),
                a.GetProperty("contactedRevenue").GetDouble(), a.GetProperty("controlRevenue").GetDouble()));
        }
        var results = await server.Client.GetFromJsonAsync<JsonElement>(new Uri("/api/campaigns/spring/results", UriKind.Relative));
        var f = results.GetProperty("results");
        // Conversion 2/13 against 1/5; revenue per member 50/13 against 10/5; response 1/13 against 0/5.
        Assert.Equal(2.0 / 13 - 1.0 / 5, f.GetProperty("conversionUplift").GetProperty("difference").GetDouble(), 12);
        Assert.Equal(50.0 / 13 - 10.0 / 5, f.GetProperty("revenueUplift").GetProperty("difference").GetDouble(), 12);
        Assert.Equal(1.0 / 13, f.GetProperty("responseUplift").GetProperty("difference").GetDouble(), 12);
    }
}
