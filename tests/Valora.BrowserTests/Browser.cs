using Microsoft.Playwright;

namespace Valora.BrowserTests;

/// <summary>
/// Debian's Chromium (apt package <c>chromium</c>, installed by .ci/run) driven by Playwright — never a downloaded
/// browser build. Flags keep it off the network, which this machine does not have.
/// </summary>
public static class Browser
{
    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        if (!File.Exists(Valora.TestSupport.BrowserFactAttribute.ChromiumPath))
        {
            throw new InvalidOperationException($"{Valora.TestSupport.BrowserFactAttribute.ChromiumPath} is missing: install Debian's chromium (apt-get install chromium); .ci/run does.");
        }
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Valora.TestSupport.BrowserFactAttribute.ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-gpu", "--no-first-run", "--disable-sync"],
        });
        return (playwright, browser);
    }
}
