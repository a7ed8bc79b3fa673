using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Valora.Data;
using Valora.TestSupport;
using Valora.TestSupport.Data;

namespace Valora.Server.Tests.Api.Records;

/// <summary>
/// Merge preview, merge and undo through HTTP on both databases, on <see cref="MergeData"/>: every status (200, 201,
/// a replayed key, 400, 403, 404, 409, 422) with nothing changed by a refusal, and merge then undo leaving every row
/// of every customer involved where it was.
/// </summary>
public sealed class MergeApiTests
{
    [Fact]
    public Task MergeThenUndo_OnSqlite_MovesAndRestoresEveryRow() => MergeThenUndo(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task MergeThenUndo_OnPostgres_MovesAndRestoresEveryRow() => MergeThenUndo(DatabaseProvider.Postgres);

    static async Task MergeThenUndo(DatabaseProvider provider)
    {
        await using var server = await RecordServer.StartAsync(provider);
        var data = await MergeData.SeedAsync(server.Factory.Database);
        var before = await data.SnapshotAsync(server.Factory.Database);
        var counts = await server.CountRowsAsync();
        var body = $$"""{"survivorId":{{data.Survivor}},"mergedId":{{data.Merged}},"fields":{"email":"mostRecent"} }""";

        // Preview: each field's winner and the rows per table; nothing written.
        using (var previewed = await server.SendAsync(HttpMethod.Post, "/api/customers/merge/preview", body))
        {
            Assert.Equal(HttpStatusCode.OK, previewed.StatusCode);
            var preview = await previewed.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(("merged", "2024-03-01T09:30:00Z"), (preview.GetProperty("moreRecent").GetString(), preview.GetProperty("mergedLastActivity").GetString()));
            var fields = preview.GetProperty("fields").EnumerateArray().ToDictionary(f => f.GetProperty("field").GetString()!, StringComparer.Ordinal);
            Assert.Equal(("mostRecent", "merged", "ann@x.com", "ann.smith@gmail.com"), (fields["email"].GetProperty("rule").GetString(), fields["email"].GetProperty("winner").GetString(),
                fields["email"].GetProperty("survivorValue").GetString(), fields["email"].GetProperty("mergedValue").GetString()));
            Assert.Equal(("mostComplete", "survivor", false), (fields["city"].GetProperty("rule").GetString(), fields["city"].GetProperty("winner").GetString(), fields["city"].GetProperty("changes").GetBoolean()));
            Assert.Equal(MergeData.Expected.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => (e.Key, e.Value.Moved, e.Value.Dropped)),
                preview.GetProperty("tables").EnumerateArray().Select(t => (t.GetProperty("table").GetString()!, t.GetProperty("moved").GetInt32(), t.GetProperty("dropped").GetInt32()))
                    .Where(t => t.Item2 + t.Item3 > 0));
        }

        // Refusals: each with its status and the field named; nothing written.
        foreach (var (json, field) in new[]
        {
            ("{}", "survivorId"),
            ($$"""{"survivorId":{{data.Survivor}}}""", "mergedId"),
            ($$"""{"survivorId":{{data.Survivor}},"mergedId":{{data.Merged}},"rule":"newest"}""", "rule"),
            ($$"""{"survivorId":{{data.Survivor}},"mergedId":{{data.Merged}},"fields":{"externalId":"merged"} }""", "fields.externalId"),
            ($$"""{"survivorId":{{data.Survivor}},"mergedId":{{data.Merged}},"fields":{"city":"chosen"} }""", "fields.city"),
        })
        {
            foreach (var url in new[] { "/api/customers/merge/preview", "/api/customers/merge" })
            {
                using var bad = await server.SendAsync(HttpMethod.Post, url, json);
                Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
                Assert.True((await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _), $"{url} {json}");
            }
        }
        foreach (var json in new[] { "{", "null", "[]", """{"survivorId":"ann","mergedId":2}""", $$"""{"survivorId":{{data.Survivor}},"mergedId":{{data.Merged}},"keep":"all"}""" })
        {
            using var malformed = await server.SendAsync(HttpMethod.Post, "/api/customers/merge", json);
            Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        }
        foreach (var (json, status) in new[]
        {
            ($$"""{"survivorId":{{data.Survivor}},"mergedId":{{data.Survivor}}}""", HttpStatusCode.UnprocessableEntity),
            ($$"""{"survivorId":{{data.Survivor}},"mergedId":987654}""", HttpStatusCode.NotFound),
            ($$"""{"survivorId":987654,"mergedId":{{data.Merged}}}""", HttpStatusCode.NotFound),
        })
        {
            using var refusedPreview = await server.SendAsync(HttpMethod.Post, "/api/customers/merge/preview", json);
            Assert.Equal(status, refusedPreview.StatusCode);
            using var refused = await server.SendAsync(HttpMethod.Post, "/api/customers/merge", json);
            Assert.Equal(status, refused.StatusCode);
        }
        using (var analyst = server.Factory.CreateClient("analyst"))
        {
            using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
            using var denied = await analyst.PostAsync(new Uri("/api/customers/merge", UriKind.Relative), content);
            Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        }
        using (var unknownUndo = await server.SendAsync(HttpMethod.Post, "/api/customers/merges/987654/undo"))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknownUndo.StatusCode);
        }
        using (var unknownMerge = await server.Client.GetAsync(new Uri("/api/customers/merges/987654", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknownMerge.StatusCode);
        }
        Assert.Equal(counts, await server.CountRowsAsync());
        Assert.Equal(before, await data.SnapshotAsync(server.Factory.Database));

        // The merge: 201 with the record; the same key and body again replays it; another body under the key is 409.
        using var created = await server.SendAsync(HttpMethod.Post, "/api/customers/merge", body, headers: ("Idempotency-Key", "merge-1"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var merge = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = merge.GetProperty("id").GetInt64();
        Assert.Equal($"/api/customers/merges/{id}", created.Headers.Location!.ToString());
        Assert.Equal(["email", "phone", "income"], merge.GetProperty("changedFields").EnumerateArray().Select(f => f.GetString()));
        var afterMerge = await server.CountRowsAsync();
        var expected = new Dictionary<string, long>(counts, StringComparer.Ordinal);
        expected["Customers"]--;
        expected["CustomerMerges"]++;
        expected["IdempotencyKeys"]++;
        foreach (var (table, (_, dropped)) in MergeData.Expected)
        {
            expected[table] -= dropped;
        }
        Assert.Equal(expected, afterMerge);
        using (var repeat = await server.SendAsync(HttpMethod.Post, "/api/customers/merge", body, headers: ("Idempotency-Key", "merge-1")))
        {
            Assert.Equal(HttpStatusCode.Created, repeat.StatusCode);
            Assert.Equal("true", repeat.Headers.GetValues("Idempotent-Replayed").Single());
            Assert.Equal(id, (await repeat.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64());
        }
        using (var reused = await server.SendAsync(HttpMethod.Post, "/api/customers/merge", body.Replace("mostRecent", "merged", StringComparison.Ordinal), headers: ("Idempotency-Key", "merge-1")))
        {
            Assert.Equal(HttpStatusCode.Conflict, reused.StatusCode);
        }
        using (var gone = await server.SendAsync(HttpMethod.Post, "/api/customers/merge", body))
        {
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);   // the merged customer no longer exists
        }
        Assert.Equal(afterMerge, await server.CountRowsAsync());

        // The list and the record: the merged name masked for an analyst.
        var list = await server.Client.GetFromJsonAsync<JsonElement>(new Uri("/api/customers/merges", UriKind.Relative));
        Assert.Equal((id, "Ann Smith", JsonValueKind.Null), (list[0].GetProperty("id").GetInt64(), list[0].GetProperty("mergedName").GetString(), list[0].GetProperty("undoneAt").ValueKind));
        using (var analyst = server.Factory.CreateClient("analyst"))
        {
            var masked = await analyst.GetFromJsonAsync<JsonElement>(new Uri($"/api/customers/merges/{id}", UriKind.Relative));
            Assert.Equal(("A. S.", "ann-2"), (masked.GetProperty("mergedName").GetString(), masked.GetProperty("mergedExternalId").GetString()));
        }

        // Undo: every row back where it was; a second undo is 409 and changes nothing.
        using var undone = await server.SendAsync(HttpMethod.Post, $"/api/customers/merges/{id}/undo");
        Assert.Equal(HttpStatusCode.OK, undone.StatusCode);
        var undo = await undone.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["email", "phone", "income"], undo.GetProperty("restoredFields").EnumerateArray().Select(f => f.GetString()));
        Assert.NotEqual(JsonValueKind.Null, undo.GetProperty("merge").GetProperty("undoneAt").ValueKind);
        Assert.Equal(before, await data.SnapshotAsync(server.Factory.Database));
        var afterUndo = new Dictionary<string, long>(counts, StringComparer.Ordinal) { ["CustomerMerges"] = counts["CustomerMerges"] + 1, ["IdempotencyKeys"] = counts["IdempotencyKeys"] + 1 };
        Assert.Equal(afterUndo, await server.CountRowsAsync());
        using (var again = await server.SendAsync(HttpMethod.Post, $"/api/customers/merges/{id}/undo"))
        {
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        }
        Assert.Equal(afterUndo, await server.CountRowsAsync());
    }
}
