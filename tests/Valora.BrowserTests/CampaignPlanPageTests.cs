using System.Globalization;
using Valora.TestSupport;

namespace Valora.BrowserTests;

/// <summary>Planning a campaign on the Campaigns page: the groups drawn are checked against the stored members.</summary>
[Collection(DashboardCollection.Name)]
public sealed class CampaignPlanPageTests(DashboardFixture fixture)
{
    [BrowserFact]
    public async Task Plan_OnThePage_StoresTheTargetWithItsControlShareAndAttributesPurchases()
    {
        var page = await fixture.OpenAsync("campaigns");
        await DashboardFixture.WaitForInteractivityAsync(page);

        await page.Locator(".plan-name input").FillAsync("Page-planned win-back");
        await page.Locator(".plan-rule input").FillAsync("orders >= 1");
        // An early start keeps the demo's own campaigns first in the list (newest first).
        await page.Locator(".plan-starts input").FillAsync("2020-01-06");
        await page.Locator(".plan-starts input").PressAsync("Tab");
        await page.Locator(".plan-share input").FillAsync("0.2");
        await page.Locator(".plan-share input").PressAsync("Tab");
        await page.ClickAsync(".plan-submit");
        var done = page.Locator(".plan-done");
        await done.WaitForAsync();
        var contacted = int.Parse((await done.GetAttributeAsync("data-contacted"))!, CultureInfo.InvariantCulture);
        var control = int.Parse((await done.GetAttributeAsync("data-control"))!, CultureInfo.InvariantCulture);
        Assert.True(contacted > 0 && control > 0, await done.InnerTextAsync());

        using (var db = fixture.OpenDatabase())
        {
            db.Open();
            using var command = db.CreateCommand();
            command.CommandText = """
                SELECT c.StartsOn, c.ControlShare, c.Rule, c.Channel,
                       SUM(CASE WHEN m.IsControl THEN 1 ELSE 0 END), SUM(CASE WHEN m.IsControl THEN 0 ELSE 1 END),
                       SUM(CASE WHEN cu.EmailConsent THEN 0 ELSE 1 END)
                FROM Campaigns c JOIN CampaignMembers m ON m.CampaignId = c.Id JOIN Customers cu ON cu.Id = m.CustomerId
                WHERE c.Name = 'Page-planned win-back' GROUP BY c.Id
                """;
            using var reader = command.ExecuteReader();
            Assert.True(reader.Read(), "the planned campaign was not stored");
            Assert.Equal(("2020-01-06", 0.2, "orders >= 1", "email"), (reader.GetString(0), reader.GetDouble(1), reader.GetString(2), reader.GetString(3)));
            Assert.Equal((control, contacted, 0L), (reader.GetInt32(4), reader.GetInt32(5), reader.GetInt64(6)));
            Assert.Equal((int)Math.Round(0.2 * (contacted + control), MidpointRounding.AwayFromZero), control);
        }
        Assert.Contains("20 % held out at random", await page.InnerTextAsync("[data-value='design']"), StringComparison.Ordinal);
        await page.ClickAsync(".campaign-attribute");
        await page.Locator(".campaign-attributed").WaitForAsync();
        Assert.Contains($"of {contacted} contacted and", await page.InnerTextAsync(".campaign-attributed"), StringComparison.Ordinal);
        await DashboardFixture.ScreenshotAsync(page, "campaign-plan");
    }
}
