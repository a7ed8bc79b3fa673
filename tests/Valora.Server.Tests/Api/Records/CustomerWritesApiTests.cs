using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Valora.Data;
using Valora.Domain.Customers;
using Valora.Domain.Sales;
using Valora.TestSupport;

namespace Valora.Server.Tests.Api.Records;

/// <summary>
/// Creating, updating and deleting customers through HTTP on both databases: idempotency keys, ETag / If-Match, and
/// every kind of bad input answered with its status while the tables stay exactly as they were.
/// </summary>
public sealed class CustomerWritesApiTests
{
    const string Ada = """{"name":"Ada Lovelace","email":"ada@example.com","phone":"+44 20 7946 0018","country":"gb","city":"London","income":52000.5,"emailConsent":true}""";

    [Fact]
    public Task Create_OnSqlite_HonoursIdempotencyKeysAndRefusesBadInput() => Create(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Create_OnPostgres_HonoursIdempotencyKeysAndRefusesBadInput() => Create(DatabaseProvider.Postgres);

    [Fact]
    public Task Update_OnSqlite_NeedsTheCurrentETag() => Update(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Update_OnPostgres_NeedsTheCurrentETag() => Update(DatabaseProvider.Postgres);

    [Fact]
    public Task Delete_OnSqlite_KeepsCustomersWithHistory() => Delete(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Delete_OnPostgres_KeepsCustomersWithHistory() => Delete(DatabaseProvider.Postgres);

    [Fact]
    public Task Tags_OnSqlite_AddAndRemoveIdempotently() => Tags(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Tags_OnPostgres_AddAndRemoveIdempotently() => Tags(DatabaseProvider.Postgres);

    static async Task Create(DatabaseProvider provider)
    {
        await using var server = await RecordServer.StartAsync(provider);

        using var created = await server.SendAsync(HttpMethod.Post, "/api/customers", Ada, headers: ("Idempotency-Key", "create-ada-1"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = body.GetProperty("id").GetInt64();
        Assert.Equal($"/api/customers/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal("GB", body.GetProperty("country").GetString());
        Assert.Equal(52000.5m, body.GetProperty("income").GetDecimal());
        Assert.StartsWith("api-", body.GetProperty("externalId").GetString(), StringComparison.Ordinal);
        Assert.Equal(created.Headers.ETag?.ToString(), body.GetProperty("eTag").GetString());
        var after = await server.CountRowsAsync();
        Assert.Equal((1, 1), (after["Customers"], after["IdempotencyKeys"]));

        // The same key and the same body (spaced and ordered differently): the first result again, nothing new.
        var reordered = """{ "emailConsent": true, "income": 52000.50, "city": "London", "country": "gb", "phone": "+44 20 7946 0018", "email": "ada@example.com", "name": "Ada Lovelace" }""";
        using var repeat = await server.SendAsync(HttpMethod.Post, "/api/customers", reordered, headers: ("Idempotency-Key", "create-ada-1"));
        Assert.Equal(HttpStatusCode.Created, repeat.StatusCode);
        Assert.Equal("true", repeat.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(body.GetRawText(), (await repeat.Content.ReadFromJsonAsync<JsonElement>()).GetRawText());
        Assert.Equal(after, await server.CountRowsAsync());

        // The same key with another body: 409, nothing written.
        using var reused = await server.SendAsync(HttpMethod.Post, "/api/customers", Ada.Replace("Ada Lovelace", "Ada King", StringComparison.Ordinal),
            headers: ("Idempotency-Key", "create-ada-1"));
        await AssertProblemAsync(reused, HttpStatusCode.Conflict);
        Assert.Equal(after, await server.CountRowsAsync());

        // Without a key a second Ada is a second customer; a taken external id is a conflict.
        using var second = await server.SendAsync(HttpMethod.Post, "/api/customers", """{"name":"Bob","externalId":"B-1"}""");
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        var two = await server.CountRowsAsync();
        using var taken = await server.SendAsync(HttpMethod.Post, "/api/customers", """{"name":"Bobby","externalId":"B-1"}""",
            headers: ("Idempotency-Key", "bobby"));
        await AssertProblemAsync(taken, HttpStatusCode.Conflict);
        Assert.Equal(two, await server.CountRowsAsync());

        // Bad input of every kind: 400 naming the field, nothing written (and the key stays free for a corrected retry).
        foreach (var (json, field) in new[]
        {
            ("""{"email":"x@example.com"}""", "name"),
            ("""{"name":"   "}""", "name"),
            ("""{"name":"A","email":"not-an-address"}""", "email"),
            ("""{"name":"A","phone":"call me"}""", "phone"),
            ("""{"name":"A","country":"France"}""", "country"),
            ("""{"name":"A","gender":"robot"}""", "gender"),
            ("""{"name":"A","income":-1}""", "income"),
            ("""{"name":"A","birthDate":"2999-01-01"}""", "birthDate"),
            ("{\"name\":\"" + new string('n', 201) + "\"}", "name"),
        })
        {
            using var bad = await server.SendAsync(HttpMethod.Post, "/api/customers", json, headers: ("Idempotency-Key", "retry-me"));
            var problem = await AssertProblemAsync(bad, HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{json}: {problem}");
        }
        foreach (var json in new[] { "{", "[1,2]", "{\"name\":12}", "{\"name\":\"A\",\"income\":\"lots\"}", "{\"name\":\"A\",\"emailConsent\":\"yes\"}", "null" })
        {
            using var malformed = await server.SendAsync(HttpMethod.Post, "/api/customers", json);
            Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        }
        using var badKey = await server.SendAsync(HttpMethod.Post, "/api/customers", """{"name":"A"}""", headers: ("Idempotency-Key", new string('k', 201)));
        var keyProblem = await AssertProblemAsync(badKey, HttpStatusCode.BadRequest);
        Assert.True(keyProblem.GetProperty("errors").TryGetProperty("Idempotency-Key", out _));
        Assert.Equal(two, await server.CountRowsAsync());

        using var retried = await server.SendAsync(HttpMethod.Post, "/api/customers", """{"name":"Retried"}""", headers: ("Idempotency-Key", "retry-me"));
        Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
    }

    static async Task Update(DatabaseProvider provider)
    {
        await using var server = await RecordServer.StartAsync(provider);
        using var created = await server.SendAsync(HttpMethod.Post, "/api/customers", Ada);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var url = $"/api/customers/{id}";
        using var read = await server.Client.GetAsync(new Uri(url, UriKind.Relative));
        var etag = read.Headers.ETag!.ToString();
        Assert.Equal(created.Headers.ETag!.ToString(), etag);
        var before = await SnapshotAsync(server, id);

        // No If-Match: 428; a stale one: 412; a weak one never matches; an unknown id: 404.
        var full = """{"name":"Ada King","email":"ada@king.example","country":"GB","income":60000}""";
        using (var missing = await server.SendAsync(HttpMethod.Put, url, full))
        {
            await AssertProblemAsync(missing, (HttpStatusCode)428);
        }
        using (var stale = await server.SendAsync(HttpMethod.Put, url, full, headers: ("If-Match", "\"0123456789abcdef0123456789abcdef\"")))
        {
            await AssertProblemAsync(stale, HttpStatusCode.PreconditionFailed);
        }
        using (var weak = await server.SendAsync(HttpMethod.Patch, url, """{"city":"Paris"}""", headers: ("If-Match", "W/" + etag)))
        {
            await AssertProblemAsync(weak, HttpStatusCode.PreconditionFailed);
        }
        using (var unknown = await server.SendAsync(HttpMethod.Put, "/api/customers/987654", full, headers: ("If-Match", etag)))
        {
            await AssertProblemAsync(unknown, HttpStatusCode.NotFound);
        }
        // Bad input with the right version: 400 naming the field.
        foreach (var (method, json, field) in new[]
        {
            (HttpMethod.Put, """{"email":"x@example.com"}""", "name"),
            (HttpMethod.Patch, """{"email":"nope"}""", "email"),
            (HttpMethod.Patch, """{"income":"lots"}""", "income"),
            (HttpMethod.Patch, """{"emailConsent":null}""", "emailConsent"),
            (HttpMethod.Patch, """{"shoeSize":44}""", "shoeSize"),
            (HttpMethod.Patch, """{"name":null}""", "name"),
        })
        {
            using var bad = await server.SendAsync(method, url, json, headers: ("If-Match", etag));
            var problem = await AssertProblemAsync(bad, HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{method} {json}: {problem}");
        }
        foreach (var json in new[] { "{", "[]", "\"text\"", "{\"name\":" })
        {
            using var malformed = await server.SendAsync(HttpMethod.Patch, url, json, "application/merge-patch+json", ("If-Match", etag));
            Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
            using var malformedPut = await server.SendAsync(HttpMethod.Put, url, json, headers: ("If-Match", etag));
            Assert.Equal(HttpStatusCode.BadRequest, malformedPut.StatusCode);
        }
        Assert.Equal(before, await SnapshotAsync(server, id));

        // The current version: PUT replaces every field (those left out are cleared), with a new ETag.
        using var put = await server.SendAsync(HttpMethod.Put, url, full, headers: ("If-Match", etag));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var replaced = await put.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Ada King", replaced.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, replaced.GetProperty("phone").ValueKind);
        Assert.Equal(JsonValueKind.Null, replaced.GetProperty("city").ValueKind);
        Assert.False(replaced.GetProperty("emailConsent").GetBoolean());
        var etag2 = put.Headers.ETag!.ToString();
        Assert.NotEqual(etag, etag2);

        // The old version is now stale, for PUT and PATCH alike.
        var afterPut = await SnapshotAsync(server, id);
        using (var old = await server.SendAsync(HttpMethod.Patch, url, """{"city":"Paris"}""", headers: ("If-Match", etag)))
        {
            await AssertProblemAsync(old, HttpStatusCode.PreconditionFailed);
        }
        Assert.Equal(afterPut, await SnapshotAsync(server, id));

        // PATCH changes only what it names; null clears a field.
        using var patch = await server.SendAsync(HttpMethod.Patch, url, """{"city":"Paris","email":null,"smsConsent":true}""",
            "application/merge-patch+json", ("If-Match", etag2));
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        var patched = await patch.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("Ada King", "Paris", "GB", 60000m), (patched.GetProperty("name").GetString(), patched.GetProperty("city").GetString(),
            patched.GetProperty("country").GetString(), patched.GetProperty("income").GetDecimal()));
        Assert.Equal(JsonValueKind.Null, patched.GetProperty("email").ValueKind);
        Assert.True(patched.GetProperty("smsConsent").GetBoolean());

        // What GET returns afterwards is what PATCH said, with the same version.
        using var reread = await server.Client.GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(patch.Headers.ETag!.ToString(), reread.Headers.ETag!.ToString());
        await using var db = server.Db();
        var stored = await db.Customers.AsNoTracking().SingleAsync(c => c.Id == id);
        Assert.Equal(("Paris", null, true), (stored.City, stored.Email, stored.SmsConsent));

        // Moving to an external id another customer has: 409, nothing changed.
        using var other = await server.SendAsync(HttpMethod.Post, "/api/customers", """{"name":"Other","externalId":"TAKEN"}""");
        var current = reread.Headers.ETag!.ToString();
        var beforeConflict = await SnapshotAsync(server, id);
        using var conflict = await server.SendAsync(HttpMethod.Patch, url, """{"externalId":"TAKEN"}""", headers: ("If-Match", current));
        await AssertProblemAsync(conflict, HttpStatusCode.Conflict);
        Assert.Equal(beforeConflict, await SnapshotAsync(server, id));
    }

    static async Task Delete(DatabaseProvider provider)
    {
        await using var server = await RecordServer.StartAsync(provider);
        long buyer, plain;
        await using (var db = server.Db())
        {
            var a = new Customer { ExternalId = "BUYER", Name = "Buyer" };
            var b = new Customer { ExternalId = "PLAIN", Name = "Plain" };
            db.Customers.AddRange(a, b);
            await db.SaveChangesAsync();
            db.Orders.Add(new Order { ExternalId = "O1", CustomerId = a.Id, OrderedAt = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc), Currency = "EUR" });
            await db.SaveChangesAsync();
            (buyer, plain) = (a.Id, b.Id);
        }
        using (var tag = await server.SendAsync(HttpMethod.Post, $"/api/customers/{plain}/tags", """{"tags":["vip"]}"""))
        {
            Assert.Equal(HttpStatusCode.OK, tag.StatusCode);
        }
        var before = await server.CountRowsAsync();

        using (var withHistory = await server.SendAsync(HttpMethod.Delete, $"/api/customers/{buyer}"))
        {
            var problem = await AssertProblemAsync(withHistory, HttpStatusCode.Conflict);
            Assert.Contains("1 orders", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        using (var stale = await server.SendAsync(HttpMethod.Delete, $"/api/customers/{plain}", headers: ("If-Match", "\"stale\"")))
        {
            await AssertProblemAsync(stale, HttpStatusCode.PreconditionFailed);
        }
        using (var unknown = await server.SendAsync(HttpMethod.Delete, "/api/customers/987654"))
        {
            await AssertProblemAsync(unknown, HttpStatusCode.NotFound);
        }
        Assert.Equal(before, await server.CountRowsAsync());

        using var read = await server.Client.GetAsync(new Uri($"/api/customers/{plain}", UriKind.Relative));
        using var deleted = await server.SendAsync(HttpMethod.Delete, $"/api/customers/{plain}", headers: ("If-Match", read.Headers.ETag!.ToString()));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var gone = await server.Client.GetAsync(new Uri($"/api/customers/{plain}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        var after = await server.CountRowsAsync();
        Assert.Equal(before["Customers"] - 1, after["Customers"]);
        Assert.Equal(before["CustomerTags"] - 1, after["CustomerTags"]);
        Assert.Equal(before["Orders"], after["Orders"]);
    }

    static async Task Tags(DatabaseProvider provider)
    {
        await using var server = await RecordServer.StartAsync(provider);
        using var created = await server.SendAsync(HttpMethod.Post, "/api/customers", Ada);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var url = $"/api/customers/{id}/tags";

        using var add = await server.SendAsync(HttpMethod.Post, url, """{"tags":[" VIP ","newsletter","vip"]}""");
        Assert.Equal(HttpStatusCode.OK, add.StatusCode);
        Assert.Equal(["newsletter", "vip"], Tags(await add.Content.ReadFromJsonAsync<JsonElement>()));
        var once = await server.CountRowsAsync();
        using var again = await server.SendAsync(HttpMethod.Post, url, """{"tags":["vip"]}""");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(once, await server.CountRowsAsync());

        // Tags are part of the customer's detail and its search.
        var detail = await server.Client.GetFromJsonAsync<JsonElement>(new Uri($"/api/customers/{id}", UriKind.Relative));
        Assert.Equal(["newsletter", "vip"], Tags(detail));
        var tagged = await server.Client.GetFromJsonAsync<JsonElement>(new Uri("/api/customers?tag=VIP", UriKind.Relative));
        Assert.Equal([id], tagged.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("id").GetInt64()));

        foreach (var (json, field) in new[] { ("""{"tags":[]}""", "tags"), ("""{"tags":["a/b"]}""", "tags[0]"), ("""{"tags":["ok",""]}""", "tags[1]") })
        {
            using var bad = await server.SendAsync(HttpMethod.Post, url, json);
            var problem = await AssertProblemAsync(bad, HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{json}: {problem}");
        }
        using (var wrongType = await server.SendAsync(HttpMethod.Post, url, """{"tags":"vip"}"""))
        {
            Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);
        }
        using (var unknown = await server.SendAsync(HttpMethod.Post, "/api/customers/987654/tags", """{"tags":["vip"]}"""))
        {
            await AssertProblemAsync(unknown, HttpStatusCode.NotFound);
        }
        Assert.Equal(once, await server.CountRowsAsync());

        using var remove = await server.SendAsync(HttpMethod.Delete, $"{url}/VIP");
        Assert.Equal(HttpStatusCode.OK, remove.StatusCode);
        Assert.Equal(["newsletter"], Tags(await remove.Content.ReadFromJsonAsync<JsonElement>()));
        var removed = await server.CountRowsAsync();
        using var removeAgain = await server.SendAsync(HttpMethod.Delete, $"{url}/vip");
        Assert.Equal(HttpStatusCode.OK, removeAgain.StatusCode);
        Assert.Equal(removed, await server.CountRowsAsync());
        Assert.Equal(once["CustomerTags"] - 1, removed["CustomerTags"]);
    }

    static string[] Tags(JsonElement body) => [.. body.GetProperty("tags").EnumerateArray().Select(t => t.GetString()!)];

    static async Task<string> SnapshotAsync(RecordServer server, long id)
    {
        await using var db = server.Db();
        var c = await db.Customers.AsNoTracking().SingleAsync(x => x.Id == id);
        return JsonSerializer.Serialize(c) + JsonSerializer.Serialize(await server.CountRowsAsync());
    }

    static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
