using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Valora.Server.Tests.Support;

namespace Valora.Server.Tests.Security;

public sealed class AdminUsersTests
{
    [Fact]
    public async Task Users_CreateSignInChangeRoleDelete_RoleDecidesWhatTheCookieMayDo()
    {
        using var database = new InMemorySqlite();
        await using var factory = new ValoraServerFactory(database.ConnectionString);
        using var admin = factory.CreateClient();

        using (var weak = await admin.PostAsJsonAsync(new Uri("/api/admin/users", UriKind.Relative), new { userName = "rita", password = "short", role = "readonly" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
            Assert.True((await weak.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("password", out _));
        }
        using var created = await admin.PostAsJsonAsync(new Uri("/api/admin/users", UriKind.Relative), new { userName = "rita", password = "rita-password-1", role = "readonly" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        using (var duplicate = await admin.PostAsJsonAsync(new Uri("/api/admin/users", UriKind.Relative), new { userName = "rita", password = "rita-password-2", role = "sales" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, duplicate.StatusCode);
        }

        // Rita signs in with the cookie: she reads, she may not run an analysis nor manage users.
        using var rita = factory.CreateAnonymousClient(followRedirects: false);
        using (var signIn = await CookieSignIn.PostAsync(rita, "rita", "rita-password-1"))
        {
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        }
        rita.DefaultRequestHeaders.Add("Origin", rita.BaseAddress!.GetLeftPart(UriPartial.Authority));
        Assert.Equal(HttpStatusCode.OK, (await rita.GetAsync(new Uri("/api/overview/counts", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await rita.PostAsync(new Uri("/api/rfm/run", UriKind.Relative), null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await rita.GetAsync(new Uri("/api/admin/users", UriKind.Relative))).StatusCode);

        // Made an analyst, she signs in again and may run it (422: no orders here, but past authorization).
        using (var role = await admin.PutAsJsonAsync(new Uri($"/api/admin/users/{id}/role", UriKind.Relative), new { role = "analyst" }))
        {
            Assert.Equal(HttpStatusCode.NoContent, role.StatusCode);
        }
        using var again = factory.CreateAnonymousClient(followRedirects: false);
        await CookieSignIn.PostAsync(again, "rita", "rita-password-1");
        again.DefaultRequestHeaders.Add("Origin", again.BaseAddress!.GetLeftPart(UriPartial.Authority));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await again.PostAsync(new Uri("/api/rfm/run", UriKind.Relative), null)).StatusCode);

        var list = await admin.GetFromJsonAsync<JsonElement>(new Uri("/api/admin/users", UriKind.Relative));
        Assert.Equal(["admin:admin", "rita:analyst"], list.EnumerateArray().Select(u => $"{u.GetProperty("userName").GetString()}:{u.GetProperty("role").GetString()}"));

        using (var deleted = await admin.DeleteAsync(new Uri($"/api/admin/users/{id}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync(new Uri($"/api/admin/users/{id}", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Users_TheLastAdmin_KeepsTheRoleAndCannotBeDeleted()
    {
        using var database = new InMemorySqlite();
        await using var factory = new ValoraServerFactory(database.ConnectionString);
        using var admin = factory.CreateClient();
        var users = await admin.GetFromJsonAsync<JsonElement>(new Uri("/api/admin/users", UriKind.Relative));
        var id = users.EnumerateArray().Single().GetProperty("id").GetString();

        using var demote = await admin.PutAsJsonAsync(new Uri($"/api/admin/users/{id}/role", UriKind.Relative), new { role = "sales" });
        using var delete = await admin.DeleteAsync(new Uri($"/api/admin/users/{id}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, demote.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, delete.StatusCode);
        var after = await admin.GetFromJsonAsync<JsonElement>(new Uri("/api/admin/users", UriKind.Relative));
        Assert.Equal("admin", after.EnumerateArray().Single().GetProperty("role").GetString());
    }
}
