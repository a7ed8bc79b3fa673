using System.Globalization;
using Valora.TestSupport;

namespace Valora.BrowserTests;

/// <summary>The RFM, lifetime-value model and Value what-if pages on the demo the server analyses at first start.</summary>
[Collection(DashboardCollection.Name)]
public sealed class AnalysisPagesTests(DashboardFixture fixture)
{
    [BrowserFact]
    public async Task Rfm_HeatMapCellsAddUpToTheScoredCustomers_AndSwitchToRevenue()
    {
        var page = await fixture.OpenAsync("rfm");

        var cells = page.Locator(".rfm-heatmap g.mud-chart-cell text");
        Assert.Equal(25, await cells.CountAsync());   // 5 × 5 bands
        var counts = (await cells.AllTextContentsAsync()).Select(t => int.Parse(t, NumberStyles.AllowThousands, CultureInfo.InvariantCulture)).ToList();
        var total = int.Parse(await page.InnerTextAsync("[data-value='rfm-customers']"), NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
        Assert.Equal(total, counts.Sum());
        var segments = await page.Locator(".rfm-segment-table tbody tr").CountAsync();
        Assert.True(segments >= 3, $"{segments} segments");
        Assert.Equal(segments, await page.Locator(".rfm-segments path.mud-chart-serie").CountAsync());
        await DashboardFixture.ScreenshotAsync(page, "rfm");

        await DashboardFixture.WaitForInteractivityAsync(page);
        await page.ClickAsync("button[data-measure='value']");
        await page.WaitForSelectorAsync(".rfm-heatmap[data-measure-shown='value']");
        var revenue = (await cells.AllTextContentsAsync()).Select(t => double.Parse(t, NumberStyles.Number, CultureInfo.InvariantCulture)).ToList();
        Assert.True(revenue.Sum() > counts.Sum(), "the revenue cells are not revenue");
        await DashboardFixture.ScreenshotAsync(page, "rfm-revenue");
    }

    [BrowserFact]
    public async Task ClvModel_ShowsTheParametersAndThePAliveMatrix()
    {
        var page = await fixture.OpenAsync("clv");

        var parameters = await page.Locator(".purchase-model .parameters tbody tr td:first-child").AllInnerTextsAsync();
        Assert.Equal(["r", "alpha", "a", "b"], parameters);
        Assert.Equal(3, await page.Locator(".spend-model .parameters tbody tr").CountAsync());
        var cells = (await page.Locator(".alive-matrix g.mud-chart-cell text").AllTextContentsAsync())
            .Select(t => double.Parse(t, CultureInfo.InvariantCulture)).ToList();
        Assert.True(cells.Count >= 2 * 12 && cells.Count % 12 == 0, $"{cells.Count} cells");
        Assert.All(cells, p => Assert.InRange(p, 0, 1));
        // The bottom row is x = 0: a customer who never came back is alive with probability 1 under BG/NBD.
        Assert.All(cells.TakeLast(12), p => Assert.Equal(1.0, p));
        await DashboardFixture.ScreenshotAsync(page, "clv");
    }

    [BrowserFact]
    public async Task Value_WhatIf_ChangingTheMarginChangesTheTotal()
    {
        var page = await fixture.OpenAsync("value");
        await DashboardFixture.WaitForInteractivityAsync(page);
        var total = page.Locator("[data-whatif='total']");
        await total.WaitForAsync();
        var before = double.Parse(await total.InnerTextAsync(), NumberStyles.Number, CultureInfo.InvariantCulture);

        // Margin 80 % instead of the observed one, then 10 % instead.
        // The shown total is read before the click: the recalculation may finish before the wait starts.
        await page.FillAsync(".whatif-margin input", "80");
        await page.PressAsync(".whatif-margin input", "Tab");
        var shown = await total.InnerTextAsync();
        await page.ClickAsync(".whatif-run");
        await page.WaitForFunctionAsync($"() => document.querySelector(\"[data-whatif='total']\")?.innerText !== '{shown}'");
        var high = double.Parse(await total.InnerTextAsync(), NumberStyles.Number, CultureInfo.InvariantCulture);
        await page.FillAsync(".whatif-margin input", "10");
        await page.PressAsync(".whatif-margin input", "Tab");
        shown = await total.InnerTextAsync();
        await page.ClickAsync(".whatif-run");
        await page.WaitForFunctionAsync($"() => document.querySelector(\"[data-whatif='total']\")?.innerText !== '{shown}'");
        var low = double.Parse(await total.InnerTextAsync(), NumberStyles.Number, CultureInfo.InvariantCulture);

        // CLV is linear in the margin: 80 % gives 8 × what 10 % gives (to the rounding of the shown whole numbers).
        Assert.NotEqual(before, high);
        Assert.Equal(8.0, high / low, 1);
        await DashboardFixture.ScreenshotAsync(page, "value-what-if");
    }
}
