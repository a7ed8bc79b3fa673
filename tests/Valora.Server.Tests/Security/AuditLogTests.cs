using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Valora.Data;
using Valora.Domain.Security;
using Valora.Server.Tests.Support;
using Valora.TestSupport;
using Valora.TestSupport.Data;

namespace Valora.Server.Tests.Security;

public sealed class AuditLogTests
{
    [Fact]
    public Task Writes_AndSignIns_AreLoggedWithActorAndChanges_OnSqlite() => WritesAndSignIns(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Writes_AndSignIns_AreLoggedWithActorAndChanges_OnPostgres() => WritesAndSignIns(DatabaseProvider.Postgres);

    static async Task WritesAndSignIns(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await using var factory = new ValoraServerFactory(test.Database.ConnectionString);
        using var admin = factory.CreateClient();

        using var created = await admin.PostAsJsonAsync(new Uri("/api/admin/keys", UriKind.Relative), new { name = "crm sync", role = "sales" });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetProperty("id").GetInt64();
        using var revoked = await admin.DeleteAsync(new Uri($"/api/admin/keys/{id}", UriKind.Relative));
        using var browser = factory.CreateAnonymousClient(followRedirects: false);
        using var failed = await CookieSignIn.PostAsync(browser, "admin", "not-the-password");
        using var signedIn = await CookieSignIn.PostAsync(browser, "admin", ValoraServerFactory.AdminPassword);

        var log = await admin.GetFromJsonAsync<JsonElement>(new Uri("/api/admin/audit?entity=ApiKeys&entityId=" + id, UriKind.Relative));
        var entries = log.EnumerateArray().ToList();
        Assert.Equal(["update", "insert"], entries.Select(e => e.GetProperty("action").GetString()));
        Assert.All(entries, e => Assert.Equal("apikey:test admin", e.GetProperty("actor").GetString()));
        var insert = entries[1].GetProperty("changes");
        Assert.Equal("crm sync", insert.GetProperty("Name")[1].GetString());
        Assert.Equal(JsonValueKind.Null, insert.GetProperty("Name")[0].ValueKind);
        Assert.Equal("***", insert.GetProperty("SecretHash")[1].GetString());
        var update = entries[0].GetProperty("changes");
        Assert.Equal(["RevokedAt"], update.EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Null, update.GetProperty("RevokedAt")[0].ValueKind);
        Assert.NotEqual(JsonValueKind.Null, update.GetProperty("RevokedAt")[1].ValueKind);

        var signIns = await admin.GetFromJsonAsync<JsonElement>(new Uri("/api/admin/audit?actor=admin", UriKind.Relative));
        Assert.Equal(["signin", "signin-failed"], signIns.EnumerateArray().Select(e => e.GetProperty("action").GetString()));
        // The password hash of the admin, changed by the failed count, never shows.
        var all = await admin.GetStringAsync(new Uri("/api/admin/audit?pageSize=500", UriKind.Relative));
        Assert.DoesNotContain("AQAAAA", all, StringComparison.Ordinal);

        using var readonlyClient = factory.CreateClient(Roles.ReadOnly);
        using var denied = await readonlyClient.GetAsync(new Uri("/api/admin/audit", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
    }
}
