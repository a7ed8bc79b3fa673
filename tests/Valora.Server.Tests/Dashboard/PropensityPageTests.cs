using System.Net;
using System.Text.RegularExpressions;
using Valora.Data;
using Valora.Data.Propensity;
using Valora.Domain.Scores;
using Valora.Server.Tests.Support;

namespace Valora.Server.Tests.Dashboard;

/// <summary>
/// A propensity run written straight to the runs and scores tables: four customers with P(buy) 0.9, 0.65, 0.3 and
/// 0.05 and next categories Books (0.5), Books (0.7), Music (0.4) and Music (0.8).
/// </summary>
public sealed class PropensityRunFixture : ServerFixture
{
    public const string Version = "propensity-test";

    protected override async Task InsertAsync(ValoraDbContext db)
    {
        var asOf = new DateOnly(2025, 6, 30);
        foreach (var (name, buy, category, p) in new[] { ("a", 0.9, "Books", 0.5), ("b", 0.65, "Books", 0.7), ("c", 0.3, "Music", 0.4), ("d", 0.05, "Music", 0.8) })
        {
            var id = await SalesData.CustomerAsync(db, name);
            db.CustomerScores.Add(new CustomerScore { CustomerId = id, AsOf = asOf, Metric = "propensity_buy_probability", Value = buy, ModelVersion = Version });
            db.CustomerScores.Add(new CustomerScore { CustomerId = id, AsOf = asOf, Metric = "propensity_next_category", Label = category, ModelVersion = Version });
            db.CustomerScores.Add(new CustomerScore { CustomerId = id, AsOf = asOf, Metric = "propensity_next_category_probability", Value = p, ModelVersion = Version });
            db.CustomerScores.Add(new CustomerScore { CustomerId = id, AsOf = asOf, Metric = "propensity_top_categories", Label = $"{category}; Home; Toys", ModelVersion = Version });
        }
        db.AnalysisRuns.Add(new AnalysisRun
        {
            Model = "propensity", Version = Version, AsOf = asOf, Customers = 4,
            ParametersJson = """{"windowDays":90,"trainer":"maxent","buyTrainer":"lr","folds":5,"seed":1}""",
            SummaryJson = """{"trainedAsOf":"2025-04-01"}""",
        });
        await db.SaveChangesAsync();
    }
}

public sealed class PropensityPageTests(PropensityRunFixture fixture) : IClassFixture<PropensityRunFixture>
{
    [Fact]
    public async Task View_CountsTheStoredScoresByHand()
    {
        await using var db = fixture.Factory.Database.CreateContext();

        var view = await PropensityView.LoadAsync(db, top: 3);

        Assert.NotNull(view);
        Assert.Equal((PropensityRunFixture.Version, 90, "maxent", "lr", 4), (view.Version, view.WindowDays, view.CategoryTrainer, view.BuyTrainer, view.Customers));
        Assert.Equal(1.9, view.ExpectedBuyers, 12);
        Assert.Equal([1, 0, 0, 1, 0, 0, 1, 0, 0, 1], view.Histogram);
        // Books: a and b, Σ P(buy) 1.55, mean P(category) 0.6; Music: c and d, 0.35, 0.6.
        Assert.Equal(["Books", "Music"], view.Categories.Select(c => c.Category));
        Assert.Equal((2, 1.55, 0.6), (view.Categories[0].Customers, Math.Round(view.Categories[0].ExpectedBuyers, 12), Math.Round(view.Categories[0].MeanProbability, 12)));
        Assert.Equal((2, 0.35, 0.6), (view.Categories[1].Customers, Math.Round(view.Categories[1].ExpectedBuyers, 12), Math.Round(view.Categories[1].MeanProbability, 12)));
        Assert.Equal(["a", "b", "c"], view.Top.Select(t => t.ExternalId));
        Assert.Equal(("Books", 0.7, "Books; Home; Toys"), (view.Top[1].NextCategory, view.Top[1].CategoryProbability!.Value, view.Top[1].TopCategories));
    }

    [Fact]
    public async Task Propensity_ShowsTheExpectedBuyersCategoriesAndTopCustomers()
    {
        using var client = fixture.CreateClient();

        using var response = await client.GetAsync(new Uri("/propensity", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal("1.9", Value(html, "propensity-expected"));
        Assert.Equal("4", Value(html, "propensity-customers"));
        Assert.Equal(["2", "2"], Values(html, "customers"));
        // 1.55 and 0.35 at one decimal: the doubles nearest them are just above 1.55 and just below 0.35.
        Assert.Equal(["1.6", "0.3"], Values(html, "expected"));
        Assert.Equal(["90.0 %", "65.0 %", "30.0 %", "5.0 %"], Values(html, "buy"));   // invariant culture writes "P1" with a space
        Assert.Contains("class=\"mud-chart", html, StringComparison.Ordinal);
    }

    static string Value(string html, string name) => Values(html, name).First();

    static string[] Values(string html, string name) =>
        [.. Regex.Matches(html, $"data-value=\"{name}\"[^>]*>(?<v>[^<]*)<", RegexOptions.None, TimeSpan.FromSeconds(1)).Select(m => m.Groups["v"].Value.Trim())];
}
