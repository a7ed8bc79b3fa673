using Microsoft.Playwright;

namespace Valora.BrowserTests;

/// <summary>
/// One real server (seeded demo, analysed on first start) and one browser for every dashboard test class: starting
/// them takes most of a browser test's time, so each page's tests join the <see cref="DashboardCollection"/>.
/// The fixture signs in once as the server's admin through the real sign-in page; every page <see cref="OpenAsync"/>
/// opens starts from that signed-in state (<see cref="SignedIn"/>), in its own browser context.
/// </summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    ServerProcess _server = null!;
    IPlaywright _playwright = null!;

    public IBrowser Browser { get; private set; } = null!;

    public Uri Address => _server.Address;

    /// <summary>
    /// A read-only connection to the server's SQLite file (open it, query, dispose), for checking the numbers a page
    /// shows against the stored rows with SQL of the test's own.
    /// </summary>
    public Microsoft.Data.Sqlite.SqliteConnection OpenDatabase() =>
        new($"Data Source={_server.DatabasePath};Mode=ReadOnly;Pooling=False");

    /// <summary>The browser storage (the authentication cookie) of the admin's sign-in.</summary>
    public string SignedIn { get; private set; } = null!;

    /// <summary>Where page screenshots go (the test artifacts): <c>screenshots/</c> beside the test assembly.</summary>
    public static string ScreenshotDirectory { get; } = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;

    public async Task InitializeAsync()
    {
        _server = await ServerProcess.StartAsync();
        (_playwright, Browser) = await BrowserTests.Browser.LaunchAsync();
        await using var context = await Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await SignInAsync(page, ServerProcess.AdminUserName, ServerProcess.AdminPassword);
        SignedIn = await context.StorageStateAsync();
    }

    /// <summary>Signs in through the sign-in page and waits until the dashboard shows the user.</summary>
    public async Task SignInAsync(IPage page, string userName, string password)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.GotoAsync(new Uri(Address, "account/signin").ToString());
        await page.FillAsync("#userName", userName);
        await page.FillAsync("#password", password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForSelectorAsync(".signed-in-user", new PageWaitForSelectorOptions { Timeout = 30000 });
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        await _server.DisposeAsync();
    }

    /// <summary>
    /// A new desktop-sized page at the given dashboard path, once the interactive circuit has started and the page
    /// has loaded its data again (the prerendered content is replaced by the page's loading bar meanwhile).
    /// </summary>
    public async Task<IPage> OpenAsync(string path, int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            StorageState = SignedIn,
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        // The context lives until the browser is disposed with the fixture.
        var page = await context.NewPageAsync();
        var response = await page.GotoAsync(new Uri(Address, path).ToString());
        Assert.Equal(200, response!.Status);
        await WaitForInteractivityAsync(page);
        await page.WaitForFunctionAsync("() => document.querySelector('.mud-progress-linear.my-4') === null", null, new PageWaitForFunctionOptions { Timeout = 20000 });
        return page;
    }

    /// <summary>Waits until Blazor's circuit is up, so clicks and inputs reach the server.</summary>
    public static Task WaitForInteractivityAsync(IPage page) =>
        page.WaitForFunctionAsync("() => window.Blazor && document.querySelector('[data-interactive=\"true\"]') !== null", null, new PageWaitForFunctionOptions { Timeout = 20000 });

    /// <summary>
    /// The length in chart units of each bar of a (single-series, vertical) MudBlazor bar chart, in order: a bar is a
    /// stroked path "M x y0 L x y1", so its length is y0 − y1, proportional to its value.
    /// </summary>
    public static async Task<List<double>> BarLengthsAsync(IPage page, string chart)
    {
        var paths = await page.Locator($"{chart} path.mud-chart-bar").EvaluateAllAsync<string[]>("ps => ps.map(p => p.getAttribute('d'))");
        return [.. paths.Select(d =>
        {
            var parts = d.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return double.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture) - double.Parse(parts[5], System.Globalization.CultureInfo.InvariantCulture);
        })];
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, $"valora-{name}.png"), FullPage = true });
}

[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<DashboardFixture>
{
    public const string Name = "dashboard";
}
