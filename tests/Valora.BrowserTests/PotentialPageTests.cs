using System.Globalization;
using Valora.TestSupport;

namespace Valora.BrowserTests;

/// <summary>The Potential value page on the demo the server scores at first start (default weights 0.5 / 0.3 / 0.2).</summary>
[Collection(DashboardCollection.Name)]
public sealed class PotentialPageTests(DashboardFixture fixture)
{
    [BrowserFact]
    public async Task Potential_OnTheDemo_ShowsPvPerSegmentFromTheStoredScoresAndRegroups()
    {
        var page = await fixture.OpenAsync("potential");

        Assert.True(await page.Locator(".mud-drawer a[href='/potential']").CountAsync() == 1, "no Potential value link in the drawer");
        Dictionary<long, (double? Value, string? Label)> value, segment, cluster, learned;
        using (var db = fixture.OpenDatabase())
        {
            db.Open();
            value = StoredScores.Of(db, StoredScores.LatestRun(db, "potential"), "potential_value");
            segment = StoredScores.Of(db, StoredScores.LatestRun(db, "rfm"), "rfm_segment");
            cluster = StoredScores.Of(db, StoredScores.LatestRun(db, "clusters"), "cluster_name");
            learned = StoredScores.Of(db, StoredScores.LatestRun(db, "potential_learned"), "potential_learned_value");
        }
        var total = value.Values.Sum(v => v.Value!.Value);
        Assert.Equal(total.ToString("N2", CultureInfo.InvariantCulture), await page.InnerTextAsync("[data-value='potential-total']"));
        Assert.Equal(value.Count.ToString("N0", CultureInfo.InvariantCulture), await page.InnerTextAsync("[data-value='potential-customers']"));
        Assert.Equal("V = 0.5·B + 0.3·R + 0.2·M", await page.InnerTextAsync("[data-value='potential-formula']"));

        await AssertGroupsAsync(page, value, segment, total);
        // The components learned at first start (linear, 90-day windows): Σ V of the stored scores, the chart of its
        // three holdout errors beside the baseline, and one table row per component.
        Assert.Equal(learned.Values.Sum(v => v.Value!.Value).ToString("N2", CultureInfo.InvariantCulture), await page.InnerTextAsync("[data-value='learned-total']"));
        Assert.Equal("purchase by linear, referral by linear, maintenance by linear", await page.InnerTextAsync("[data-value='learned-scoring']"));
        Assert.Equal(3, await page.Locator(".learned-holdout tbody tr").CountAsync());
        Assert.Equal(6, (await DashboardFixture.BarLengthsAsync(page, ".learned-chart")).Count);
        var bars = await DashboardFixture.BarLengthsAsync(page, ".potential-chart");
        Assert.Equal(3 * await page.Locator(".potential-groups tbody tr").CountAsync(), bars.Count);
        await DashboardFixture.ScreenshotAsync(page, "potential");

        await DashboardFixture.WaitForInteractivityAsync(page);
        await page.ClickAsync("button[data-group-by='cluster']");
        await page.WaitForSelectorAsync(".potential-groups[data-grouped-by='Cluster']");
        await AssertGroupsAsync(page, value, cluster, total);
    }

    /// <summary>Each group's row: its customers and PV = Σ V of the stored scores of its members.</summary>
    static async Task AssertGroupsAsync(Microsoft.Playwright.IPage page, Dictionary<long, (double? Value, string? Label)> value,
        Dictionary<long, (double? Value, string? Label)> labels, double total)
    {
        var groups = value.GroupBy(v => labels.TryGetValue(v.Key, out var l) ? l.Label! : "(none)").ToArray();
        Assert.Equal(groups.Length, await page.Locator(".potential-groups tbody tr").CountAsync());
        foreach (var g in groups)
        {
            var row = page.Locator(".potential-groups tbody tr", new() { Has = page.Locator($"[data-group=\"{g.Key}\"]") });
            Assert.Equal(g.Count().ToString("N0", CultureInfo.InvariantCulture), await row.Locator("[data-value='customers']").InnerTextAsync());
            var pv = g.Sum(v => v.Value.Value!.Value);
            Assert.Equal(pv.ToString("N2", CultureInfo.InvariantCulture), await row.Locator("[data-value='pv']").InnerTextAsync());
            Assert.Equal((pv / total).ToString("P1", CultureInfo.InvariantCulture), await row.Locator("[data-value='share']").InnerTextAsync());
        }
    }
}
