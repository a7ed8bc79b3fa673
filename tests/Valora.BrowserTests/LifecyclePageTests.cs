using System.Globalization;
using Valora.TestSupport;

namespace Valora.BrowserTests;

/// <summary>The Lifecycle page on the demo the server places in stages at first start (default thresholds).</summary>
[Collection(DashboardCollection.Name)]
public sealed class LifecyclePageTests(DashboardFixture fixture)
{
    [BrowserFact]
    public async Task Lifecycle_OnTheDemo_ShowsTheStoredStagesTheFunnelAndTheMoves()
    {
        var page = await fixture.OpenAsync("lifecycle");

        Assert.True(await page.Locator(".mud-drawer a[href='/lifecycle']").CountAsync() == 1, "no Lifecycle link in the drawer");
        Dictionary<long, (double? Value, string? Label)> stage, tenure;
        using (var db = fixture.OpenDatabase())
        {
            db.Open();
            var run = StoredScores.LatestRun(db, "lifecycle");
            stage = StoredScores.Of(db, run, "lifecycle_stage");
            tenure = StoredScores.Of(db, run, "lifecycle_tenure_days");
        }
        Assert.Equal(stage.Count.ToString("N0", CultureInfo.InvariantCulture), await page.InnerTextAsync("[data-value='lifecycle-customers']"));
        string[] names = ["intro", "confirmation", "growth", "retention", "leaving"];
        var counts = names.Select(n => stage.Values.Count(s => s.Label == n)).ToArray();
        for (var i = 0; i < names.Length; i++)
        {
            var row = page.Locator(".lifecycle-stages tbody tr", new() { Has = page.Locator($"[data-stage='{names[i]}']") });
            Assert.Equal(counts[i].ToString("N0", CultureInfo.InvariantCulture), await row.Locator("[data-value='customers']").InnerTextAsync());
        }
        // The funnel's bars have the lengths of those counts (zero-count stages draw no bar).
        var lengths = await DashboardFixture.BarLengthsAsync(page, ".lifecycle-funnel");
        var nonZero = counts.Where(c => c > 0).Select(c => (double)c).ToArray();
        Assert.Equal(nonZero.Length, lengths.Count(l => l > 0));
        var shown = lengths.Where(l => l > 0).ToArray();
        for (var i = 0; i < shown.Length; i++)
        {
            Assert.Equal(nonZero[i] / nonZero.Max(), shown[i] / shown.Max(), 3);
        }

        // 90 days by default: every customer of now is in the matrix once; the "new" row is those who had not bought
        // 90 days ago, i.e. whose tenure is under 90 days.
        Assert.Equal(stage.Count, await MatrixTotalAsync(page));
        var newRow = await page.Locator(".lifecycle-matrix tr[data-from-stage='new'] td[data-to-stage]").AllInnerTextsAsync();
        Assert.Equal(tenure.Values.Count(t => t.Value < 90), newRow.Sum(StoredScores.Number));
        await DashboardFixture.ScreenshotAsync(page, "lifecycle");

        await DashboardFixture.WaitForInteractivityAsync(page);
        var yearAgo = await page.GetAttributeAsync(".lifecycle-matrix", "data-from");
        await page.ClickAsync("button[data-compare-days='365']");
        await page.WaitForFunctionAsync($"() => document.querySelector('.lifecycle-matrix').dataset.from !== '{yearAgo}'");
        var yearRow = await page.Locator(".lifecycle-matrix tr[data-from-stage='new'] td[data-to-stage]").AllInnerTextsAsync();
        Assert.Equal(tenure.Values.Count(t => t.Value < 365), yearRow.Sum(StoredScores.Number));
    }

    static async Task<double> MatrixTotalAsync(Microsoft.Playwright.IPage page) =>
        (await page.Locator(".lifecycle-matrix td[data-to-stage]").AllInnerTextsAsync()).Sum(StoredScores.Number);
}
