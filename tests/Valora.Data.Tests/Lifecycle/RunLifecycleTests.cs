using Microsoft.EntityFrameworkCore;
using Valora.Analytics.Lifecycle;
using Valora.Data.Analysis;
using Valora.Data.Lifecycle;
using Valora.Data.Scores;
using Valora.Domain.Customers;
using Valora.Domain.Sales;
using Valora.TestSupport;
using Valora.TestSupport.Data;

namespace Valora.Data.Tests.Lifecycle;

public sealed class RunLifecycleTests
{
    static readonly DateOnly AsOf = new(2024, 6, 30);

    [Fact]
    public Task Execute_OnSqlite_StoresEachStageAndComparesTwoDates() => StoresAndCompares(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Execute_OnPostgres_StoresEachStageAndComparesTwoDates() => StoresAndCompares(DatabaseProvider.Postgres);

    [Fact]
    public async Task Execute_OnAnEmptyDatabase_IsNotAnalysableForWantOfOrders()
    {
        await using var test = await TestDatabase.CreateSqliteAsync();
        var error = await Assert.ThrowsAsync<NotAnalysableException>(() => new RunLifecycle(test.Database).ExecuteAsync(null));
        Assert.Equal((NotAnalysableReason.NoOrders, Metrics.Lifecycle.Model), (error.Reason, error.Model));
    }

    [Fact]
    public async Task Execute_UsesPAliveOfARecentClvRunOnly()
    {
        await using var test = await TestDatabase.CreateSqliteAsync();
        var ids = await SeedAsync(test.Database);
        // Customer "steady" buys every quarter; P(alive) 0.1 from a CLV run 10 days before the date makes it leaving,
        // the same from a run 60 days before (older than 31 days) is ignored.
        await RunWriter.WriteAsync(test.Database, new ScoringRun(Metrics.Clv.Model, "clv-old", AsOf.AddDays(-60), Metrics.Clv.All, 1),
            [Metrics.Clv.ProbabilityAlive.Of(ids["steady"], 0.1)]);
        var withOld = await new RunLifecycle(test.Database).ExecuteAsync(AsOf, save: false);
        Assert.Equal(LifecycleStage.Retention, withOld.Customers.Single(c => c.CustomerId == ids["steady"]).Stage);
        Assert.Null(withOld.AliveFrom);

        await RunWriter.WriteAsync(test.Database, new ScoringRun(Metrics.Clv.Model, "clv-recent", AsOf.AddDays(-10), Metrics.Clv.All, 1),
            [Metrics.Clv.ProbabilityAlive.Of(ids["steady"], 0.1)]);
        var withRecent = await new RunLifecycle(test.Database).ExecuteAsync(AsOf, save: false);
        var steady = withRecent.Customers.Single(c => c.CustomerId == ids["steady"]);
        Assert.Equal((LifecycleStage.Leaving, "P(alive) 0.10 < 0.30"), (steady.Stage, steady.Reason));
        Assert.Equal("clv-recent (2024-06-20)", withRecent.AliveFrom);
    }

    static async Task StoresAndCompares(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var ids = await SeedAsync(test.Database);

        var run = await new RunLifecycle(test.Database).ExecuteAsync(AsOf);

        // new: first order 29 days ago; trying: 2 orders; steady: 4 a year both years; lapsed: monthly, silent since
        // 2023-05-31; once: one order 242 days ago. The July order of "new" is after the date.
        var stages = run.Customers.ToDictionary(c => c.CustomerId, c => c.Stage);
        Assert.Equal(LifecycleStage.Intro, stages[ids["new"]]);
        Assert.Equal(LifecycleStage.Confirmation, stages[ids["trying"]]);
        Assert.Equal(LifecycleStage.Retention, stages[ids["steady"]]);
        Assert.Equal(LifecycleStage.Leaving, stages[ids["lapsed"]]);
        Assert.Equal(LifecycleStage.Leaving, stages[ids["once"]]);
        Assert.Equal([1, 1, 0, 1, 2], run.Counts.Select(c => c.Customers));

        await using var db = test.Database.CreateContext();
        var stored = await db.CustomerScores.Where(s => s.ModelVersion == run.Version && s.AsOf == AsOf).ToListAsync();
        Assert.Equal("leaving", stored.Single(s => s.CustomerId == ids["lapsed"] && s.Metric == Metrics.Lifecycle.Stage.Name).Label);
        Assert.Equal(396, stored.Single(s => s.CustomerId == ids["lapsed"] && s.Metric == Metrics.Lifecycle.RecencyDays.Name).Value);
        Assert.Equal(30, stored.Single(s => s.CustomerId == ids["lapsed"] && s.Metric == Metrics.Lifecycle.MeanGapDays.Name).Value);
        // One order: no mean gap is stored for it (none exists), and a re-run replaces rather than adds.
        Assert.DoesNotContain(stored, s => s.CustomerId == ids["once"] && s.Metric == Metrics.Lifecycle.MeanGapDays.Name);
        await new RunLifecycle(test.Database).ExecuteAsync(AsOf);
        Assert.Equal(stored.Count, await db.CustomerScores.CountAsync(s => s.ModelVersion == run.Version));

        var view = await LifecycleView.LoadAsync(db);
        Assert.NotNull(view);
        Assert.Equal(["intro", "confirmation", "growth", "retention", "leaving"], view.Stages.Select(s => s.Stage));
        Assert.Equal([1, 1, 0, 1, 2], view.Stages.Select(s => s.Customers));
        Assert.Equal(0.4, view.Stages[4].Share, 12);

        // 2023-06-30 → 2024-06-30: steady and lapsed were confirming (first year); new, trying and once had not bought.
        var comparison = await new RunLifecycle(test.Database).CompareAsync(new DateOnly(2023, 6, 30), AsOf,
            fromStage: LifecycleStage.Confirmation, toStage: LifecycleStage.Leaving);
        Assert.Equal([ids["lapsed"]], comparison.Members);
        Assert.Equal(1, comparison.Matrix[(int)LifecycleStage.Confirmation][(int)LifecycleStage.Retention]);
        Assert.Equal(1, comparison.Matrix[(int)LifecycleStage.Confirmation][(int)LifecycleStage.Leaving]);
        Assert.Equal([1, 1, 0, 0, 1], comparison.Matrix[5]);
        Assert.Equal(5, comparison.Matrix.Sum(r => r.Sum()));
        var fromNew = await new RunLifecycle(test.Database).CompareAsync(new DateOnly(2023, 6, 30), AsOf, toStage: LifecycleStage.Leaving, fromNew: true);
        Assert.Equal([ids["once"]], fromNew.Members);
        await Assert.ThrowsAsync<ArgumentException>(() => new RunLifecycle(test.Database).CompareAsync(AsOf, AsOf));
    }

    static async Task<Dictionary<string, long>> SeedAsync(ValoraDatabase database)
    {
        var histories = new Dictionary<string, DateTime[]>
        {
            ["new"] = [Day(2024, 6, 1), Day(2024, 7, 10)],
            ["trying"] = [Day(2024, 1, 10), Day(2024, 3, 10)],
            ["steady"] = [Day(2022, 8, 1), Day(2022, 11, 1), Day(2023, 2, 1), Day(2023, 5, 1), Day(2023, 8, 1), Day(2023, 11, 1), Day(2024, 2, 1), Day(2024, 6, 1)],
            ["lapsed"] = [Day(2023, 1, 31), Day(2023, 3, 2), Day(2023, 4, 1), Day(2023, 5, 1), Day(2023, 5, 31)],
            ["once"] = [Day(2023, 11, 1)],
        };
        await using var db = database.CreateContext();
        var customers = histories.Keys.ToDictionary(k => k, k => new Customer { ExternalId = k });
        db.Customers.AddRange(customers.Values);
        await db.SaveChangesAsync();
        var n = 0;
        foreach (var (name, days) in histories)
        {
            foreach (var day in days)
            {
                db.Orders.Add(new Order
                {
                    ExternalId = $"O{n++}",
                    CustomerId = customers[name].Id,
                    OrderedAt = day,
                    Lines = [new OrderLine { LineNumber = 1, Quantity = 1, UnitPrice = 100, LineTotal = 100 }],
                });
            }
        }
        await db.SaveChangesAsync();
        return customers.ToDictionary(kv => kv.Key, kv => kv.Value.Id);
    }

    static DateTime Day(int y, int m, int d) => new(y, m, d, 10, 0, 0, DateTimeKind.Utc);
}
