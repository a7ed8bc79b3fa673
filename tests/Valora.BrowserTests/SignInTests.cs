using Microsoft.Playwright;
using Valora.TestSupport;

namespace Valora.BrowserTests;

[Collection(DashboardCollection.Name)]
public sealed class SignInTests(DashboardFixture fixture)
{
    [BrowserFact]
    public async Task Dashboard_WithoutSignIn_ShowsTheSignInPageAndSignsInAndOut()
    {
        await using var context = await fixture.Browser.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync(new Uri(fixture.Address, "customers").ToString());
        Assert.Contains("/account/signin", page.Url, StringComparison.Ordinal);
        await page.FillAsync("#userName", ServerProcess.AdminUserName);
        await page.FillAsync("#password", "not-the-password");
        await page.ClickAsync("button[type=submit]");
        Assert.Contains("Wrong user name or password", await page.InnerTextAsync(".signin-error"), StringComparison.Ordinal);
        await DashboardFixture.ScreenshotAsync(page, "signin");

        await page.FillAsync("#password", ServerProcess.AdminPassword);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForSelectorAsync(".signed-in-user", new PageWaitForSelectorOptions { Timeout = 30000 });
        // Back where the user was going.
        Assert.EndsWith("/customers", page.Url, StringComparison.Ordinal);
        Assert.Equal(ServerProcess.AdminUserName, (await page.InnerTextAsync(".signed-in-user")).Trim());

        await DashboardFixture.WaitForInteractivityAsync(page);
        await page.ClickAsync(".signout-form button");
        await page.WaitForURLAsync("**/account/signin");
        await page.GotoAsync(new Uri(fixture.Address, "value").ToString());
        Assert.Contains("/account/signin", page.Url, StringComparison.Ordinal);
    }
}
