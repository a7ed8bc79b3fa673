using System.Globalization;
using Microsoft.Playwright;
using Valora.TestSupport;

namespace Valora.BrowserTests;

/// <summary>The Pipeline page on the demo's deals: totals and columns against the stored rows, and a deal moved on the board.</summary>
[Collection(DashboardCollection.Name)]
public sealed class PipelinePageTests(DashboardFixture fixture)
{
    static readonly string[] OpenStages = ["Prospecting", "Qualification", "Proposal", "Negotiation"];

    [BrowserFact]
    public async Task Pipeline_OnTheDemo_ShowsTheOpenDealsAndMovesOneOnTheBoard()
    {
        var page = await fixture.OpenAsync("pipeline");
        Assert.True(await page.Locator(".mud-drawer a[href='/pipeline']").CountAsync() == 1, "no Pipeline link in the drawer");

        // The open deals as stored: per stage, their count and amount (decimal, kept as text by SQLite) and amount × probability.
        var perStage = OpenStages.ToDictionary(s => s, _ => (Deals: 0, Amount: 0m, Weighted: 0.0), StringComparer.Ordinal);
        long moved = 0;
        using (var db = fixture.OpenDatabase())
        {
            db.Open();
            using var command = db.CreateCommand();
            command.CommandText = "SELECT Stage, Amount, Probability FROM Opportunities WHERE Stage NOT IN ('Won', 'Lost')";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var amount = decimal.Parse(reader.GetString(1), CultureInfo.InvariantCulture);
                var s = perStage[reader.GetString(0)];
                perStage[reader.GetString(0)] = (s.Deals + 1, s.Amount + amount, s.Weighted + (double)amount * reader.GetDouble(2));
            }
        }
        Assert.True(perStage.Values.Sum(s => s.Deals) > 0, "the demo has no open deals");
        Assert.Equal(perStage.Values.Sum(s => s.Deals).ToString("N0", CultureInfo.InvariantCulture), await page.InnerTextAsync("[data-value='open-deals']"));
        Assert.Equal(((double)perStage.Values.Sum(s => s.Amount)).ToString("N0", CultureInfo.InvariantCulture), await page.InnerTextAsync("[data-value='open-amount']"));
        Assert.Equal(perStage.Values.Sum(s => s.Weighted).ToString("N0", CultureInfo.InvariantCulture), await page.InnerTextAsync("[data-value='weighted']"));
        foreach (var stage in OpenStages)
        {
            var column = page.Locator($".pipeline-column[data-stage='{stage.ToLowerInvariant()}']");
            Assert.Equal(perStage[stage].Deals.ToString(CultureInfo.InvariantCulture), await column.Locator("[data-deals]").GetAttributeAsync("data-deals"));
            Assert.Equal(Math.Min(8, perStage[stage].Deals), await column.Locator(".pipeline-card").CountAsync());
        }
        Assert.True(await page.Locator(".pipeline-forecast-chart path.mud-chart-bar").CountAsync() > 0, "no forecast bars");
        await DashboardFixture.ScreenshotAsync(page, "pipeline");

        // Move the first prospecting deal to qualification through its menu.
        var from = OpenStages.First(s => perStage[s].Deals > 0 && s != "Qualification");
        var card = page.Locator($".pipeline-column[data-stage='{from.ToLowerInvariant()}'] .pipeline-card").First;
        moved = long.Parse((await card.GetAttributeAsync("data-id"))!, CultureInfo.InvariantCulture);
        await DashboardFixture.WaitForInteractivityAsync(page);
        await card.Locator(".pipeline-move").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "Qualification" }).ClickAsync();
        await page.WaitForSelectorAsync($".pipeline-column[data-stage='qualification'] .pipeline-card[data-id='{moved}'], .pipeline-column[data-stage='qualification'] [data-deals='{perStage["Qualification"].Deals + 1}']");
        using (var db = fixture.OpenDatabase())
        {
            db.Open();
            using var command = db.CreateCommand();
            command.CommandText = $"SELECT o.Stage, e.Kind, e.\"From\", e.\"To\", e.Actor FROM Opportunities o JOIN OpportunityEvents e ON e.OpportunityId = o.Id WHERE o.Id = {moved} AND e.Kind = 'Stage'";
            using var reader = command.ExecuteReader();
            Assert.True(reader.Read(), "no stage event recorded");
            Assert.Equal(("Qualification", from.ToLowerInvariant(), "qualification", ServerProcess.AdminUserName),
                (reader.GetString(0), reader.GetString(2), reader.GetString(3), reader.GetString(4)));
        }
    }
}
