using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Valora.Data;
using Valora.Data.Demo;
using Valora.Server.Tests.Support;
using Valora.TestSupport;
using Valora.TestSupport.Data;

namespace Valora.Server.Tests.Api;

/// <summary>A server whose database holds a small seeded demo population (customers drop out as BG/NBD says).</summary>
public sealed class ChurnFixture : ServerFixture
{
    public static readonly DemoOptions Demo = new() { Customers = 800, Seed = 21 };

    protected override Task InsertAsync(ValoraDbContext db) => new DemoLoader(Factory.Database).ExecuteAsync(Demo);
}

public sealed class ChurnApiTests(ChurnFixture fixture) : IClassFixture<ChurnFixture>
{
    readonly HttpClient _client = fixture.CreateClient();

    [Fact]
    public async Task TrainThenGetScores_OnSqlite_StoresEveryCustomersScoreAndListsTheRiskiest() => await TrainThenGetScores(_client, fixture.Factory.Database);

    [PostgresFact]
    public async Task TrainThenGetScores_OnPostgres_StoresEveryCustomersScoreAndListsTheRiskiest()
    {
        await using var test = await TestDatabase.CreatePostgresAsync();
        await using var factory = new ValoraServerFactory(test.Database.ConnectionString);
        _ = factory.Services;
        await new DemoLoader(factory.Database).ExecuteAsync(ChurnFixture.Demo);
        using var client = factory.CreateClient();
        await TrainThenGetScores(client, factory.Database);
    }

    static async Task TrainThenGetScores(HttpClient client, ValoraDatabase database)
    {
        var job = await JobPolling.StartAndWaitAsync(client, "/api/churn/train", new { trainer = "lr", folds = 3, windowDays = 90 });

        Assert.True(job.GetProperty("status").GetString() == "succeeded", job.ToString());
        Assert.Equal("churn-train", job.GetProperty("kind").GetString());
        var result = job.GetProperty("result");
        Assert.Equal("2026-07-01", result.GetProperty("asOf").GetString());
        Assert.Equal("2026-04-02", result.GetProperty("trainedAsOf").GetString());
        var auc = result.GetProperty("crossValidation")[0].GetProperty("mean").GetProperty("roc_auc").GetDouble();
        Assert.InRange(auc, 0.75, 1);
        var scored = result.GetProperty("customersScored").GetInt32();

        var view = await client.GetFromJsonAsync<JsonElement>(new Uri("/api/churn/scores?top=10", UriKind.Relative));
        Assert.Equal(result.GetProperty("version").GetString(), view.GetProperty("version").GetString());
        Assert.Equal(scored, view.GetProperty("customers").GetInt32());
        Assert.Equal(scored, view.GetProperty("distribution").EnumerateArray().Sum(b => b.GetProperty("customers").GetInt32()));
        Assert.Equal(scored, view.GetProperty("tiers").EnumerateArray().Sum(t => t.GetProperty("customers").GetInt32()));
        var riskiest = view.GetProperty("riskiest").EnumerateArray().ToArray();
        Assert.Equal(10, riskiest.Length);
        var p = riskiest.Select(r => r.GetProperty("probability").GetDouble()).ToArray();
        Assert.Equal(p.OrderByDescending(v => v), p);
        Assert.All(riskiest, r => Assert.NotEqual("", r.GetProperty("reasons").GetString()));
        // CLV was never scored in this database, so there is no value at risk.
        Assert.All(riskiest, r => Assert.Equal(JsonValueKind.Null, r.GetProperty("valueAtRisk").ValueKind));

        // The permutation importance the run stored in its summary (read here as the raw row), in its order, one per feature.
        string summaryJson;
        await using (var db = database.CreateContext())
        {
            summaryJson = db.AnalysisRuns.Where(r => r.Model == "churn").OrderByDescending(r => r.Id).Select(r => r.SummaryJson).First();
        }
        using var summary = JsonDocument.Parse(summaryJson);
        static (string, double, double) Entry(JsonElement e) =>
            (e.GetProperty("column").GetString()!, e.GetProperty("aucDrop").GetDouble(), e.GetProperty("standardDeviation").GetDouble());
        var stored = summary.RootElement.GetProperty("importance").EnumerateArray().Select(Entry).ToArray();
        var served = view.GetProperty("importance").EnumerateArray().Select(Entry).ToArray();
        Assert.Equal(Valora.Analytics.Churn.ChurnFeatures.Names.Count, served.Length);
        Assert.Equal(stored, served);
        Assert.True(served[0].Item2 > 0, served[0].ToString());

        // The expected catch at 0.6: the stored probabilities ≥ 0.6 and their sum.
        double[] stored60;
        var version = result.GetProperty("version").GetString();
        await using (var db = database.CreateContext())
        {
            stored60 = [.. db.CustomerScores.Where(s => s.Metric == "churn_probability" && s.ModelVersion == version && s.Value != null)
                .Select(s => s.Value!.Value).AsEnumerable().Where(v => v >= 0.6)];
        }
        var at60 = view.GetProperty("thresholds").EnumerateArray().Single(t => t.GetProperty("threshold").GetDouble() == 0.6);
        Assert.Equal(stored60.Length, at60.GetProperty("flagged").GetInt32());
        Assert.Equal(stored60.Sum(), at60.GetProperty("expectedChurners").GetDouble(), 1e-9);
        Assert.Equal(101, view.GetProperty("thresholds").GetArrayLength());

        var customer = riskiest[0].GetProperty("customerId").GetInt64();
        var scores = await client.GetFromJsonAsync<JsonElement>(new Uri($"/api/customers/{customer}/scores", UriKind.Relative));
        var byMetric = scores.EnumerateArray().ToDictionary(s => s.GetProperty("metric").GetString()!, StringComparer.Ordinal);
        Assert.Equal(p[0], byMetric["churn_probability"].GetProperty("value").GetDouble(), 9);
        Assert.Equal("2026-07-01", byMetric["churn_probability"].GetProperty("asOf").GetString());
    }

    [Theory]
    [InlineData("""{"windowDays":0}""", "windowDays")]
    [InlineData("""{"folds":1}""", "folds")]
    [InlineData("""{"highRisk":1.5}""", "highRisk")]
    [InlineData("""{"mediumRisk":0.7}""", "mediumRisk")]
    [InlineData("""{"trainer":"svm"}""", "trainer")]
    public async Task Train_BadInput_Returns400NamingTheField(string json, string field)
    {
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        using var response = await _client.PostAsync(new Uri("/api/churn/train", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task Scores_TopOutOfRange_Returns400NamingIt()
    {
        using var response = await _client.GetAsync(new Uri("/api/churn/scores?top=0", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("top", out _), problem.ToString());
    }
}
