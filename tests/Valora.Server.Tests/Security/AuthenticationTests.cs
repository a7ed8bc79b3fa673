using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Valora.Data.Security;
using Valora.Domain.Security;
using Valora.Server.Security;
using Valora.Server.Tests.Support;
using Valora.TestSupport;
using Valora.TestSupport.Data;

namespace Valora.Server.Tests.Security;

public sealed class AuthenticationTests(EmptyServerFixture fixture) : IClassFixture<EmptyServerFixture>
{
    [Theory]
    [InlineData("/api/overview/counts")]
    [InlineData("/api/customers")]
    [InlineData("/api/admin/keys")]
    [InlineData("/openapi/v1.json")]
    public async Task Anonymous_OnApi_Is401WithoutRedirect(string path)
    {
        using var client = fixture.Factory.CreateAnonymousClient(followRedirects: false);

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(path.StartsWith("/api", StringComparison.Ordinal) ? HttpStatusCode.Unauthorized : HttpStatusCode.Redirect, response.StatusCode);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/customers")]
    [InlineData("/scalar")]
    public async Task Anonymous_OnDashboard_IsRedirectedToSignIn(string path)
    {
        using var client = fixture.Factory.CreateAnonymousClient(followRedirects: false);

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/signin?ReturnUrl=", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/account/signin")]
    [InlineData("/app.css")]
    public async Task Anonymous_OnHealthSignInAndStaticFiles_IsServed(string path)
    {
        using var client = fixture.Factory.CreateAnonymousClient(followRedirects: false);

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ApiKey_UnknownOrMalformed_Is401()
    {
        foreach (var key in new[] { "vk_000000000000_" + new string('A', 43), "nonsense", "", "vk_" })
        {
            using var client = fixture.Factory.CreateAnonymousClient();
            client.DefaultRequestHeaders.TryAddWithoutValidation(ApiKeys.HeaderName, key);
            using var response = await client.GetAsync(new Uri("/api/overview/counts", UriKind.Relative));
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            if (key.Length > 0)
            {
                Assert.Contains("ApiKey", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task AdminKeys_CreateUseListRevoke_KeyIsShownOnceAndStopsWorking()
    {
        using var admin = fixture.CreateClient();

        using var created = await admin.PostAsJsonAsync(new Uri("/api/admin/keys", UriKind.Relative), new { name = "nightly export", role = "analyst" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var token = body.GetProperty("token").GetString()!;
        var id = body.GetProperty("key").GetProperty("id").GetInt64();
        Assert.Equal("analyst", body.GetProperty("key").GetProperty("role").GetString());

        using var integration = fixture.Factory.CreateAnonymousClient();
        integration.DefaultRequestHeaders.Add(ApiKeys.HeaderName, token);
        using (var ok = await integration.GetAsync(new Uri("/api/overview/counts", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }
        // An analyst key does not manage keys.
        using (var denied = await integration.GetAsync(new Uri("/api/admin/keys", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        }

        var list = await admin.GetStringAsync(new Uri("/api/admin/keys", UriKind.Relative));
        Assert.Contains("nightly export", list, StringComparison.Ordinal);
        Assert.DoesNotContain(token, list, StringComparison.Ordinal);
        Assert.DoesNotContain(token[16..], list, StringComparison.Ordinal);

        using (var revoked = await admin.DeleteAsync(new Uri($"/api/admin/keys/{id}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        }
        using (var after = await integration.GetAsync(new Uri("/api/overview/counts", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        }
        using (var missing = await admin.DeleteAsync(new Uri("/api/admin/keys/987654", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }
    }

    [Fact]
    public async Task AdminKeys_UnknownRole_Is400NamingRole()
    {
        using var admin = fixture.CreateClient();

        using var response = await admin.PostAsJsonAsync(new Uri("/api/admin/keys", UriKind.Relative), new { name = "x", role = "root" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(body.GetProperty("errors").TryGetProperty("role", out _));
    }

    [Fact]
    public async Task CookieSignIn_WrongThenRightPassword_SignsInAndOut()
    {
        using var client = fixture.Factory.CreateAnonymousClient(followRedirects: false);

        using (var wrong = await CookieSignIn.PostAsync(client, ValoraServerFactory.AdminUserName, "not-the-password"))
        {
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
            Assert.Contains("Wrong user name or password", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using (var right = await CookieSignIn.PostAsync(client, ValoraServerFactory.AdminUserName, ValoraServerFactory.AdminPassword, "/customers"))
        {
            Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
            Assert.Equal("/customers", right.Headers.Location!.OriginalString);
        }
        using (var page = await client.GetAsync(new Uri("/", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            var html = await page.Content.ReadAsStringAsync();
            Assert.Contains("signed-in-user", html, StringComparison.Ordinal);
            Assert.Contains(">admin<", html, StringComparison.Ordinal);
        }
        using (var api = await client.GetAsync(new Uri("/api/overview/counts", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, api.StatusCode);
        }

        // Sign-out is a form post from the dashboard carrying its antiforgery token.
        var (field, token) = await CookieSignIn.AntiforgeryAsync(client, "/");
        using (var signOut = await client.PostAsync(new Uri("/account/signout", UriKind.Relative), new FormUrlEncodedContent([new(field, token)])))
        {
            Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        }
        using var afterwards = await client.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, afterwards.StatusCode);
    }

    [Fact]
    public async Task CookieSignIn_OffSiteReturnUrl_GoesHome()
    {
        using var client = fixture.Factory.CreateAnonymousClient(followRedirects: false);

        using var response = await CookieSignIn.PostAsync(client, ValoraServerFactory.AdminUserName, ValoraServerFactory.AdminPassword, "//evil.example/x");

        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task SignOut_WithoutAntiforgeryToken_IsRefused()
    {
        using var client = await CookieSignIn.AdminAsync(fixture.Factory, followRedirects: false);

        using var response = await client.PostAsync(new Uri("/account/signout", UriKind.Relative), new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var still = await client.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, still.StatusCode);
    }

    [Fact]
    public async Task SignIn_WithoutAntiforgeryToken_IsRefused()
    {
        using var client = fixture.Factory.CreateAnonymousClient(followRedirects: false);

        using var response = await client.PostAsync(new Uri("/account/signin", UriKind.Relative), new FormUrlEncodedContent(
            [new("userName", ValoraServerFactory.AdminUserName), new("password", ValoraServerFactory.AdminPassword)]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var cookies = response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [];
        Assert.DoesNotContain(cookies, v => v.StartsWith("valora.auth", StringComparison.Ordinal));
    }
}

public sealed class FirstStartTests
{
    [Fact]
    public async Task FirstStart_WithoutPassword_PrintsAGeneratedOneOnceThatSignsIn()
    {
        using var database = new InMemorySqlite();
        using var console = new StringWriter();
        var settings = new Dictionary<string, string?> { ["Valora:Security:AdminPassword"] = "" };
        await using var factory = new ValoraServerFactory(database.ConnectionString, settings: settings,
            services: s => s.AddSingleton(new FirstAdminOutput(console)));
        _ = factory.Services;

        var printed = console.ToString();
        var match = System.Text.RegularExpressions.Regex.Match(printed, "admin account 'admin' created with password (\\S+)");
        Assert.True(match.Success, printed);
        var password = match.Groups[1].Value;
        Assert.Equal(20, password.Length);

        using var client = factory.CreateAnonymousClient(followRedirects: false);
        using var response = await CookieSignIn.PostAsync(client, "admin", password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        // A second start on the same database creates nothing and prints nothing.
        using var again = new StringWriter();
        await using var second = new ValoraServerFactory(database.ConnectionString, settings: settings,
            services: s => s.AddSingleton(new FirstAdminOutput(again)));
        _ = second.Services;
        Assert.Equal("", again.ToString());
    }

    [Fact]
    public async Task FirstStart_CreatesTheFiveRolesAndOneAdmin()
    {
        await using var test = await TestDatabase.CreateSqliteAsync();
        await using var factory = new ValoraServerFactory(test.Database.ConnectionString);
        _ = factory.Services;
        await using var db = factory.Database.CreateContext();
        Assert.Equal(Roles.All.Order(StringComparer.Ordinal), db.Roles.Select(r => r.Name!).AsEnumerable().Order(StringComparer.Ordinal));
        Assert.Single(db.Users);
    }

    [PostgresFact]
    public async Task FirstStart_OnPostgres_AdminSignsInAndKeysWork()
    {
        await using var test = await TestDatabase.CreatePostgresAsync();
        await using var factory = new ValoraServerFactory(test.Database.ConnectionString);
        using var cookie = await CookieSignIn.AdminAsync(factory);
        using var viaCookie = await cookie.GetAsync(new Uri("/api/overview/counts", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, viaCookie.StatusCode);
        using var viaKey = factory.CreateClient(Roles.ReadOnly);
        using var response = await viaKey.GetAsync(new Uri("/api/overview/counts", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var denied = await viaKey.GetAsync(new Uri("/api/admin/keys", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
    }
}

public sealed class LockoutTests
{
    [Fact]
    public async Task SignIn_AfterRepeatedFailures_LocksTheAccountEvenForTheRightPassword()
    {
        using var database = new InMemorySqlite();
        await using var factory = new ValoraServerFactory(database.ConnectionString,
            settings: new Dictionary<string, string?> { ["Valora:Security:MaxFailedSignIns"] = "3" });
        using var client = factory.CreateAnonymousClient(followRedirects: false);

        for (var attempt = 1; attempt <= 2; attempt++)
        {
            using var wrong = await CookieSignIn.PostAsync(client, "admin", $"wrong-password-{attempt}");
            Assert.Contains("Wrong user name or password", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using (var third = await CookieSignIn.PostAsync(client, "admin", "wrong-password-3"))
        {
            Assert.Contains("locked", await third.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using var right = await CookieSignIn.PostAsync(client, "admin", ValoraServerFactory.AdminPassword);

        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains("locked", await right.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var page = await client.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
    }
}
