using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Valora.Analytics.Churn;
using Valora.Analytics.Propensity;
using Valora.Data;
using Valora.Data.Demo;
using Valora.Data.Propensity;
using Valora.Server.Tests.Support;
using Valora.TestSupport;
using Valora.TestSupport.Data;

namespace Valora.Server.Tests.Api;

public sealed class PropensityApiTests(ClustersFixture fixture) : IClassFixture<ClustersFixture>
{
    const string Url = "/api/propensity/train";

    static readonly object Body = new { windowDays = 180, folds = 3, trainer = "maxent", buyTrainer = "lr", seed = 2 };

    static readonly PropensityRunRequest Direct = new()
    {
        WindowDays = 180, Folds = 3, Trainer = NextCategoryTrainer.MaximumEntropy, BuyTrainer = ChurnTrainer.LogisticRegression, Seed = 2, Save = false,
    };

    [Fact]
    [Trait("Issue", "12")]
    public Task TrainThenRead_OnSqlite_MatchesADirectRunAndTheStoredScores() => TrainThenRead(fixture.CreateClient(), fixture.Factory.Database);

    [PostgresFact]
    [Trait("Issue", "12")]
    public async Task TrainThenRead_OnPostgres_MatchesADirectRunAndTheStoredScores()
    {
        await using var test = await TestDatabase.CreatePostgresAsync();
        await using var factory = new ValoraServerFactory(test.Database.ConnectionString);
        _ = factory.Services;
        await new DemoLoader(factory.Database).ExecuteAsync(ClustersFixture.Demo);
        using var client = factory.CreateClient();
        await TrainThenRead(client, factory.Database);
    }

    [Theory]
    [InlineData("""{"trainer":"svm"}""", "trainer")]
    [InlineData("""{"buyTrainer":"svm"}""", "buyTrainer")]
    [InlineData("""{"windowDays":0}""", "windowDays")]
    [InlineData("""{"folds":1}""", "folds")]
    public async Task Train_BadField_Returns400NamingIt(string body, string field)
    {
        using var client = fixture.CreateClient();
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(new Uri(Url, UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal([field], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Train_UnknownField_Returns400()
    {
        using var client = fixture.CreateClient();
        using var content = new StringContent("""{"window":90}""", Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(new Uri(Url, UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task GetCustomer_Unknown_Returns404NoSuchCustomer()
    {
        using var client = fixture.CreateClient();
        using var response = await client.GetAsync(new Uri("/api/propensity/customers/987654321", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("No such customer", problem.GetProperty("title").GetString());
    }

    /// <summary>
    /// Trains on the demo (180-day window, 3 folds), then compares the job's figures with a direct run of the same request
    /// that stores nothing (the learners are seeded and single-threaded, so the figures are equal), and each read customer
    /// with the rows stored for the run and the direct run's scores.
    /// </summary>
    static async Task TrainThenRead(HttpClient client, ValoraDatabase database)
    {
        long someone;
        await using (var db = database.CreateContext())
        {
            someone = await db.Orders.OrderBy(o => o.Id).Select(o => o.CustomerId).FirstAsync();
        }
        using (var before = await client.GetAsync(new Uri($"/api/propensity/customers/{someone}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NotFound, before.StatusCode);
            var problem = await before.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("No propensity yet", problem.GetProperty("title").GetString());
        }

        var job = await JobPolling.StartAndWaitAsync(client, Url, Body);
        Assert.True(job.GetProperty("status").GetString() == "succeeded", job.ToString());
        var result = job.GetProperty("result");
        var version = result.GetProperty("version").GetString()!;
        var asOf = DateOnly.Parse(result.GetProperty("asOf").GetString()!, CultureInfo.InvariantCulture);

        var direct = await new RunPropensity(database).ExecuteAsync(Direct);
        Assert.Equal(direct.AsOf, asOf);
        Assert.Equal(direct.TrainedAsOf, DateOnly.Parse(result.GetProperty("trainedAsOf").GetString()!, CultureInfo.InvariantCulture));
        var buy = result.GetProperty("buy");
        Assert.Equal(("lr", direct.Buy.TrainingCustomers, direct.Buy.Buyers, direct.Buy.Customers.Count),
            (buy.GetProperty("trainer").GetString(), buy.GetProperty("trainingCustomers").GetInt32(), buy.GetProperty("buyers").GetInt32(), buy.GetProperty("customersScored").GetInt32()));
        Assert.Equal(direct.Buy.CrossValidation[0].Mean["roc_auc"], buy.GetProperty("crossValidation")[0].GetProperty("mean").GetProperty("roc_auc").GetDouble(), 12);
        var next = result.GetProperty("nextCategory");
        Assert.Equal(("maxent", direct.TrainingCustomers, direct.Customers.Count),
            (next.GetProperty("trainer").GetString(), next.GetProperty("trainingCustomers").GetInt32(), next.GetProperty("customersScored").GetInt32()));
        Assert.Equal(direct.Classes, next.GetProperty("classes").EnumerateArray().Select(c => c.GetString()));
        var cv = next.GetProperty("crossValidation")[0].GetProperty("mean");
        var baseline = next.GetProperty("baseline");
        foreach (var metric in NextCategoryCrossValidation.MetricNames)
        {
            Assert.Equal(direct.CrossValidation[0].Model[metric], cv.GetProperty(metric).GetDouble(), 12);
            Assert.Equal(direct.CrossValidation[0].Baseline[metric], baseline.GetProperty(metric).GetDouble(), 12);
        }

        await using var read = database.CreateContext();
        var stored = await read.CustomerScores.AsNoTracking().Where(s => s.ModelVersion == version && s.AsOf == asOf).ToListAsync();
        Assert.Equal(direct.Buy.Customers.Count, stored.Count(s => s.Metric == "propensity_buy_probability"));
        Assert.Equal(direct.Customers.Count, stored.Count(s => s.Metric == "propensity_next_category"));

        var buyOf = direct.Buy.Customers.ToDictionary(c => c.CustomerId, c => c.Probability);
        foreach (var expected in new[] { direct.Customers[0], direct.Customers[^1], direct.Customers.MaxBy(c => c.Probability)! })
        {
            var view = await client.GetFromJsonAsync<JsonElement>(new Uri($"/api/propensity/customers/{expected.CustomerId}", UriKind.Relative));
            var mine = stored.Where(s => s.CustomerId == expected.CustomerId).ToDictionary(s => s.Metric, StringComparer.Ordinal);
            Assert.Equal((version, asOf), (view.GetProperty("modelVersion").GetString(), DateOnly.Parse(view.GetProperty("asOf").GetString()!, CultureInfo.InvariantCulture)));
            Assert.Equal(expected.NextCategory, view.GetProperty("nextCategory").GetString());
            Assert.Equal(mine["propensity_next_category"].Label, view.GetProperty("nextCategory").GetString());
            Assert.Equal(expected.Probability, view.GetProperty("nextCategoryProbability").GetDouble(), 9);
            Assert.Equal(expected.Top.Select(t => t.Category), view.GetProperty("topCategories").EnumerateArray().Select(c => c.GetString()));
            Assert.Equal(buyOf[expected.CustomerId], view.GetProperty("buyProbability").GetDouble(), 9);
            Assert.Equal(mine["propensity_buy_probability"].Value!.Value, view.GetProperty("buyProbability").GetDouble(), 12);
        }
    }
}
