using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Valora.Data;
using Valora.Domain.Customers;
using Valora.TestSupport;

namespace Valora.Server.Tests.Api.Records;

/// <summary>
/// Service tickets through HTTP on both databases, on a clock the test moves: the status flow (illegal moves refused
/// with from → to, nothing written), history, assignee, and SLA clocks against the default targets worked by hand.
/// </summary>
public sealed class TicketsApiTests
{
    /// <summary>A clock the test sets.</summary>
    sealed class ManualTime(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    static readonly DateTimeOffset Start = new(2024, 6, 10, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public Task Tickets_OnSqlite_FollowTheFlowAndTheirSla() => Tickets(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Tickets_OnPostgres_FollowTheFlowAndTheirSla() => Tickets(DatabaseProvider.Postgres);

    [Fact]
    public async Task SlaTargets_AreTheDefaultsUnlessConfigured()
    {
        await using (var server = await RecordServer.StartAsync(DatabaseProvider.Sqlite))
        {
            var targets = await server.Client.GetFromJsonAsync<JsonElement>(new Uri("/api/tickets/sla", UriKind.Relative));
            Assert.Equal([("urgent", 1.0, 4.0), ("high", 4, 24), ("normal", 8, 72), ("low", 24, 168)], targets.EnumerateArray().Select(t =>
                (t.GetProperty("priority").GetString(), t.GetProperty("firstResponseHours").GetDouble(), t.GetProperty("resolutionHours").GetDouble())));
        }
        var settings = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Valora:Tickets:Sla:Normal:FirstResponse"] = "02:00:00", ["Valora:Tickets:Sla:Normal:Resolution"] = "1.00:00:00",
        };
        await using (var configured = await RecordServer.StartAsync(DatabaseProvider.Sqlite, settings: settings))
        {
            var targets = await configured.Client.GetFromJsonAsync<JsonElement>(new Uri("/api/tickets/sla", UriKind.Relative));
            var normal = targets.EnumerateArray().Single(t => t.GetProperty("priority").GetString() == "normal");
            Assert.Equal((2.0, 24.0), (normal.GetProperty("firstResponseHours").GetDouble(), normal.GetProperty("resolutionHours").GetDouble()));
        }
    }

    static async Task Tickets(DatabaseProvider provider)
    {
        var clock = new ManualTime(Start);
        await using var server = await RecordServer.StartAsync(provider, clock);
        long customer;
        await using (var db = server.Db())
        {
            var c = new Customer { ExternalId = "ANN", Name = "Ann" };
            db.Customers.Add(c);
            await db.SaveChangesAsync();
            customer = c.Id;
        }
        var complaint = $$"""{"customerId":{{customer}},"kind":"complaint","priority":"high","subject":"Parcel never arrived","assignee":"sam"}""";

        // Opened at 08:00, high priority: first response due 12:00 (4 h), resolution due 08:00 the next day (24 h).
        using var created = await server.SendAsync(HttpMethod.Post, "/api/tickets", complaint, headers: ("Idempotency-Key", "t-1"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var ticket = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = ticket.GetProperty("id").GetInt64();
        Assert.Equal(("open", "high", "sam", "pending"), (ticket.GetProperty("status").GetString(), ticket.GetProperty("priority").GetString(),
            ticket.GetProperty("assignee").GetString(), ticket.GetProperty("sla").GetProperty("status").GetString()));
        Assert.Equal(new DateTime(2024, 6, 10, 12, 0, 0, DateTimeKind.Utc), Due(ticket, "firstResponse"));
        Assert.Equal(new DateTime(2024, 6, 11, 8, 0, 0, DateTimeKind.Utc), Due(ticket, "resolution"));
        Assert.Equal(["inProgress", "resolved"], ticket.GetProperty("nextStatuses").EnumerateArray().Select(s => s.GetString()));
        var counts = await server.CountRowsAsync();
        Assert.Equal((1, 2), (counts["Tickets"], counts["TicketEvents"]));

        // Repeats, bad input, unknown ids: nothing written.
        using (var repeat = await server.SendAsync(HttpMethod.Post, "/api/tickets", complaint, headers: ("Idempotency-Key", "t-1")))
        {
            Assert.Equal(HttpStatusCode.Created, repeat.StatusCode);
            Assert.Equal(id, (await repeat.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64());
        }
        using (var reused = await server.SendAsync(HttpMethod.Post, "/api/tickets", complaint.Replace("high", "low", StringComparison.Ordinal), headers: ("Idempotency-Key", "t-1")))
        {
            Assert.Equal(HttpStatusCode.Conflict, reused.StatusCode);
        }
        foreach (var (json, field) in new[]
        {
            ($$"""{"customerId":{{customer}},"kind":"bug","subject":"x"}""", "kind"),
            ($$"""{"customerId":{{customer}},"kind":"inquiry","priority":"p1","subject":"x"}""", "priority"),
            ($$"""{"customerId":{{customer}},"kind":"inquiry"}""", "subject"),
            ("""{"kind":"inquiry","subject":"x"}""", "customerId"),
        })
        {
            using var bad = await server.SendAsync(HttpMethod.Post, "/api/tickets", json);
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.True((await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _), json);
        }
        foreach (var json in new[] { "{", "[]", """{"customerId":"ann","kind":"inquiry","subject":"x"}""", """{"customerId":1,"kind":3,"subject":"x"}""" })
        {
            using var malformed = await server.SendAsync(HttpMethod.Post, "/api/tickets", json);
            Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        }
        using (var unknownCustomer = await server.SendAsync(HttpMethod.Post, "/api/tickets", """{"customerId":987654,"kind":"inquiry","subject":"x"}"""))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknownCustomer.StatusCode);
        }
        Assert.Equal(counts, await server.CountRowsAsync());

        // 10:30: the first response, 2.5 h after opening, within the 4 h target.
        clock.Now = Start.AddHours(2.5);
        using var responded = await server.SendAsync(HttpMethod.Post, $"/api/tickets/{id}/responses", """{"text":"Sorry, we are on it."}""");
        Assert.Equal(HttpStatusCode.OK, responded.StatusCode);
        var afterResponse = (await responded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ticket");
        var first = afterResponse.GetProperty("sla").GetProperty("firstResponse");
        Assert.Equal(("met", 2.5), (first.GetProperty("state").GetString(), first.GetProperty("hours").GetDouble()));

        // An illegal move is refused naming from → to, and nothing changes.
        var url = $"/api/tickets/{id}";
        counts = await server.CountRowsAsync();
        using (var illegal = await server.SendAsync(HttpMethod.Patch, url, """{"status":"closed"}"""))
        {
            Assert.Equal(HttpStatusCode.Conflict, illegal.StatusCode);
            var detail = (await illegal.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString();
            Assert.Contains("from open to closed", detail, StringComparison.Ordinal);
            Assert.Contains("inProgress or resolved", detail, StringComparison.Ordinal);
        }
        foreach (var (json, field) in new[] { ("{}", "body"), ("""{"status":"done"}""", "status"), ("""{"priority":"p0"}""", "priority") })
        {
            using var bad = await server.SendAsync(HttpMethod.Patch, url, json);
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.True((await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _), json);
        }
        using (var wrongType = await server.SendAsync(HttpMethod.Patch, url, """{"status":2}"""))
        {
            Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);
        }
        using (var unknown = await server.SendAsync(HttpMethod.Patch, "/api/tickets/987654", """{"status":"resolved"}"""))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }
        using (var unknownGet = await server.Client.GetAsync(new Uri("/api/tickets/987654", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknownGet.StatusCode);
        }
        Assert.Equal(counts, await server.CountRowsAsync());

        // 11:00: in progress with a note, reassigned, then raised to urgent (1 h / 4 h): the 2.5 h response is now late.
        clock.Now = Start.AddHours(3);
        using (var progress = await server.SendAsync(HttpMethod.Patch, url, """{"status":"in_progress","note":"Asked the carrier"}"""))
        {
            Assert.Equal(HttpStatusCode.OK, progress.StatusCode);
        }
        using (var reassigned = await server.SendAsync(HttpMethod.Patch, url, """{"assignee":"kim","priority":"urgent"}"""))
        {
            Assert.Equal(HttpStatusCode.OK, reassigned.StatusCode);
            var t = (await reassigned.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ticket");
            Assert.Equal(("kim", "urgent", "breached"), (t.GetProperty("assignee").GetString(), t.GetProperty("priority").GetString(),
                t.GetProperty("sla").GetProperty("firstResponse").GetProperty("state").GetString()));
            Assert.Equal("breached", t.GetProperty("sla").GetProperty("status").GetString());
        }

        // Next day 09:00: resolved 25 h after opening, past the 4 h target; then closed, which is final.
        clock.Now = Start.AddHours(25);
        using (var resolved = await server.SendAsync(HttpMethod.Patch, url, """{"status":"resolved"}"""))
        {
            var t = (await resolved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ticket");
            Assert.Equal(clock.Now.UtcDateTime, t.GetProperty("resolvedAt").GetDateTime().ToUniversalTime());
            var resolution = t.GetProperty("sla").GetProperty("resolution");
            Assert.Equal(("breached", 25.0), (resolution.GetProperty("state").GetString(), resolution.GetProperty("hours").GetDouble()));
        }
        using (var closed = await server.SendAsync(HttpMethod.Patch, url, """{"status":"closed"}"""))
        {
            Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        }
        counts = await server.CountRowsAsync();
        using (var reopen = await server.SendAsync(HttpMethod.Patch, url, """{"status":"open"}"""))
        {
            Assert.Equal(HttpStatusCode.Conflict, reopen.StatusCode);
            Assert.Contains("from closed to open", (await reopen.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        using (var lateResponse = await server.SendAsync(HttpMethod.Post, $"/api/tickets/{id}/responses", """{"text":"Anything else?"}"""))
        {
            Assert.Equal(HttpStatusCode.Conflict, lateResponse.StatusCode);
        }
        Assert.Equal(counts, await server.CountRowsAsync());

        // The history, oldest first, with who did what.
        var history = (await server.Client.GetFromJsonAsync<JsonElement>(new Uri(url, UriKind.Relative))).GetProperty("history").EnumerateArray()
            .Select(e => $"{e.GetProperty("kind").GetString()}:{e.GetProperty("from").GetString()}>{e.GetProperty("to").GetString()}").ToList();
        Assert.Equal(["opened:>open", "assigned:>sam", "response:>", "status:open>inProgress", "priority:high>urgent", "assigned:sam>kim",
            "status:inProgress>resolved", "status:resolved>closed"], history);

        // A second, normal ticket opened at 09:00 with no response: pending, then past its 8 h first-response target.
        using var second = await server.SendAsync(HttpMethod.Post, "/api/tickets", $$"""{"customerId":{{customer}},"kind":"inquiry","subject":"Opening hours?"}""");
        var secondId = (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var open = await ListAsync(server, "openOnly=true");
        Assert.Equal([secondId], open.Select(t => t.GetProperty("id").GetInt64()));
        Assert.Equal("pending", open[0].GetProperty("sla").GetProperty("status").GetString());
        clock.Now = Start.AddHours(25 + 9);
        open = await ListAsync(server, "openOnly=true");
        Assert.Equal("breached", open[0].GetProperty("sla").GetProperty("firstResponse").GetProperty("state").GetString());
        Assert.Equal("pending", open[0].GetProperty("sla").GetProperty("resolution").GetProperty("state").GetString());

        Assert.Equal([id], (await ListAsync(server, "assignee=kim")).Select(t => t.GetProperty("id").GetInt64()));
        Assert.Equal([id], (await ListAsync(server, "priority=urgent")).Select(t => t.GetProperty("id").GetInt64()));
        Assert.Equal([secondId, id], (await ListAsync(server, $"customerId={customer}")).Select(t => t.GetProperty("id").GetInt64()));
        Assert.Equal([secondId], (await ListAsync(server, "kind=inquiry")).Select(t => t.GetProperty("id").GetInt64()));
        foreach (var query in new[] { "status=bogus", "priority=9", "kind=bug", "limit=0" })
        {
            using var bad = await server.Client.GetAsync(new Uri("/api/tickets?" + query, UriKind.Relative));
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        }
        await using var check = server.Db();
        Assert.Equal(2, await check.Tickets.CountAsync());
    }

    static DateTime Due(JsonElement ticket, string clock) =>
        ticket.GetProperty("sla").GetProperty(clock).GetProperty("dueAt").GetDateTime().ToUniversalTime();

    static async Task<List<JsonElement>> ListAsync(RecordServer server, string query) =>
        [.. (await server.Client.GetFromJsonAsync<JsonElement>(new Uri("/api/tickets?" + query, UriKind.Relative))).EnumerateArray()];
}
