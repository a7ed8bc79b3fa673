using System.Globalization;
using Valora.TestSupport;

namespace Valora.BrowserTests;

/// <summary>The Clusters page on the demo the server clusters at first start (k-means on log1p-standardised R, F, M).</summary>
[Collection(DashboardCollection.Name)]
public sealed class ClustersPageTests(DashboardFixture fixture)
{
    [BrowserFact]
    public async Task Clusters_OnTheDemo_ShowsEachStoredClustersSizeValueShareAndMeans()
    {
        var page = await fixture.OpenAsync("clusters");

        Assert.True(await page.Locator(".mud-drawer a[href='/clusters']").CountAsync() == 1, "no Clusters link in the drawer");
        Dictionary<long, (double? Value, string? Label)> cluster, frequency, monetary, clv;
        using (var db = fixture.OpenDatabase())
        {
            db.Open();
            var run = StoredScores.LatestRun(db, "clusters");
            cluster = StoredScores.Of(db, run, "cluster");
            frequency = StoredScores.Of(db, run, "cluster_frequency");
            monetary = StoredScores.Of(db, run, "cluster_monetary");
            var clvRun = StoredScores.LatestRun(db, "clv");
            clv = StoredScores.Of(db, clvRun, "clv");
        }
        var members = cluster.GroupBy(c => (int)c.Value.Value!.Value).ToDictionary(g => g.Key, g => g.Select(c => c.Key).ToArray());
        Assert.Equal(cluster.Count.ToString("N0", CultureInfo.InvariantCulture), await page.InnerTextAsync("[data-value='cluster-customers']"));
        Assert.Equal(members.Count.ToString(CultureInfo.InvariantCulture), await page.InnerTextAsync("[data-value='cluster-count']"));
        Assert.InRange(members.Count, 2, 8);

        var totalRevenue = monetary.Values.Sum(m => m.Value!.Value);
        var totalClv = clv.Where(c => cluster.ContainsKey(c.Key)).Sum(c => c.Value.Value ?? 0);
        var rows = page.Locator(".cluster-profiles tbody tr");
        Assert.Equal(members.Count, await rows.CountAsync());
        var shares = new List<double>();
        foreach (var (k, ids) in members)
        {
            var row = page.Locator(".cluster-profiles tbody tr", new() { Has = page.Locator($"[data-cluster='{k}']") });
            Assert.Equal(ids.Length.ToString("N0", CultureInfo.InvariantCulture), await row.Locator("[data-value='size']").InnerTextAsync());
            var revenueShare = ids.Sum(id => monetary[id].Value!.Value) / totalRevenue;
            Assert.Equal(revenueShare.ToString("P1", CultureInfo.InvariantCulture), await row.Locator("[data-value='revenue-share']").InnerTextAsync());
            var clvShare = ids.Sum(id => clv.TryGetValue(id, out var c) ? c.Value ?? 0 : 0) / totalClv;
            Assert.Equal(clvShare.ToString("P1", CultureInfo.InvariantCulture), await row.Locator("[data-value='clv-share']").InnerTextAsync());
            Assert.Equal(ids.Average(id => frequency[id].Value!.Value).ToString("N2", CultureInfo.InvariantCulture),
                await row.Locator("[data-feature='frequency']").InnerTextAsync());
            Assert.Equal(ids.Average(id => monetary[id].Value!.Value).ToString("N2", CultureInfo.InvariantCulture),
                await row.Locator("[data-feature='monetary']").InnerTextAsync());
            shares.AddRange([100.0 * ids.Length / cluster.Count, 100 * revenueShare, 100 * clvShare]);
        }

        // The bars (customers, revenue and CLV share of each cluster) have the lengths of those shares.
        var lengths = await DashboardFixture.BarLengthsAsync(page, ".cluster-shares-chart");
        Assert.Equal(shares.Count, lengths.Count);
        var expected = shares.Select(s => s / shares.Max()).Order().ToArray();
        var shown = lengths.Select(l => l / lengths.Max()).Order().ToArray();
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], shown[i], 3);
        }
        Assert.True(await page.Locator(".cluster-k-chart circle.mud-chart-point").CountAsync() >= 2, "no silhouette-by-k points");
        await DashboardFixture.ScreenshotAsync(page, "clusters");

        // Medians instead of means: the stored frequencies' median of the first cluster.
        await DashboardFixture.WaitForInteractivityAsync(page);
        await page.ClickAsync("button[data-statistic='median']");
        await page.WaitForSelectorAsync(".cluster-profiles[data-statistic-shown='median']");
        var (first, firstIds) = members.OrderBy(m => m.Key).First();
        var sorted = firstIds.Select(id => frequency[id].Value!.Value).Order().ToArray();
        var median = sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        var firstRow = page.Locator(".cluster-profiles tbody tr", new() { Has = page.Locator($"[data-cluster='{first}']") });
        Assert.Equal(median.ToString("N2", CultureInfo.InvariantCulture), await firstRow.Locator("[data-feature='frequency']").InnerTextAsync());
    }
}
