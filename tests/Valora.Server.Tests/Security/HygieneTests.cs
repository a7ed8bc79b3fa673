using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Valora.Domain.Security;
using Valora.Server.Tests.Support;

namespace Valora.Server.Tests.Security;

public sealed class HygieneTests(EmptyServerFixture fixture) : IClassFixture<EmptyServerFixture>
{
    [Theory]
    [InlineData("/")]
    [InlineData("/api/overview/counts")]
    [InlineData("/api/nowhere")]
    [InlineData("/account/signin")]
    [InlineData("/health")]
    public async Task EveryResponse_CarriesTheSecurityHeaders(string path)
    {
        using var client = path.Contains("signin", StringComparison.Ordinal) || path == "/health" ? fixture.CreateAnonymousClient() : fixture.CreateClient();

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task CookieCaller_CrossSiteOrOriginlessPost_IsRefused_SameOriginOrTokenPasses()
    {
        using var client = await CookieSignIn.AdminAsync(fixture.Factory);
        var self = client.BaseAddress!.GetLeftPart(UriPartial.Authority);

        // A plain form post from another site (what the issue describes for /api/rfm/run).
        Assert.Equal(HttpStatusCode.Forbidden, await PostRfmAsync(client, r => r.Headers.Add("Origin", "https://evil.example")));
        Assert.Equal(HttpStatusCode.Forbidden, await PostRfmAsync(client, r => r.Headers.Add("Sec-Fetch-Site", "cross-site")));
        Assert.Equal(HttpStatusCode.Forbidden, await PostRfmAsync(client, _ => { }));
        // From the dashboard's own origin, or with the antiforgery token, it goes through (422: no orders here).
        Assert.Equal(HttpStatusCode.UnprocessableEntity, await PostRfmAsync(client, r => r.Headers.Add("Origin", self)));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, await PostRfmAsync(client, r => r.Headers.Add("Sec-Fetch-Site", "same-origin")));
        var (_, token) = await CookieSignIn.AntiforgeryAsync(client, "/");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, await PostRfmAsync(client, r => r.Headers.Add("RequestVerificationToken", token)));
        // A read is not state-changing and needs nothing.
        using var read = await client.GetAsync(new Uri("/api/overview/counts", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }

    [Fact]
    public async Task ApiKeyCaller_FromAnyOrigin_IsNotCookieBasedAndPasses()
    {
        using var client = fixture.CreateClient(Roles.Analyst);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, await PostRfmAsync(client, r => r.Headers.Add("Origin", "https://integration.example")));
    }

    [Fact]
    public async Task Api_BodyOverTheLimit_Is413()
    {
        using var client = fixture.CreateClient();
        using var body = new StringContent("{\"trainer\":\"" + new string('x', 1024 * 1024 + 10) + "\"}", Encoding.UTF8, "application/json");

        using var response = await client.PostAsync(new Uri("/api/churn/train", UriKind.Relative), body);

        Assert.True(response.StatusCode == HttpStatusCode.RequestEntityTooLarge, await response.Content.ReadAsStringAsync());
    }

    static async Task<HttpStatusCode> PostRfmAsync(HttpClient client, Action<HttpRequestMessage> headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/rfm/run", UriKind.Relative));
        headers(request);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }
}

public sealed class LimitsTests
{
    [Fact]
    public async Task Api_OverTheRateLimit_Is429WithRetryAfter_PerCaller()
    {
        using var database = new InMemorySqlite();
        await using var factory = new ValoraServerFactory(database.ConnectionString,
            settings: new Dictionary<string, string?> { ["Valora:Security:ApiRequestsPerMinute"] = "3" });
        using var first = factory.CreateClient(Roles.ReadOnly);
        using var second = factory.CreateClient(Roles.Sales);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await first.GetAsync(new Uri("/api/overview/counts", UriKind.Relative));
            statuses.Add(response.StatusCode);
            if (i == 3)
            {
                Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After");
            }
        }
        using var other = await second.GetAsync(new Uri("/api/overview/counts", UriKind.Relative));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task InternalError_ShowsNoStackTraceNoSqlAndNoExceptionType()
    {
        using var database = new InMemorySqlite();
        await using var factory = new ValoraServerFactory(database.ConnectionString);
        using var client = factory.CreateClient();
        await using (var db = factory.Database.CreateContext())
        {
            await db.Database.OpenConnectionAsync();
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = "PRAGMA foreign_keys = OFF; DROP TABLE \"Customers\";";
            await command.ExecuteNonQueryAsync();
        }

        using var response = await client.GetAsync(new Uri("/api/customers", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        foreach (var leak in new[] { " at ", "Exception", "SQLite", "no such table", "SELECT", "Customers\"", ".cs:line" })
        {
            Assert.DoesNotContain(leak, body, StringComparison.OrdinalIgnoreCase);
        }
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }
}
