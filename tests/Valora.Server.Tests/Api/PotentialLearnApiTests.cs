using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Valora.Analytics.Potential;
using Valora.Data;
using Valora.Data.Demo;
using Valora.Data.Potential;
using Valora.Server.Tests.Support;
using Valora.TestSupport;
using Valora.TestSupport.Data;

namespace Valora.Server.Tests.Api;

public sealed class PotentialLearnApiTests(ClustersFixture fixture) : IClassFixture<ClustersFixture>
{
    [Fact]
    public Task LearnThenRead_OnSqlite_MatchesADirectRunAndTheStoredScores() => LearnThenRead(fixture.CreateClient(), fixture.Factory.Database);

    [PostgresFact]
    public async Task LearnThenRead_OnPostgres_MatchesADirectRunAndTheStoredScores()
    {
        await using var test = await TestDatabase.CreatePostgresAsync();
        await using var factory = new ValoraServerFactory(test.Database.ConnectionString);
        _ = factory.Services;
        await new DemoLoader(factory.Database).ExecuteAsync(ClustersFixture.Demo);
        using var client = factory.CreateClient();
        await LearnThenRead(client, factory.Database);
    }

    [Theory]
    [InlineData("""{"learners":["linear","svm"]}""", "learners")]
    [InlineData("""{"learners":[]}""", "learners")]
    [InlineData("""{"windowDays":5}""", "windowDays")]
    [InlineData("""{"alpha":-1}""", "alpha")]
    [InlineData("""{"ticketCost":-2}""", "ticketCost")]
    public async Task Learn_BadSetting_Returns400NamingIt(string body, string field)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await fixture.CreateClient().PostAsync(new Uri("/api/potential/learn", UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal([field], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task ReadLearned_BadTop_Returns400()
    {
        using var response = await fixture.CreateClient().GetAsync(new Uri("/api/potential/learned?top=-1", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    static async Task LearnThenRead(HttpClient client, ValoraDatabase database)
    {
        using (var before = await client.GetAsync(new Uri("/api/potential/learned", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NotFound, before.StatusCode);
        }
        using (var page = await client.GetAsync(new Uri("/potential", UriKind.Relative)))
        {
            Assert.Contains("learned-none", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var job = await JobPolling.StartAndWaitAsync(client, "/api/potential/learn", new { windowDays = 90, learners = new[] { "linear", "lightgbm" } });
        Assert.True(job.GetProperty("status").GetString() == "succeeded", job.ToString());
        var result = job.GetProperty("result");
        var version = result.GetProperty("version").GetString()!;
        var asOf = DateOnly.Parse(result.GetProperty("asOf").GetString()!, CultureInfo.InvariantCulture);

        // The same learning straight through the use case, not stored: the job must have done exactly this.
        var direct = await new LearnPotential(database).ExecuteAsync(
            new LearnPotentialRequest { WindowDays = 90, Regressors = [ComponentRegressor.Linear, ComponentRegressor.LightGbm] }, save: false);
        Assert.Equal((direct.Version, direct.AsOf, direct.Customers.Count), (version, asOf, result.GetProperty("customers").GetInt32()));
        Assert.Equal(direct.Scoring.Select(LearnPotential.Name), result.GetProperty("scoring").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(direct.Customers.Sum(c => c.Value), result.GetProperty("potentialValue").GetDouble(), 6);

        await using var db = database.CreateContext();
        var stored = await db.CustomerScores.AsNoTracking().Where(s => s.ModelVersion == version && s.AsOf == asOf && s.Metric == "potential_learned_value")
            .ToDictionaryAsync(s => s.CustomerId, s => s.Value!.Value);
        Assert.Equal(direct.Customers.Count, stored.Count);

        var view = await client.GetFromJsonAsync<JsonElement>(new Uri("/api/potential/learned?top=5", UriKind.Relative));
        Assert.Equal((version, 90), (view.GetProperty("version").GetString(), view.GetProperty("windowDays").GetInt32()));
        Assert.Equal(stored.Values.Sum(), view.GetProperty("potentialValue").GetDouble(), 6);
        Assert.Equal(stored.Values.OrderDescending().Take(5), view.GetProperty("top").EnumerateArray().Select(t => t.GetProperty("value").GetDouble()));
        var holdout = view.GetProperty("holdout").EnumerateArray().ToArray();
        Assert.Equal(6, holdout.Length);
        foreach (var row in holdout)
        {
            var evaluation = direct.Evaluation.Regressors.Single(r => LearnPotential.Name(r.Regressor) == row.GetProperty("regressor").GetString())
                .Targets.Single(t => t.Target == row.GetProperty("target").GetString());
            Assert.Equal(evaluation.Model.RootMeanSquaredError, row.GetProperty("rmse").GetDouble(), 9);
            Assert.Equal(evaluation.Baseline.RootMeanSquaredError, row.GetProperty("baselineRmse").GetDouble(), 9);
            Assert.Equal(evaluation.BeatsBaseline, row.GetProperty("beatsBaseline").GetBoolean());
        }

        // The page shows the same run.
        using var after = await client.GetAsync(new Uri("/potential", UriKind.Relative));
        var html = await after.Content.ReadAsStringAsync();
        Assert.Contains("learned-holdout", html, StringComparison.Ordinal);
        Assert.Contains($">{view.GetProperty("potentialValue").GetDouble().ToString("N2", CultureInfo.InvariantCulture)}<", html, StringComparison.Ordinal);
        var linearB = direct.Evaluation.Regressors.Single(r => r.Regressor == ComponentRegressor.Linear).Targets[0].Model.RootMeanSquaredError;
        Assert.Contains($"data-value=\"rmse-linear-purchase\">{linearB.ToString("N3", CultureInfo.InvariantCulture)}<", html, StringComparison.Ordinal);
    }
}
