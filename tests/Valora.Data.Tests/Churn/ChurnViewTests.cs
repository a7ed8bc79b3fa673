using Microsoft.EntityFrameworkCore;
using Valora.Analytics.Churn;
using Valora.Data.Churn;
using Valora.Data.Demo;
using Valora.Data.Scores;
using Valora.TestSupport;
using Valora.TestSupport.Data;

namespace Valora.Data.Tests.Churn;

/// <summary>The read of the latest churn run that the API and the Churn page show.</summary>
public sealed class ChurnViewTests
{
    [Fact]
    public Task Load_OnSqlite_ReadsTheRunsImportanceAndThresholdsAndNoImportanceForAnOlderRun() => ReadsImportance(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Load_OnPostgres_ReadsTheRunsImportanceAndThresholdsAndNoImportanceForAnOlderRun() => ReadsImportance(DatabaseProvider.Postgres);

    static async Task ReadsImportance(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await new DemoLoader(test.Database).ExecuteAsync(new DemoOptions { Customers = 400, Seed = 5 });
        var run = await new RunChurn(test.Database).ExecuteAsync(new ChurnRunRequest { Trainer = ChurnTrainer.LogisticRegression, Folds = 3, HighRisk = 0.55 });

        await using (var db = test.Database.CreateContext())
        {
            var view = await ChurnView.LoadAsync(db, 10);

            // What the run computed, in its order (largest drop first), every figure to 1e-12.
            Assert.NotNull(view);
            Assert.Equal(0.55, view.HighRisk);   // the page's threshold starts at the run's own high tier
            Assert.Equal(ChurnFeatures.Names.Count, view.Importance.Count);
            Assert.Equal(run.Importance.Select(c => c.Column), view.Importance.Select(c => c.Column));
            for (var i = 0; i < run.Importance.Count; i++)
            {
                Assert.Equal(run.Importance[i].AucDrop, view.Importance[i].AucDrop, 1e-12);
                Assert.Equal(run.Importance[i].StandardDeviation, view.Importance[i].StandardDeviation, 1e-12);
            }
            Assert.True(view.Importance[0].AucDrop > 0, $"{view.Importance[0].Column} {view.Importance[0].AucDrop}");

            // Every threshold k ÷ 100: the customers the run scored at or above it and the sum of their probabilities.
            Assert.Equal(Enumerable.Range(0, 101).Select(k => k / 100.0), view.Thresholds.Select(t => t.Threshold));
            var all = run.Customers.Sum(c => c.Probability);
            foreach (var point in view.Thresholds)
            {
                var flagged = run.Customers.Where(c => c.Probability >= point.Threshold).ToArray();
                Assert.Equal(flagged.Length, point.Flagged);
                var caught = flagged.Sum(c => c.Probability);
                Assert.Equal(caught, point.ExpectedChurners, 1e-9);
                Assert.Equal(caught / all, point.Recall!.Value, 1e-9);
                if (flagged.Length == 0) Assert.Null(point.Precision);
                else Assert.Equal(caught / flagged.Length, point.Precision!.Value, 1e-9);
            }
            Assert.Equal(run.Customers.Count, view.Thresholds[0].Flagged);
            Assert.Contains(view.Thresholds, t => t.Flagged > 0 && t.Flagged < run.Customers.Count);
        }

        // A run stored before churn computed importance has no "importance" in its summary: an empty list, the rest as before.
        await using (var db = test.Database.CreateContext())
        {
            var stored = await new ScoreQueries(db).LatestRunAsync(Metrics.Churn.Model);
            Assert.NotNull(stored);
            await db.AnalysisRuns.Where(r => r.Id == stored.Id)
                .ExecuteUpdateAsync(u => u.SetProperty(r => r.SummaryJson, """{"metrics":{"cv_roc_auc":0.75},"tiers":[],"classWeighting":"none"}"""));
        }
        await using (var db = test.Database.CreateContext())
        {
            var view = await ChurnView.LoadAsync(db, 10);

            Assert.NotNull(view);
            Assert.Empty(view.Importance);
            Assert.Equal(0.75, view.CrossValidatedRocAuc);
            Assert.Equal(run.Customers.Count, view.Customers);
        }
    }
}
