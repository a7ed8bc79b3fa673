using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Valora.Data;
using Valora.Domain.Scores;
using Valora.Server.Tests.Support;

namespace Valora.Server.Tests.Dashboard;

/// <summary>
/// A churn run stored before churn computed permutation importance (its summary has none): four customers with
/// probabilities 0.9, 0.7, 0.4 and 0.1, written straight to the runs and scores tables.
/// </summary>
public class OlderChurnRunFixture : ServerFixture
{
    public const string Version = "churn-older";

    /// <summary>The run's stored parameters.</summary>
    protected virtual string ParametersJson => """{"windowDays":90,"trainer":"lr"}""";

    protected override async Task InsertAsync(ValoraDbContext db)
    {
        var asOf = new DateOnly(2025, 6, 30);
        foreach (var (name, p, tier) in new[] { ("a", 0.9, "high"), ("b", 0.7, "high"), ("c", 0.4, "medium"), ("d", 0.1, "low") })
        {
            var id = await SalesData.CustomerAsync(db, name);
            db.CustomerScores.Add(new CustomerScore { CustomerId = id, AsOf = asOf, Metric = "churn_probability", Value = p, ModelVersion = Version });
            db.CustomerScores.Add(new CustomerScore { CustomerId = id, AsOf = asOf, Metric = "churn_tier", Label = tier, ModelVersion = Version });
            db.CustomerScores.Add(new CustomerScore { CustomerId = id, AsOf = asOf, Metric = "churn_reasons", Label = "days_since_last_order = 200 (typical 40)", ModelVersion = Version });
        }
        db.AnalysisRuns.Add(new AnalysisRun
        {
            Model = "churn", Version = Version, AsOf = asOf, Customers = 4,
            ParametersJson = ParametersJson,
            SummaryJson = """{"metrics":{"cv_roc_auc":0.8},"tiers":[],"classWeighting":"none"}""",
        });
        await db.SaveChangesAsync();
    }
}

/// <summary>The same four customers in a run whose high tier starts at 0.35.</summary>
public sealed class LowHighRiskChurnRunFixture : OlderChurnRunFixture
{
    protected override string ParametersJson => """{"windowDays":90,"trainer":"lr","highRisk":0.35,"mediumRisk":0.2}""";
}

public sealed class ChurnThresholdStartTests(LowHighRiskChurnRunFixture fixture) : IClassFixture<LowHighRiskChurnRunFixture>
{
    [Fact]
    public async Task Churn_StartsTheThresholdAtTheRunsHighTier()
    {
        using var client = fixture.CreateClient();
        using var response = await client.GetAsync(new Uri("/churn", UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();
        // At 0.35: 0.9, 0.7 and 0.4 flagged, Σ P 2.0, precision 2.0 / 3 = 0.667, recall 2.0 / 2.1 = 0.952.
        Assert.Equal("0.35", ChurnPageTests.Value(html, "threshold"));
        Assert.Equal("3", ChurnPageTests.Value(html, "threshold-flagged"));
        Assert.Equal("0.667", ChurnPageTests.Value(html, "threshold-precision"));
        Assert.Equal("0.952", ChurnPageTests.Value(html, "threshold-recall"));
    }
}

public sealed class ChurnPageTests(OlderChurnRunFixture fixture) : IClassFixture<OlderChurnRunFixture>
{
    readonly HttpClient _client = fixture.CreateClient();

    [Fact]
    public async Task Churn_OnARunWithoutImportance_SaysSoAndShowsTheCatchAtTheDefaultThreshold()
    {
        using var response = await _client.GetAsync(new Uri("/churn", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("churn-importance-none", html, StringComparison.Ordinal);
        Assert.DoesNotContain("churn-importance-table", html, StringComparison.Ordinal);
        // At 0.60: 0.9 and 0.7 flagged, Σ P 1.6, precision 1.6 / 2 = 0.8, recall 1.6 / 2.1 = 0.762.
        Assert.Equal("0.60", Value(html, "threshold"));
        Assert.Equal("2", Value(html, "threshold-flagged"));
        Assert.Equal("1.6", Value(html, "threshold-caught"));
        Assert.Equal("0.800", Value(html, "threshold-precision"));
        Assert.Equal("0.762", Value(html, "threshold-recall"));
    }

    [Fact]
    public async Task Scores_OnARunWithoutImportance_ReturnAnEmptyListAndTheThresholds()
    {
        var view = await _client.GetFromJsonAsync<JsonElement>(new Uri("/api/churn/scores", UriKind.Relative));

        Assert.Equal(OlderChurnRunFixture.Version, view.GetProperty("version").GetString());
        Assert.Equal(0, view.GetProperty("importance").GetArrayLength());
        var at40 = view.GetProperty("thresholds")[40];
        Assert.Equal(0.4, at40.GetProperty("threshold").GetDouble());
        Assert.Equal(3, at40.GetProperty("flagged").GetInt32());
        Assert.Equal(2.0, at40.GetProperty("expectedChurners").GetDouble(), 12);
    }

    internal static string Value(string html, string name)
    {
        var m = Regex.Match(html, $"data-value=\"{name}\"[^>]*>(?<v>[^<]*)<", RegexOptions.None, TimeSpan.FromSeconds(1));
        Assert.True(m.Success, $"no {name} on the page");
        return m.Groups["v"].Value.Trim();
    }
}
