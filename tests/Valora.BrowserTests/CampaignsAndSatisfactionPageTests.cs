using Valora.TestSupport;

namespace Valora.BrowserTests;

/// <summary>The Campaigns and Satisfaction pages on the seeded demo (its campaigns hold out control groups; its customers answer NPS and CSAT surveys).</summary>
[Collection(DashboardCollection.Name)]
public sealed class CampaignsAndSatisfactionPageTests(DashboardFixture fixture)
{
    [BrowserFact]
    public async Task Campaigns_OnTheDemo_ChartsContactedAgainstControlAndListsTheThreeUplifts()
    {
        var page = await fixture.OpenAsync("campaigns");

        Assert.True(await page.Locator(".mud-drawer a[href='/campaigns']").CountAsync() == 1, "no Campaigns link in the drawer");
        // Two measures × two groups.
        Assert.Equal(4, await page.Locator(".rates-chart path.mud-chart-bar").CountAsync());
        Assert.Equal(3, await page.Locator(".uplifts tbody tr").CountAsync());
        var first = await page.Locator(".uplifts tbody tr").First.InnerTextAsync();
        Assert.Contains("Response rate", first, StringComparison.Ordinal);
        Assert.Contains("%", first, StringComparison.Ordinal);
        await DashboardFixture.ScreenshotAsync(page, "campaigns");
    }

    [BrowserFact]
    public async Task Satisfaction_OnTheDemo_ShowsTheNpsItsTrendAndTheCsatQuestion()
    {
        var page = await fixture.OpenAsync("satisfaction");

        var nps = double.Parse(await page.InnerTextAsync("[data-value='nps']"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(nps, -100, 100);
        Assert.Equal(3, await page.Locator(".nps-groups-chart path.mud-chart-bar").CountAsync());
        Assert.True(await page.Locator(".nps-trend-chart circle.mud-chart-point").CountAsync() >= 3, "expected NPS points for several months");
        Assert.True(await page.Locator(".questions tbody tr").CountAsync() >= 1, "no survey question rows");
        Assert.Equal(5, await page.Locator(".likert-chart path.mud-chart-bar").CountAsync());
        await DashboardFixture.ScreenshotAsync(page, "satisfaction");
    }
}
