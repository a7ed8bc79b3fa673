namespace Valora.TestSupport;

/// <summary>
/// A fact that drives Debian's Chromium (<c>/usr/bin/chromium</c>). Outside CI it is skipped, with the reason, when the
/// browser is not installed; under CI (.ci/run installs it) it always runs.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BrowserFactAttribute : FactAttribute
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public BrowserFactAttribute()
    {
        if (!File.Exists(ChromiumPath) && !SharedData.IsCi)
        {
            var reason = $"SKIPPED: {ChromiumPath} is not installed (apt-get install chromium), so there is no browser to test with.";
            Skip = reason;
        }
    }
}
