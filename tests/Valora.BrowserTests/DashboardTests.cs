using System.Globalization;
using Valora.TestSupport;

namespace Valora.BrowserTests;

/// <summary>The dashboard in a real browser against the real server, as a user opens it after the first README command.</summary>
[Collection(DashboardCollection.Name)]
public sealed class DashboardTests(DashboardFixture fixture)
{
    [BrowserFact]
    public async Task Home_OnTheSeededDemo_ShowsNonZeroCountsAndLinksToTheApiReference()
    {
        var page = await fixture.OpenAsync("");

        Assert.Equal("300", await page.InnerTextAsync("[data-count='customers']"));
        var orders = int.Parse(await page.InnerTextAsync("[data-count='orders']"), NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
        Assert.InRange(orders, 300, 3000);
        Assert.True(await page.Locator("a[href='/scalar']").CountAsync() > 0, "no link to the API reference");
        // The page is styled: its stylesheets (MudBlazor from the package, app.css, the scoped bundle) arrived and hold rules.
        var rules = await page.EvaluateAsync<int>("() => [...document.styleSheets].reduce((n, s) => n + s.cssRules.length, 0)");
        Assert.True(rules > 500, $"only {rules} CSS rules loaded: the stylesheets were not served");
        // The navigation drawer lists the pages.
        Assert.True(await page.Locator(".mud-drawer a[href='/value']").CountAsync() == 1, "no Value link in the drawer");
        await DashboardFixture.ScreenshotAsync(page, "home");

        // The API reference page renders in the browser (served from the package, no CDN).
        var scalar = await page.GotoAsync(new Uri(fixture.Address, "scalar").ToString());
        Assert.Equal(200, scalar!.Status);
    }

    [BrowserFact]
    public async Task Home_MenuButton_TogglesTheDrawerOnceInteractive()
    {
        var page = await fixture.OpenAsync("");
        await DashboardFixture.WaitForInteractivityAsync(page);
        var drawer = page.Locator(".mud-drawer");
        Assert.Contains("mud-drawer--open", await drawer.GetAttributeAsync("class") ?? "", StringComparison.Ordinal);

        await page.ClickAsync("header button[aria-label='Menu']");

        await page.WaitForFunctionAsync("() => !document.querySelector('.mud-drawer').classList.contains('mud-drawer--open')");
    }

    [BrowserFact]
    public async Task Value_AfterTheFirstStartAnalysis_DrawsTheChartsAndTheTopCustomers()
    {
        var page = await fixture.OpenAsync("value");

        // Segment bars, Lorenz curve and CLV histogram are drawn by the chart library, with visible size and data.
        var segmentBars = page.Locator(".segments-chart path.mud-chart-bar");
        Assert.True(await segmentBars.CountAsync() >= 3, "expected a bar per RFM segment");
        var box = await page.Locator(".segments-chart svg").First.BoundingBoxAsync();
        Assert.True(box is { Width: > 300, Height: > 100 }, "the segment chart has no visible size");
        var lorenzPoints = await page.Locator(".lorenz-chart circle.mud-chart-point").CountAsync();
        Assert.True(lorenzPoints >= 2 * 20 && lorenzPoints % 2 == 0, $"{lorenzPoints} Lorenz points: expected the curve and the diagonal, 20 or more each");
        Assert.True(await page.Locator(".histogram-chart path.mud-chart-bar").CountAsync() > 0, "no histogram bars");
        Assert.Equal(20, await page.Locator(".top tbody tr").CountAsync());
        await DashboardFixture.ScreenshotAsync(page, "value");
    }
}
