using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Valora.Data;
using Valora.Data.Scores;
using Valora.Domain.Customers;
using Valora.Domain.Scores;
using Valora.Domain.Tickets;
using Valora.Server.Tests.Support;
using Valora.TestSupport;

namespace Valora.Server.Tests.Api.Records;

/// <summary>
/// Interactions and follow-ups through HTTP on both databases, on a fixed clock (2024-06-10 12:00 UTC). Ann has an
/// open complaint, Eve a resolved one; the latest churn run puts Bob (0.9) and Cal (0.7) in the high tier and Dee in
/// the low one (an older run called Dee high: it no longer counts).
/// </summary>
public sealed class InteractionsApiTests
{
    static readonly DateTimeOffset Now = new(2024, 6, 10, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public Task Interactions_OnSqlite_LogTimelineAndRefuseBadInput() => Interactions(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Interactions_OnPostgres_LogTimelineAndRefuseBadInput() => Interactions(DatabaseProvider.Postgres);

    [Fact]
    public Task FollowUps_OnSqlite_OverdueAndSuggested() => FollowUps(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task FollowUps_OnPostgres_OverdueAndSuggested() => FollowUps(DatabaseProvider.Postgres);

    static async Task<Dictionary<string, long>> SeedAsync(RecordServer server)
    {
        await using var db = server.Db();
        var ids = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var name in new[] { "Ann", "Bob", "Cal", "Dee", "Eve" })
        {
            var c = new Customer { ExternalId = name.ToUpperInvariant(), Name = name };
            db.Customers.Add(c);
            await db.SaveChangesAsync();
            ids[name] = c.Id;
        }
        db.Tickets.AddRange(
            new Ticket { ExternalId = "T1", CustomerId = ids["Ann"], Kind = TicketKind.Complaint, Status = TicketStatus.Open, OpenedAt = Now.UtcDateTime.AddDays(-2) },
            new Ticket { ExternalId = "T2", CustomerId = ids["Eve"], Kind = TicketKind.Complaint, Status = TicketStatus.Resolved,
                OpenedAt = Now.UtcDateTime.AddDays(-9), ResolvedAt = Now.UtcDateTime.AddDays(-8) },
            new Ticket { ExternalId = "T3", CustomerId = ids["Dee"], Kind = TicketKind.Inquiry, Status = TicketStatus.Open, OpenedAt = Now.UtcDateTime.AddDays(-1) });
        var old = new DateOnly(2024, 1, 1);
        var latest = new DateOnly(2024, 6, 1);
        db.AnalysisRuns.AddRange(Run(old), Run(latest));
        await db.SaveChangesAsync();
        db.CustomerScores.AddRange(
            Score(ids["Dee"], Metrics.Churn.Tier, null, "high", old),
            Score(ids["Dee"], Metrics.Churn.Probability, 0.95, null, old),
            Score(ids["Dee"], Metrics.Churn.Tier, null, "low", latest),
            Score(ids["Dee"], Metrics.Churn.Probability, 0.1, null, latest),
            Score(ids["Bob"], Metrics.Churn.Tier, null, "high", latest),
            Score(ids["Bob"], Metrics.Churn.Probability, 0.9, null, latest),
            Score(ids["Bob"], Metrics.Churn.Reasons, null, "no order for 200 days", latest),
            Score(ids["Cal"], Metrics.Churn.Tier, null, "high", latest),
            Score(ids["Cal"], Metrics.Churn.Probability, 0.7, null, latest));
        await db.SaveChangesAsync();
        return ids;
    }

    static async Task Interactions(DatabaseProvider provider)
    {
        await using var server = await RecordServer.StartAsync(provider, new FixedTimeProvider(Now));
        var ids = await SeedAsync(server);
        var url = $"/api/customers/{ids["Ann"]}/interactions";
        var call = """{"channel":"phone","direction":"outbound","occurredAt":"2024-06-09T09:30:00Z","subject":"Complaint","text":"Called about the late parcel","outcome":"call back","responded":true}""";

        using var logged = await server.SendAsync(HttpMethod.Post, url, call, headers: ("Idempotency-Key", "call-1"));
        Assert.Equal(HttpStatusCode.Created, logged.StatusCode);
        var body = await logged.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("phone", "outbound", "call back"), (body.GetProperty("channel").GetString(), body.GetProperty("direction").GetString(), body.GetProperty("outcome").GetString()));
        Assert.Equal(new DateTime(2024, 6, 9, 9, 30, 0, DateTimeKind.Utc), body.GetProperty("occurredAt").GetDateTime().ToUniversalTime());
        var once = await server.CountRowsAsync();

        using (var repeat = await server.SendAsync(HttpMethod.Post, url, call, headers: ("Idempotency-Key", "call-1")))
        {
            Assert.Equal(HttpStatusCode.Created, repeat.StatusCode);
            Assert.Equal(body.GetProperty("id").GetInt64(), (await repeat.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64());
        }
        using (var reused = await server.SendAsync(HttpMethod.Post, url, call.Replace("phone", "sms", StringComparison.Ordinal), headers: ("Idempotency-Key", "call-1")))
        {
            Assert.Equal(HttpStatusCode.Conflict, reused.StatusCode);
        }
        foreach (var (json, field) in new[]
        {
            ("""{"channel":"fax","direction":"inbound","occurredAt":"2024-06-09T09:30:00Z"}""", "channel"),
            ("""{"channel":"1","direction":"inbound","occurredAt":"2024-06-09T09:30:00Z"}""", "channel"),
            ("""{"channel":"email","occurredAt":"2024-06-09T09:30:00Z"}""", "direction"),
            ("""{"channel":"email","direction":"inbound"}""", "occurredAt"),
            ("""{"channel":"email","direction":"inbound","occurredAt":"2030-01-01T00:00:00Z"}""", "occurredAt"),
            ("{\"channel\":\"chat\",\"direction\":\"inbound\",\"occurredAt\":\"2024-06-09T09:30:00Z\",\"text\":\"" + new string('t', 10_001) + "\"}", "text"),
        })
        {
            using var bad = await server.SendAsync(HttpMethod.Post, url, json);
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            var problem = await bad.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{json[..Math.Min(json.Length, 80)]}: {problem}");
        }
        foreach (var json in new[] { "{", "[]", """{"channel":"email","direction":"inbound","occurredAt":"yesterday"}""", """{"channel":"email","direction":"inbound","occurredAt":"2024-06-09T09:30:00Z","responded":"yes"}""" })
        {
            using var malformed = await server.SendAsync(HttpMethod.Post, url, json);
            Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        }
        using (var unknown = await server.SendAsync(HttpMethod.Post, "/api/customers/987654/interactions", call))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }
        Assert.Equal(once, await server.CountRowsAsync());

        // The timeline: newest first (an offset time is converted to UTC), the total, a limit.
        using (var visit = await server.SendAsync(HttpMethod.Post, url, """{"channel":"visit","direction":"inbound","occurredAt":"2024-06-10T10:00:00+02:00","outcome":"bought"}"""))
        {
            Assert.Equal(HttpStatusCode.Created, visit.StatusCode);
        }
        var timeline = await server.Client.GetFromJsonAsync<JsonElement>(new Uri(url, UriKind.Relative));
        Assert.Equal(2, timeline.GetProperty("total").GetInt32());
        Assert.Equal(["visit", "phone"], timeline.GetProperty("interactions").EnumerateArray().Select(i => i.GetProperty("channel").GetString()));
        Assert.Equal(new DateTime(2024, 6, 10, 8, 0, 0, DateTimeKind.Utc),
            timeline.GetProperty("interactions")[0].GetProperty("occurredAt").GetDateTime().ToUniversalTime());
        var limited = await server.Client.GetFromJsonAsync<JsonElement>(new Uri(url + "?limit=1", UriKind.Relative));
        Assert.Equal(1, limited.GetProperty("interactions").GetArrayLength());
        using (var missing = await server.Client.GetAsync(new Uri("/api/customers/987654/interactions", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }
        using (var zero = await server.Client.GetAsync(new Uri(url + "?limit=0", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, zero.StatusCode);
        }
        var bob = await server.Client.GetFromJsonAsync<JsonElement>(new Uri($"/api/customers/{ids["Bob"]}/interactions", UriKind.Relative));
        Assert.Equal(0, bob.GetProperty("total").GetInt32());
    }

    static async Task FollowUps(DatabaseProvider provider)
    {
        await using var server = await RecordServer.StartAsync(provider, new FixedTimeProvider(Now));
        var ids = await SeedAsync(server);

        // Ann's open complaint first, then high churn risk by probability; not Dee (low in the latest run), not Eve.
        var suggested = await SuggestedAsync(server);
        Assert.Equal([ids["Ann"], ids["Bob"], ids["Cal"]], suggested.Select(s => s.GetProperty("customerId").GetInt64()));
        Assert.Equal("openComplaint", suggested[0].GetProperty("reasons")[0].GetProperty("kind").GetString());
        Assert.Equal("2024-06-10", suggested[0].GetProperty("suggestedDueOn").GetString());
        Assert.Equal(0.9, suggested[1].GetProperty("churnProbability").GetDouble());
        Assert.Contains("no order for 200 days", suggested[1].GetProperty("reasons")[0].GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("2024-06-13", suggested[1].GetProperty("suggestedDueOn").GetString());

        using var interaction = await server.SendAsync(HttpMethod.Post, $"/api/customers/{ids["Ann"]}/interactions",
            """{"channel":"email","direction":"inbound","occurredAt":"2024-06-08T08:00:00Z","subject":"Where is my parcel?"}""");
        var interactionId = (await interaction.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var annTask = $$"""{"customerId":{{ids["Ann"]}},"title":"Call back","owner":"sam","dueOn":"2024-06-20","interactionId":{{interactionId}}}""";
        using var created = await server.SendAsync(HttpMethod.Post, "/api/followups", annTask, headers: ("Idempotency-Key", "ann-task"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var annTaskId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        using var calCreated = await server.SendAsync(HttpMethod.Post, "/api/followups",
            $$"""{"customerId":{{ids["Cal"]}},"title":"Retention offer","owner":"kim","dueOn":"2024-06-01"}""");
        var calTask = await calCreated.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(calTask.GetProperty("overdue").GetBoolean());
        var counts = await server.CountRowsAsync();

        // A repeat, bad input, unknown ids: nothing more is written.
        using (var repeat = await server.SendAsync(HttpMethod.Post, "/api/followups", annTask, headers: ("Idempotency-Key", "ann-task")))
        {
            Assert.Equal(HttpStatusCode.Created, repeat.StatusCode);
            Assert.Equal(annTaskId, (await repeat.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64());
        }
        foreach (var (json, field) in new[]
        {
            ($$"""{"customerId":{{ids["Ann"]}},"title":"x","dueOn":"2024-06-20"}""", "owner"),
            ($$"""{"customerId":{{ids["Ann"]}},"title":"x","owner":"sam"}""", "dueOn"),
            ("""{"title":"x","owner":"sam","dueOn":"2024-06-20"}""", "customerId"),
            ($$"""{"customerId":{{ids["Ann"]}},"title":" ","owner":"sam","dueOn":"2024-06-20"}""", "title"),
        })
        {
            using var bad = await server.SendAsync(HttpMethod.Post, "/api/followups", json);
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.True((await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _), json);
        }
        foreach (var json in new[] { "{", """{"customerId":"ann","title":"x","owner":"sam","dueOn":"2024-06-20"}""", """{"customerId":1,"title":"x","owner":"sam","dueOn":"soon"}""" })
        {
            using var malformed = await server.SendAsync(HttpMethod.Post, "/api/followups", json);
            Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        }
        using (var unknownCustomer = await server.SendAsync(HttpMethod.Post, "/api/followups", """{"customerId":987654,"title":"x","owner":"sam","dueOn":"2024-06-20"}"""))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknownCustomer.StatusCode);
        }
        using (var otherInteraction = await server.SendAsync(HttpMethod.Post, "/api/followups",
            $$"""{"customerId":{{ids["Bob"]}},"title":"x","owner":"sam","dueOn":"2024-06-20","interactionId":{{interactionId}}}"""))
        {
            Assert.Equal(HttpStatusCode.NotFound, otherInteraction.StatusCode);
        }
        Assert.Equal(counts, await server.CountRowsAsync());

        // Lists: overdue (Cal's, due 2024-06-01), by owner, by status; suggestions leave out customers with an open task.
        Assert.Equal([calTask.GetProperty("id").GetInt64()], await TaskIdsAsync(server, "overdue=true"));
        Assert.Equal([annTaskId], await TaskIdsAsync(server, "owner=sam"));
        Assert.Equal([calTask.GetProperty("id").GetInt64(), annTaskId], await TaskIdsAsync(server, "status=open"));
        Assert.Empty(await TaskIdsAsync(server, "status=done"));
        using (var badStatus = await server.Client.GetAsync(new Uri("/api/followups?status=finished", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, badStatus.StatusCode);
        }
        Assert.Equal([ids["Bob"]], (await SuggestedAsync(server)).Select(s => s.GetProperty("customerId").GetInt64()));

        // Closing Cal's task: no longer overdue, stamped, and Cal is suggested again.
        var calUrl = $"/api/followups/{calTask.GetProperty("id").GetInt64()}";
        foreach (var (json, field) in new[] { ("{}", "body"), ("""{"status":"finished"}""", "status"), ("""{"owner":"  "}""", "owner") })
        {
            using var bad = await server.SendAsync(HttpMethod.Patch, calUrl, json);
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.True((await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _), json);
        }
        using (var unknownTask = await server.SendAsync(HttpMethod.Patch, "/api/followups/987654", """{"status":"done"}"""))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknownTask.StatusCode);
        }
        using (var wrongType = await server.SendAsync(HttpMethod.Patch, calUrl, """{"dueOn":42}"""))
        {
            Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);
        }
        Assert.Equal([calTask.GetProperty("id").GetInt64()], await TaskIdsAsync(server, "overdue=true"));
        using var done = await server.SendAsync(HttpMethod.Patch, calUrl, """{"status":"done"}""");
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        var closed = await done.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("done", false), (closed.GetProperty("status").GetString(), closed.GetProperty("overdue").GetBoolean()));
        Assert.Equal(Now.UtcDateTime, closed.GetProperty("closedAt").GetDateTime().ToUniversalTime());
        Assert.Empty(await TaskIdsAsync(server, "overdue=true"));
        Assert.Equal([ids["Bob"], ids["Cal"]], (await SuggestedAsync(server)).Select(s => s.GetProperty("customerId").GetInt64()));

        // Ann's timeline carries her task.
        var timeline = await server.Client.GetFromJsonAsync<JsonElement>(new Uri($"/api/customers/{ids["Ann"]}/interactions", UriKind.Relative));
        Assert.Equal([annTaskId], timeline.GetProperty("followUps").EnumerateArray().Select(f => f.GetProperty("id").GetInt64()));
    }

    static async Task<long[]> TaskIdsAsync(RecordServer server, string query) =>
        [.. (await server.Client.GetFromJsonAsync<JsonElement>(new Uri("/api/followups?" + query, UriKind.Relative)))
            .EnumerateArray().Select(f => f.GetProperty("id").GetInt64())];

    static async Task<List<JsonElement>> SuggestedAsync(RecordServer server) =>
        [.. (await server.Client.GetFromJsonAsync<JsonElement>(new Uri("/api/followups/suggested", UriKind.Relative)))
            .GetProperty("suggestions").EnumerateArray()];

    static AnalysisRun Run(DateOnly asOf) =>
        new() { Model = Metrics.Churn.Model, Version = "churn-v1", AsOf = asOf, RanAt = Now.UtcDateTime, ParametersJson = "{}", SummaryJson = "{}" };

    static CustomerScore Score(long customer, ScoreMetric metric, double? value, string? label, DateOnly asOf) =>
        new() { CustomerId = customer, Metric = metric.Name, Value = value, Label = label, AsOf = asOf, ModelVersion = "churn-v1" };
}
