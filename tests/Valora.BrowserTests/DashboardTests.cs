using Microsoft.Playwright;
using Valora.TestSupport;

namespace Valora.BrowserTests;

/// <summary>The dashboard in a real browser against the real server, as a user opens it after the first README command.</summary>
public sealed class DashboardTests : IAsyncLifetime
{
    ServerProcess _server = null!;
    IPlaywright _playwright = null!;
    IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        _server = await ServerProcess.StartAsync();
        (_playwright, _browser) = await Browser.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _server.DisposeAsync();
    }

    [BrowserFact]
    public async Task Home_OnTheSeededDemo_ShowsNonZeroCountsAndLinksToTheApiReference()
    {
        var page = await _browser.NewPageAsync();
        var response = await page.GotoAsync(_server.Address.ToString());

        Assert.Equal(200, response!.Status);
        Assert.Equal("300", await page.InnerTextAsync("[data-count='customers']"));
        var orders = int.Parse(await page.InnerTextAsync("[data-count='orders']"), System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(orders, 300, 3000);
        Assert.True(await page.Locator("a[href='/scalar']").CountAsync() > 0, "no link to the API reference");
        // The page is styled: its stylesheets (app.css and the scoped bundle) arrived and hold rules.
        var rules = await page.EvaluateAsync<int>("() => [...document.styleSheets].reduce((n, s) => n + s.cssRules.length, 0)");
        Assert.True(rules > 10, $"only {rules} CSS rules loaded: the stylesheets were not served");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Path.GetTempPath(), "valora-home.png"), FullPage = true });

        // The API reference page renders in the browser (served from the package, no CDN).
        var scalar = await page.GotoAsync(new Uri(_server.Address, "scalar").ToString());
        Assert.Equal(200, scalar!.Status);
    }

    [BrowserFact]
    public async Task Value_AfterTheFirstStartAnalysis_DrawsTheChartsAndTheTopCustomers()
    {
        var page = await _browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var response = await page.GotoAsync(new Uri(_server.Address, "value").ToString());

        Assert.Equal(200, response!.Status);
        // Segment bars, Lorenz curve and CLV histogram are drawn, with visible size.
        var charts = page.Locator("svg");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Path.GetTempPath(), "valora-value.png"), FullPage = true });
        Assert.True(await charts.CountAsync() >= 3, "expected the three value charts");
        var box = await charts.First.BoundingBoxAsync();
        Assert.True(box is { Width: > 100, Height: > 50 }, "the first chart has no visible size");
        Assert.True(await page.Locator("table tbody tr").CountAsync() > 0, "no top-customer rows");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Path.GetTempPath(), "valora-value.png"), FullPage = true });
    }
}
