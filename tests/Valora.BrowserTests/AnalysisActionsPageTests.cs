using System.Globalization;
using Valora.TestSupport;

namespace Valora.BrowserTests;

/// <summary>Acting on an analysis from its page: a cluster saved as a segment, and a churn tier handed to campaign planning.</summary>
[Collection(DashboardCollection.Name)]
public sealed class AnalysisActionsPageTests(DashboardFixture fixture)
{
    [BrowserFact]
    public async Task Cluster_SavedAsSegment_HoldsExactlyTheClustersCustomers()
    {
        var page = await fixture.OpenAsync("clusters");
        await DashboardFixture.WaitForInteractivityAsync(page);
        var first = page.Locator(".cluster-profiles tbody tr").First;
        var size = int.Parse(await first.Locator("[data-value='size']").InnerTextAsync(), NumberStyles.AllowThousands, CultureInfo.InvariantCulture);

        await first.Locator(".cluster-save-segment").ClickAsync();
        var saved = page.Locator(".cluster-segment-saved");
        await saved.WaitForAsync();
        var name = (await saved.GetAttributeAsync("data-segment"))!;
        try
        {
            Assert.StartsWith("Cluster C", name, StringComparison.Ordinal);
            using var db = fixture.OpenDatabase();
            db.Open();
            using var command = db.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM CustomerScores s JOIN AnalysisRuns r ON r.Version = s.ModelVersion AND r.AsOf = s.AsOf WHERE r.Model = 'segments' AND r.Version = $v";
            command.Parameters.AddWithValue("$v", "segment:" + name);
            Assert.Equal(size, Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture));
            Assert.Contains(size.ToString("N0", CultureInfo.InvariantCulture) + " customers", await saved.InnerTextAsync(), StringComparison.Ordinal);
        }
        finally
        {
            // Leave the demo's segments as they were for the other pages' tests.
            var status = await page.EvaluateAsync<int>("n => fetch('/api/segments/' + encodeURIComponent(n), { method: 'DELETE' }).then(r => r.status)", name);
            Assert.Equal(204, status);
        }
    }

    [BrowserFact]
    public async Task ChurnTier_PlanACampaign_OpensThePlanFormWithTheTiersRule()
    {
        var page = await fixture.OpenAsync("churn");
        var link = page.Locator(".churn-tiers tbody tr", new() { Has = page.Locator("[data-tier='high']") }).Locator(".churn-plan-campaign");
        await link.ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/campaigns", StringComparison.Ordinal));
        await page.Locator(".plan-rule input").WaitForAsync();
        Assert.Equal("churn_tier = 'high'", await page.Locator(".plan-rule input").InputValueAsync());
    }
}
