using System.Globalization;
using Valora.TestSupport;

namespace Valora.BrowserTests;

/// <summary>The Churn page on the demo the server analyses at first start (churn by logistic regression after CLV).</summary>
[Collection(DashboardCollection.Name)]
public sealed class ChurnPageTests(DashboardFixture fixture)
{
    [BrowserFact]
    public async Task Churn_OnTheDemo_ShowsTheStoredTiersDistributionAndRiskiestCustomers()
    {
        var page = await fixture.OpenAsync("churn");

        Assert.True(await page.Locator(".mud-drawer a[href='/churn']").CountAsync() == 1, "no Churn link in the drawer");
        Dictionary<long, (double? Value, string? Label)> p, tiers, atRisk;
        string asOf;
        using (var db = fixture.OpenDatabase())
        {
            db.Open();
            var run = StoredScores.LatestRun(db, "churn");
            asOf = run.AsOf;
            p = StoredScores.Of(db, run, "churn_probability");
            tiers = StoredScores.Of(db, run, "churn_tier");
            atRisk = StoredScores.Of(db, run, "churn_value_at_risk");
        }
        Assert.NotEmpty(p);
        Assert.Equal(p.Count.ToString("N0", CultureInfo.InvariantCulture), await page.InnerTextAsync("[data-value='churn-customers']"));
        Assert.Equal(asOf, await page.InnerTextAsync("[data-value='churn-as-of']"));

        // Each tier: its customers and Σ P × CLV, as stored.
        foreach (var tier in new[] { "high", "medium", "low" })
        {
            var row = page.Locator(".churn-tiers tbody tr", new() { Has = page.Locator($"[data-tier='{tier}']") });
            var ids = tiers.Where(t => t.Value.Label == tier).Select(t => t.Key).ToList();
            Assert.Equal(ids.Count, StoredScores.Number(await row.Locator("[data-value='tier-customers']").InnerTextAsync()));
            var value = ids.Sum(id => atRisk.TryGetValue(id, out var v) ? v.Value ?? 0 : 0);
            Assert.Equal(Math.Round(value, 2), StoredScores.Number(await row.Locator("[data-value='tier-value-at-risk']").InnerTextAsync()), 2);
        }
        Assert.True(atRisk.Count > 0, "the first-start analysis scored CLV before churn, so there is a value at risk");

        // Ten probability bands whose bar lengths are proportional to the stored counts.
        var counts = new double[10];
        foreach (var (value, _) in p.Values)
        {
            counts[Math.Clamp((int)(value!.Value * 10), 0, 9)]++;
        }
        var lengths = await DashboardFixture.BarLengthsAsync(page, ".churn-distribution");
        Assert.Equal(10, lengths.Count);
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(counts[i] / counts.Max(), lengths[i] / lengths.Max(), 3);
        }

        // The 20 riskiest customers, by stored probability (ties by id), with their probabilities.
        var expected = p.OrderByDescending(kv => kv.Value.Value).ThenBy(kv => kv.Key).Take(20).ToList();
        var rows = page.Locator(".churn-riskiest tbody tr");
        Assert.Equal(20, await rows.CountAsync());
        for (var i = 0; i < 20; i++)
        {
            var row = rows.Nth(i);
            Assert.Equal(expected[i].Key.ToString(CultureInfo.InvariantCulture), await row.Locator("a[data-customer]").GetAttributeAsync("data-customer"));
            Assert.Equal(expected[i].Value.Value!.Value.ToString("0.000", CultureInfo.InvariantCulture), await row.Locator("[data-value='probability']").InnerTextAsync());
        }
        Assert.True(await page.Locator(".churn-drivers tbody tr").CountAsync() >= 1, "no drivers listed");
        await DashboardFixture.ScreenshotAsync(page, "churn");

