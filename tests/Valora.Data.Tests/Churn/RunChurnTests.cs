using Valora.Analytics.Churn;
using Valora.Data.Analysis;
using Valora.Data.Churn;
using Valora.Data.Demo;
using Valora.Data.Scores;
using Valora.TestSupport;
using Valora.TestSupport.Data;

namespace Valora.Data.Tests.Churn;

/// <summary>Churn on the database's own orders (a small seeded demo population, whose customers drop out as BG/NBD says).</summary>
public sealed class RunChurnTests
{
    static readonly DemoOptions Demo = new() { Customers = 1500, Seed = 12 };

    sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    [Fact]
    public Task Execute_OnSqlite_LearnsChurnAndStoresEveryCustomersScore() => LearnsAndStores(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Execute_OnPostgres_LearnsChurnAndStoresEveryCustomersScore() => LearnsAndStores(DatabaseProvider.Postgres);

    static async Task LearnsAndStores(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await new DemoLoader(test.Database).ExecuteAsync(Demo);
        var time = new FixedTime(new DateTimeOffset(2026, 7, 1, 8, 0, 0, TimeSpan.Zero));
        var request = new ChurnRunRequest { Trainer = ChurnTrainer.LogisticRegression, Folds = 3, WindowDays = 90 };

        var run = await new RunChurn(test.Database, time).ExecuteAsync(request);

        // The demo ends on 2026-06-30: scored as of Jul 1, trained as of Apr 2 with labels from Apr 2 – Jun 30.
        Assert.Equal(new DateOnly(2026, 7, 1), run.AsOf);
        Assert.Equal(new DateOnly(2026, 4, 2), run.TrainedAsOf);
        Assert.Equal("churn-20260701T080000000", run.Version);
        var cv = Assert.Single(run.CrossValidation);
        // Dropped-out customers stop buying, so recency and the gap ratio carry real signal.
        Assert.InRange(cv.Mean["roc_auc"], 0.75, 1);
        Assert.InRange(run.TrainingChurned, 1, run.TrainingCustomers - 1);
        Assert.Equal(run.Customers.Count, run.Tiers.Sum(t => t.Customers));

        await using var db = test.Database.CreateContext();
        var queries = new ScoreQueries(db);
        var stored = await queries.LatestRunAsync(Metrics.Churn.Model);
        Assert.NotNull(stored);
        Assert.Equal((run.Version, run.AsOf, run.Customers.Count), (stored.Version, stored.AsOf, stored.Customers));
        var probabilities = await queries.NumbersAsync(stored, Metrics.Churn.Probability);
        Assert.Equal(run.Customers.Count, probabilities.Count);
        Assert.All(run.Customers, c => Assert.Equal(c.Probability, probabilities[c.CustomerId], 9));
        var tiers = await queries.LabelsAsync(stored, Metrics.Churn.Tier);
        Assert.All(run.Customers, c => Assert.Equal(c.Probability >= 0.6 ? "high" : c.Probability >= 0.3 ? "medium" : "low", tiers[c.CustomerId]));

        // The riskiest customers are the long-silent ones: their first reason is about recency.
        var riskiest = run.Customers.OrderByDescending(c => c.Probability).Take(20).ToArray();
        Assert.All(riskiest, c => Assert.Matches("^(days_since_last_order|gap_ratio|orders_last_90d|order_trend) = ", c.Reasons[0]));

        // Same model version and date again: the run is replaced, not doubled.
        await new RunChurn(test.Database, time).ExecuteAsync(request);
        Assert.Single(await queries.RunsAsync(Metrics.Churn.Model));
        Assert.Equal(run.Customers.Count, (await queries.NumbersAsync(stored, Metrics.Churn.Probability)).Count);
    }

    [Fact]
    public Task Execute_OnSqlite_ReportsAndStoresHeldOutPermutationImportance() => ReportsImportance(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Execute_OnPostgres_ReportsAndStoresHeldOutPermutationImportance() => ReportsImportance(DatabaseProvider.Postgres);

    static async Task ReportsImportance(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await new DemoLoader(test.Database).ExecuteAsync(Demo);
        var request = new ChurnRunRequest { Trainer = ChurnTrainer.LogisticRegression, Folds = 3, WindowDays = 90, Seed = 4 };

        var run = await new RunChurn(test.Database).ExecuteAsync(request);

        // One entry per feature, largest drop first, and the silent-customer signal is clearly used.
        Assert.Equal(ChurnFeatures.Names.Order(StringComparer.Ordinal), run.Importance.Select(c => c.Column).Order(StringComparer.Ordinal));
        Assert.Equal(run.Importance.OrderByDescending(c => c.AucDrop).Select(c => c.AucDrop), run.Importance.Select(c => c.AucDrop));
        Assert.True(run.Importance[0].AucDrop > 0.02, $"{run.Importance[0].Column} {run.Importance[0].AucDrop}");

        // Recomputed by hand on the same held-out fold (the lowest of the seeded stratified folds) with the same seed:
        // identical. On the training rows instead the figures differ, so a run that used them would fail here.
        var purchases = (await CustomerDataset.LoadAsync(test.Database)).Purchases;
        var rows = ChurnFeatures.From(purchases, run.TrainedAsOf);
        var labels = ChurnFeatures.Labels(rows, purchases, request.WindowDays);
        var folds = StratifiedKFold.Assign(labels, request.Folds, request.Seed);
        var heldOut = folds.Min();
        var train = Enumerable.Range(0, labels.Length).Where(i => folds[i] != heldOut).ToArray();
        var held = Enumerable.Range(0, labels.Length).Where(i => folds[i] == heldOut).ToArray();
        var encoder = FeatureEncoder.Fit(rows.Rows, ChurnFeatures.Columns, train);
        var binding = ChurnFeatures.Columns.Select(c => c.Index).ToArray();
        float[][] Encode(int[] ids) => [.. ids.Select(i => encoder.Encode(rows.Rows[i], binding, i))];
        var model = ChurnClassifier.Train(Encode(train), [.. train.Select(i => labels[i])], ChurnTrainer.LogisticRegression,
            new ChurnTrainingOptions(request.Seed, request.BalanceClasses));
        var expected = PermutationImportance.Compute(model, encoder, Encode(held), [.. held.Select(i => labels[i])], 5, request.Seed)
            .ToDictionary(c => c.Column, c => c.AucDrop);
        Assert.All(run.Importance, c => Assert.Equal(expected[c.Column], c.AucDrop, 1e-12));
        var onTraining = PermutationImportance.Compute(model, encoder, Encode(train), [.. train.Select(i => labels[i])], 5, request.Seed)
            .ToDictionary(c => c.Column, c => c.AucDrop);
        Assert.Contains(run.Importance, c => Math.Abs(onTraining[c.Column] - c.AucDrop) > 1e-6);

        // Stored in the run's summary, so it can be read back.
        await using var db = test.Database.CreateContext();
        var stored = await new ScoreQueries(db).LatestRunAsync(Metrics.Churn.Model);
        Assert.NotNull(stored);
        using var summary = System.Text.Json.JsonDocument.Parse(stored.SummaryJson);
        var back = summary.RootElement.GetProperty("importance").EnumerateArray()
            .Select(e => (e.GetProperty("column").GetString()!, e.GetProperty("aucDrop").GetDouble())).ToArray();
        Assert.Equal(run.Importance.Select(c => (c.Column, c.AucDrop)), back);
    }

    [Fact]
    public async Task Execute_OnAnEmptyDatabase_IsNotAnalysableForWantOfOrders()
    {
        await using var test = await TestDatabase.CreateSqliteAsync();
        var error = await Assert.ThrowsAsync<NotAnalysableException>(() => new RunChurn(test.Database).ExecuteAsync(new ChurnRunRequest()));
        Assert.Equal((NotAnalysableReason.NoOrders, Metrics.Churn.Model), (error.Reason, error.Model));
    }

    [Theory]
    [InlineData(0, 5, 0.6, 0.3, "WindowDays")]
    [InlineData(90, 1, 0.6, 0.3, "Folds")]
    [InlineData(90, 5, 1.0, 0.3, "HighRisk")]
    [InlineData(90, 5, 0.5, 0.5, "MediumRisk")]
    public void Validate_OutOfRange_NamesTheField(int window, int folds, double high, double medium, string field)
    {
        var request = new ChurnRunRequest { WindowDays = window, Folds = folds, HighRisk = high, MediumRisk = medium };
        var error = Assert.Throws<ArgumentOutOfRangeException>(request.Validate);
        Assert.Equal(field, error.ParamName);
    }
}
