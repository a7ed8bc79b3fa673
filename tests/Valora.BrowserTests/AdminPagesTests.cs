using System.Globalization;
using System.Net;
using Microsoft.Playwright;
using Valora.TestSupport;

namespace Valora.BrowserTests;

/// <summary>
/// The administration pages and role-aware navigation: an admin creates a read-only user and an API key on the pages;
/// the read-only user signs in and sees no administration link and is refused the pages; the key works on the API
/// until the page revokes it; the audit log lists the newest entry first.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class AdminPagesTests(DashboardFixture fixture)
{
    static readonly string[] AdminLinks = ["/admin/users", "/admin/keys", "/admin/audit"];

    [BrowserFact]
    public async Task Users_AdminCreatesAReadOnlyUser_WhoSeesNoAdministrationAndIsRefusedIt()
    {
        var page = await fixture.OpenAsync("admin/users");
        foreach (var link in AdminLinks)
        {
            Assert.True(await page.Locator($".mud-drawer a[href='{link}']").CountAsync() == 1, $"the admin has no {link} link");
        }
        Assert.Equal("admin", await page.Locator("td[data-user='admin'] + td").GetAttributeAsync("data-role"));

        var name = "reader-" + Guid.NewGuid().ToString("N")[..8];
        const string password = "a-long-enough-password";
        await page.FillAsync(".new-user-name input", name);
        await page.FillAsync(".new-user-password input", password);
        await page.ClickAsync(".new-user-create");
        await page.WaitForSelectorAsync($"td[data-user='{name}']");
        Assert.Equal("false", await page.GetAttributeAsync(".admin-message", "data-failed"));
        Assert.Equal("readonly", await page.Locator($"td[data-user='{name}'] + td").GetAttributeAsync("data-role"));
        using (var db = fixture.OpenDatabase())
        {
            db.Open();
            using var cmd = db.CreateCommand();
            cmd.CommandText = """
                SELECT r."Name" FROM "AspNetUsers" u JOIN "AspNetUserRoles" ur ON ur."UserId" = u."Id" JOIN "AspNetRoles" r ON r."Id" = ur."RoleId"
                WHERE u."UserName" = $n
                """;
            cmd.Parameters.AddWithValue("$n", name);
            Assert.Equal("readonly", cmd.ExecuteScalar() as string);
        }

        // A password Identity refuses is reported, and no user is made.
        await page.FillAsync(".new-user-name input", name + "-short");
        await page.FillAsync(".new-user-password input", "short");
        await page.ClickAsync(".new-user-create");
        await page.WaitForSelectorAsync(".admin-message[data-failed='true']");
        Assert.Equal(0, await page.Locator($"td[data-user='{name}-short']").CountAsync());

        await using var context = await fixture.Browser.NewContextAsync();
        var reader = await context.NewPageAsync();
        await fixture.SignInAsync(reader, name, password);
        await reader.GotoAsync(new Uri(fixture.Address, "value").ToString());
        await DashboardFixture.WaitForInteractivityAsync(reader);
        Assert.True(await reader.Locator(".mud-drawer a[href='/value']").CountAsync() == 1, "the read-only user has no Value link");
        foreach (var link in AdminLinks)
        {
            Assert.True(await reader.Locator($".mud-drawer a[href='{link}']").CountAsync() == 0, $"the read-only user sees {link}");
            // Loading the address is refused by the endpoint (the cookie's access-denied page).
            await reader.GotoAsync(new Uri(fixture.Address, link.TrimStart('/')).ToString());
            Assert.Contains("/account/denied", reader.Url, StringComparison.Ordinal);
            Assert.Equal(0, await reader.Locator(".users-table, .keys-table, .audit-table").CountAsync());
        }
        await DashboardFixture.ScreenshotAsync(page, "admin-users");
    }

    [BrowserFact]
    public async Task Keys_ACreatedKeyCallsTheApiUntilRevoked_AndTheAuditLogShowsTheNewestFirst()
    {
        var page = await fixture.OpenAsync("admin/keys");
        var name = "nightly-" + Guid.NewGuid().ToString("N")[..8];
        await page.FillAsync(".new-key-name input", name);
        await page.ClickAsync(".new-key-create");
        await page.WaitForSelectorAsync("[data-value='token']");
        var token = (await page.InnerTextAsync("[data-value='token']")).Trim();
        Assert.StartsWith("vk_", token, StringComparison.Ordinal);
        var row = page.Locator(".keys-table tbody tr", new() { Has = page.Locator($"td[data-key='{name}']") });
        Assert.Equal("active", await row.Locator("[data-value='state']").InnerTextAsync());

        using var http = new HttpClient { BaseAddress = fixture.Address };
        using (var request = new HttpRequestMessage(HttpMethod.Get, "api/overview/counts"))
        {
            request.Headers.Add("X-Api-Key", token);
            using var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        await row.Locator(".revoke-key").ClickAsync();
        await page.WaitForFunctionAsync("n => [...document.querySelectorAll('.keys-table tbody tr')].some(r => r.querySelector(`td[data-key='${n}']`) && r.querySelector(\"[data-value='state']\").textContent.startsWith('revoked'))", name);
        using (var request = new HttpRequestMessage(HttpMethod.Get, "api/overview/counts"))
        {
            request.Headers.Add("X-Api-Key", token);
            using var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        var audit = await fixture.OpenAsync("admin/audit");
        long newest;
        using (var db = fixture.OpenDatabase())
        {
            db.Open();
            using var cmd = db.CreateCommand();
            cmd.CommandText = """SELECT MAX("Id") FROM "AuditLog" """;
            newest = (long)cmd.ExecuteScalar()!;
        }
        Assert.Equal(newest.ToString(CultureInfo.InvariantCulture), await audit.Locator(".audit-table tbody tr td[data-id]").First.GetAttributeAsync("data-id"));
        // The filter keeps one actor's entries only.
        await audit.FillAsync(".audit-actor input", "admin");
        await audit.PressAsync(".audit-actor input", "Tab");
        await audit.WaitForFunctionAsync("() => [...document.querySelectorAll(\".audit-table [data-value='actor']\")].every(c => c.textContent === 'admin')");
        Assert.True(await audit.Locator(".audit-table [data-value='actor']").CountAsync() > 0, "the admin has no audit entries");
        await DashboardFixture.ScreenshotAsync(audit, "admin-audit");
    }
}