        // Showing 50 lists 50.
        await DashboardFixture.WaitForInteractivityAsync(page);
        await page.ClickAsync("button[data-top='50']");
        await page.WaitForSelectorAsync(".churn-riskiest[data-rows='50']");
        Assert.Equal(50, await rows.CountAsync());
    }

    [BrowserFact]
    public async Task Churn_OnTheDemo_ChartsTheStoredPermutationImportanceLargestFirst()
    {
        var page = await fixture.OpenAsync("churn");
        string summary;
        using (var db = fixture.OpenDatabase())
        {
            db.Open();
            summary = StoredScores.LatestRun(db, "churn").Summary;
        }
        using var json = System.Text.Json.JsonDocument.Parse(summary);
        // The first start trains churn after the importance was added to the run, so its summary carries it.
        var stored = json.RootElement.GetProperty("importance").EnumerateArray()
            .Select(e => (Column: e.GetProperty("column").GetString()!, Drop: e.GetProperty("aucDrop").GetDouble(), Sd: e.GetProperty("standardDeviation").GetDouble()))
            .ToList();
        Assert.NotEmpty(stored);
        var top = stored.Take(10).ToList();
        Assert.True(top[0].Drop > 0, $"{top[0].Column} {top[0].Drop}");

        // The table: the stored top features in the stored order, with their drops and deviations.
        var rows = page.Locator(".churn-importance-table tbody tr");
        Assert.Equal(top.Count, await rows.CountAsync());
        for (var i = 0; i < top.Count; i++)
        {
            Assert.Equal(top[i].Column, await rows.Nth(i).Locator("[data-value='importance-feature']").InnerTextAsync());
            Assert.Equal(top[i].Drop.ToString("0.0000", CultureInfo.InvariantCulture), await rows.Nth(i).Locator("[data-value='importance-drop']").InnerTextAsync());
            Assert.Equal(top[i].Sd.ToString("0.0000", CultureInfo.InvariantCulture), await rows.Nth(i).Locator("[data-value='importance-sd']").InnerTextAsync());
        }

        // The chart: one bar per feature in the same order, each as long as its drop over the largest (none when negative).
        Assert.Contains("What drives churn (permutation importance, ROC AUC drop)", await page.InnerTextAsync("body"), StringComparison.Ordinal);
        var features = await page.Locator(".churn-importance .importance-row").EvaluateAllAsync<string[]>("rs => rs.map(r => r.getAttribute('data-feature'))");
        Assert.Equal(top.Select(t => t.Column), features);
        var shares = await page.Locator(".churn-importance .importance-row").EvaluateAllAsync<double[]>(
            "rs => rs.map(r => r.querySelector('.importance-bar').getBoundingClientRect().width / r.querySelector('.importance-track').getBoundingClientRect().width)");
        var longest = top.Max(t => Math.Max(t.Drop, 0));
        for (var i = 0; i < top.Count; i++)
        {
            Assert.Equal(Math.Max(top[i].Drop, 0) / longest, shares[i], 2);
        }
        await DashboardFixture.ScreenshotAsync(page, "churn-importance");
    }

    [BrowserFact]
    public async Task Churn_MovingTheThreshold_ShowsTheFlaggedAndTheirExpectedCatchFromTheStoredScores()
    {
        var page = await fixture.OpenAsync("churn");
        double[] p;
        using (var db = fixture.OpenDatabase())
        {
            db.Open();
            p = [.. StoredScores.Of(db, StoredScores.LatestRun(db, "churn"), "churn_probability").Values.Select(v => v.Value!.Value)];
        }
        Assert.NotEmpty(p);

        async Task ShowsAsync(string threshold)
        {
            await page.WaitForFunctionAsync($"() => document.querySelector(\"[data-value='threshold']\")?.textContent === '{threshold}'");
            var t = double.Parse(threshold, CultureInfo.InvariantCulture);
            var flagged = p.Where(v => v >= t).ToArray();
            var caught = flagged.Sum();
            Assert.Equal(flagged.Length.ToString("N0", CultureInfo.InvariantCulture), await page.InnerTextAsync("[data-value='threshold-flagged']"));
            Assert.Equal(caught.ToString("N1", CultureInfo.InvariantCulture), await page.InnerTextAsync("[data-value='threshold-caught']"));
            Assert.Equal(flagged.Length == 0 ? "—" : (caught / flagged.Length).ToString("0.000", CultureInfo.InvariantCulture),
                await page.InnerTextAsync("[data-value='threshold-precision']"));
            Assert.Equal((caught / p.Sum()).ToString("0.000", CultureInfo.InvariantCulture), await page.InnerTextAsync("[data-value='threshold-recall']"));
        }

        // Opens at the high tier's 0.6; each arrow key moves it by 0.01.
        await ShowsAsync("0.60");
        var slider = page.Locator(".churn-threshold input[type='range']");
        await slider.FocusAsync();
        for (var i = 0; i < 25; i++)
        {
            await page.Keyboard.PressAsync("ArrowLeft");
        }
        await ShowsAsync("0.35");
        var at35 = await page.InnerTextAsync("[data-value='threshold-flagged']");
        for (var i = 0; i < 60; i++)
        {
            await page.Keyboard.PressAsync("ArrowRight");
        }
        await ShowsAsync("0.95");
        // The demo's scores spread across the range, so the two thresholds flag different numbers of customers.
        Assert.NotEqual(at35, await page.InnerTextAsync("[data-value='threshold-flagged']"));
        await DashboardFixture.ScreenshotAsync(page, "churn-threshold");
    }
}
