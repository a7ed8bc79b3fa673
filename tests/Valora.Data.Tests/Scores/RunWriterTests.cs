using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Valora.Data;
using Valora.Data.Scores;
using Valora.Domain.Customers;
using Valora.TestSupport;
using Valora.TestSupport.Data;

namespace Valora.Data.Tests.Scores;

public sealed class RunWriterTests
{
    static readonly ScoreMetric Value = Metrics.Clv.Value, Alive = Metrics.Clv.ProbabilityAlive;

    [Fact]
    public Task Write_OnSqlite_ReplacesOnlyTheSameRun() => ReplacesOnlyTheSameRun(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Write_OnPostgres_ReplacesOnlyTheSameRun() => ReplacesOnlyTheSameRun(DatabaseProvider.Postgres);

    [Fact]
    public Task Queries_OnSqlite_FindTheLatestRunAndACustomersLatestScores() => QueriesFindLatest(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Queries_OnPostgres_FindTheLatestRunAndACustomersLatestScores() => QueriesFindLatest(DatabaseProvider.Postgres);

    [Fact]
    public Task Write_OnSqlite_AScoreOfAnUndeclaredMetricWritesNothing() => UndeclaredMetricWritesNothing(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Write_OnPostgres_AScoreOfAnUndeclaredMetricWritesNothing() => UndeclaredMetricWritesNothing(DatabaseProvider.Postgres);

    [Fact]
    public void Catalogue_EveryMetricOfEveryModelIsListedOnceUnderItsModel()
    {
        var declared = typeof(Metrics).GetNestedTypes()
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static)
                .Where(f => f.FieldType == typeof(ScoreMetric))
                .Select(f => (Model: (string)t.GetField("Model")!.GetValue(null)!, Metric: (ScoreMetric)f.GetValue(null)!)))
            .ToList();

        Assert.NotEmpty(declared);
        Assert.Equal(declared.Count, Metrics.All.Count);
        Assert.Equal(Metrics.All.Count, Metrics.All.Select(m => m.Name).Distinct(StringComparer.Ordinal).Count());
        Assert.All(declared, d => Assert.Equal(d.Model, d.Metric.Model));
        Assert.All(declared, d => Assert.Same(d.Metric, Metrics.Find(d.Metric.Name)));
        Assert.All(Metrics.All, m => Assert.True(m.Name.Length <= 64, $"{m.Name} is longer than the stored 64 characters"));
        Assert.Null(Metrics.Find("no_such_metric"));
    }

    static async Task<(long A, long B)> TwoCustomersAsync(TestDatabase test)
    {
        await using var db = test.Database.CreateContext();
        var ca = new Customer { ExternalId = "A" };
        var cb = new Customer { ExternalId = "B" };
        db.AddRange(ca, cb);
        await db.SaveChangesAsync();
        return (ca.Id, cb.Id);
    }

    static ScoringRun Run(string version, DateOnly asOf, int customers) => new(Metrics.Clv.Model, version, asOf, [Value, Alive], customers);

    static async Task ReplacesOnlyTheSameRun(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var (a, b) = await TwoCustomersAsync(test);
        var day = new DateOnly(2024, 6, 30);
        await RunWriter.WriteAsync(test.Database, Run("v1", day, 2), [Value.Of(a, 10), Value.Of(b, 20)]);
        await RunWriter.WriteAsync(test.Database, Run("v2", day, 1), [Value.Of(a, 11)]);
        // Same run again: replaces v1's run and rows, keeps v2; a NaN becomes NULL.
        var (run, written) = await RunWriter.WriteAsync(test.Database, Run("v1", day, 2) with { Summary = new { Total = 12 } },
            [Value.Of(a, 12), Value.Of(b, double.NaN), Alive.Of(b, 0.5)]);

        Assert.Equal(3, written);
        await using var check = test.Database.CreateContext();
        var v1 = await check.CustomerScores.Where(s => s.ModelVersion == "v1").OrderBy(s => s.Id).ToListAsync();
        Assert.Equal(3, v1.Count);
        Assert.Equal(12, v1.Single(s => s.CustomerId == a && s.Metric == "clv").Value);
        Assert.Null(v1.Single(s => s.CustomerId == b && s.Metric == "clv").Value);
        Assert.Equal(0.5, v1.Single(s => s.Metric == "clv_p_alive").Value);
        Assert.Equal(day, v1[0].AsOf);
        Assert.Equal(11, (await check.CustomerScores.SingleAsync(s => s.ModelVersion == "v2")).Value);
        var runs = await check.AnalysisRuns.OrderBy(r => r.Id).ToListAsync();
        Assert.Equal(["v2", "v1"], runs.Select(r => r.Version));
        Assert.Equal(run.Id, runs[1].Id);
        Assert.Equal("""{"total":12}""", runs[1].SummaryJson);
    }

    static async Task QueriesFindLatest(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var (a, b) = await TwoCustomersAsync(test);
        await RunWriter.WriteAsync(test.Database, Run("v1", new DateOnly(2024, 6, 30), 2), [Value.Of(a, 10), Value.Of(b, 20), Alive.Of(a, 0.9)]);
        await RunWriter.WriteAsync(test.Database, Run("v2", new DateOnly(2024, 5, 31), 1), [Value.Of(a, 7)]);
        await RunWriter.WriteAsync(test.Database,
            new ScoringRun(Metrics.Rfm.Model, "rfm-b5-total", new DateOnly(2024, 6, 30), Metrics.Rfm.All, 2),
            [Metrics.Rfm.Segment.OfLabel(a, "Champions"), Metrics.Rfm.Segment.OfLabel(b, "Champions")]);

        await using var db = test.Database.CreateContext();
        var queries = new ScoreQueries(db);
        // The latest run is the one made last, even when it is as of an earlier date.
        var latest = await queries.LatestRunAsync(Metrics.Clv.Model);
        Assert.Equal("v2", latest!.Version);
        Assert.Equal(new Dictionary<long, double> { [a] = 7 }, await queries.NumbersAsync(latest, Value));
        Assert.Equal(2, (await queries.RunsAsync(Metrics.Clv.Model)).Count);
        Assert.Null(await queries.LatestRunAsync("churn"));

        var rfm = (await queries.LatestRunAsync(Metrics.Rfm.Model))!;
        Assert.Equal([new LabelCount("Champions", 2)], await queries.LabelCountsAsync(rfm, Metrics.Rfm.Segment));
        Assert.Equal(new Dictionary<long, string> { [b] = "Champions" }, await queries.LabelsAsync(rfm, Metrics.Rfm.Segment, [b]));

        // A customer's latest score per metric: the latest as-of date wins (v1's 2024-06-30 over v2's 2024-05-31).
        var ofA = await queries.OfCustomerAsync(a);
        Assert.Equal(["clv", "clv_p_alive", "rfm_segment"], ofA.Select(s => s.Metric));
        Assert.Equal(10, ofA[0].Value);
        Assert.Equal("v1", ofA[0].ModelVersion);
        Assert.Equal(Metrics.Clv.Model, ofA[0].Model);
        Assert.Equal(Value.Description, ofA[0].Description);
        Assert.Equal("Champions", ofA[2].Label);
    }

    static async Task UndeclaredMetricWritesNothing(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var (a, _) = await TwoCustomersAsync(test);
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => RunWriter.WriteAsync(test.Database,
            new ScoringRun(Metrics.Clv.Model, "v1", new DateOnly(2024, 6, 30), [Value], 1), [Value.Of(a, 1), Alive.Of(a, 0.5)]));
        Assert.Contains("clv_p_alive", ex.Message, StringComparison.Ordinal);

        var foreign = await Assert.ThrowsAsync<ArgumentException>(() => RunWriter.WriteAsync(test.Database,
            new ScoringRun(Metrics.Clv.Model, "v1", new DateOnly(2024, 6, 30), [Metrics.Rfm.Segment], 1), []));
        Assert.Contains("belongs to model 'rfm'", foreign.Message, StringComparison.Ordinal);

        await using var db = test.Database.CreateContext();
        Assert.Equal(0, await db.CustomerScores.CountAsync());
        Assert.Equal(0, await db.AnalysisRuns.CountAsync());
    }
}
