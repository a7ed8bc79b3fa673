using System.Globalization;
using Valora.TestSupport;

namespace Valora.BrowserTests;

/// <summary>The Segments page on the demo, whose first start saves the three preset segments (scaled to its prices).</summary>
[Collection(DashboardCollection.Name)]
public sealed class SegmentsPageTests(DashboardFixture fixture)
{
    [BrowserFact]
    public async Task Segments_OnTheDemo_ListsThePresetsChecksARuleAsTypedAndSavesIt()
    {
        var page = await fixture.OpenAsync("segments");
        Assert.True(await page.Locator(".mud-drawer a[href='/segments']").CountAsync() == 1, "no Segments link in the drawer");

        // "Loyal" = orders_12m > 6: counted here from the orders, with the segment's as-of date.
        int loyal;
        using (var db = fixture.OpenDatabase())
        {
            db.Open();
            using var cmd = db.CreateCommand();
            cmd.CommandText = """
                SELECT COUNT(*) FROM (
                  SELECT o."CustomerId" FROM "Orders" o
                  WHERE o."Status" = 'Completed'
                    AND o."OrderedAt" >= date((SELECT MAX("AsOf") FROM "AnalysisRuns" WHERE "Version" = 'segment:Loyal'), '+1 day', '-365 days')
                    AND o."OrderedAt" < date((SELECT MAX("AsOf") FROM "AnalysisRuns" WHERE "Version" = 'segment:Loyal'), '+1 day')
                  GROUP BY o."CustomerId" HAVING COUNT(*) > 6)
                """;
            loyal = Convert.ToInt32(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
        }
        Assert.True(loyal > 0, "the demo has loyal customers");
        Assert.Equal(3, await page.Locator(".segments tbody tr").CountAsync());
        var row = page.Locator(".segments tbody tr", new() { Has = page.Locator("[data-segment='Loyal']") });
        Assert.Equal(loyal.ToString("N0", CultureInfo.InvariantCulture), await row.Locator("[data-value='customers']").InnerTextAsync());
        Assert.Equal(3, (await DashboardFixture.BarLengthsAsync(page, ".segment-sizes")).Count(l => l > 0));
        Assert.Equal(1, await page.Locator(".segment-overlap").CountAsync());

        await DashboardFixture.WaitForInteractivityAsync(page);
        await page.FillAsync(".segment-rule input", "orders_12m > 'many'");
        await page.WaitForSelectorAsync(".segment-rule .mud-input-helper-text:has-text('At position 14')");
        Assert.True(await page.IsDisabledAsync(".segment-save"), "a bad rule cannot be saved");

        await page.FillAsync(".segment-name input", "Very loyal");
        await page.FillAsync(".segment-rule input", "orders_12m > 6 and orders > 0");
        await page.WaitForSelectorAsync(".segment-rule-ok");
        await page.ClickAsync(".segment-save");
        await page.WaitForSelectorAsync(".segments [data-segment='Very loyal']");
        var saved = page.Locator(".segments tbody tr", new() { Has = page.Locator("[data-segment='Very loyal']") });
        Assert.Equal(loyal.ToString("N0", CultureInfo.InvariantCulture), await saved.Locator("[data-value='customers']").InnerTextAsync());
        await DashboardFixture.ScreenshotAsync(page, "segments");
    }
}
