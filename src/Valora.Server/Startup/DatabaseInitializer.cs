using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Valora.Data;
using Valora.Data.Analysis;
using Valora.Data.Baskets;
using Valora.Data.Churn;
using Valora.Data.Clustering;
using Valora.Data.Cycles;
using Valora.Data.Forecasting;
using Valora.Data.Lifecycle;
using Valora.Data.Potential;
using Valora.Data.Segments;
using Valora.Data.Demo;

namespace Valora.Server.Startup;

/// <summary>
/// Gets the database ready before the server takes requests: applies migrations and, on the very first start (no
/// customers yet) with <see cref="ValoraServerOptions.SeedDemoOnFirstStart"/>, fills it with demo data.
/// </summary>
public sealed partial class DatabaseInitializer(
    ValoraDatabase database,
    IOptions<ValoraServerOptions> options,
    TimeProvider time,
    ILogger<DatabaseInitializer> logger)
{
    public async Task InitializeAsync(CancellationToken ct)
    {
        LogMigrating(logger, database.Describe());
        await database.MigrateAsync(ct);

        var settings = options.Value;
        if (!settings.SeedDemoOnFirstStart)
        {
            return;
        }
        await using (var db = database.CreateContext())
        {
            if (await db.Customers.AnyAsync(ct))
            {
                return;
            }
        }
        // REVIEW: two servers starting at once on one empty database could both seed; a single server is the
        // supported setup for the demo.
        LogSeeding(logger, settings.DemoCustomers, settings.DemoSeed);
        var started = time.GetTimestamp();
        await SeedDemoAsync(database, settings.DemoCustomers, settings.DemoSeed, ct);
        LogSeeded(logger, time.GetElapsedTime(started).TotalMilliseconds);

        started = time.GetTimestamp();
        try
        {
            await ScoreDemoAsync(database, ct);
            LogScored(logger, time.GetElapsedTime(started).TotalMilliseconds);
        }
        // The demo's scores are a convenience: if they cannot be computed the server still starts, and the Value page
        // says how to compute them.
#pragma warning disable CA1031
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            LogScoringFailed(logger, ex);
        }
    }

    /// <summary>
    /// Analyses freshly seeded demo data so the Value page has numbers at once — the same pass as <c>valora demo</c>
    /// (<see cref="RunValueAnalysis"/>): RFM as of the last purchase, BG/NBD validated on the last 26 weeks, BG/NBD and
    /// Gamma-Gamma refitted on all data, every customer scored (52 weeks, 10 % a year, margin observed from costs);
    /// then churn (logistic regression, 90-day window, value at risk from those CLVs), clusters
    /// (<see cref="DemoAnalyses"/>), potential value (default weights, from those CLVs and churn scores) and its
    /// components learned by the linear fit on 90-day windows,
    /// lifecycle stages (default thresholds), purchase cycles (k 1, 30-day window, P(alive) from that BG/NBD fit), the
    /// weekly revenue forecast, the association rules of every order (default settings) and the three preset segments, as
    /// <c>valora demo</c> does.
    /// </summary>
    public async Task ScoreDemoAsync(ValoraDatabase database, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(database);
        var report = await new RunValueAnalysis(database, time).ExecuteAsync(ct: ct);
        LogAnalysed(logger, report.Customers, report.TotalClv);
        // Then the models the other pages show, each on its own: one that cannot run leaves the others (and the
        // value scores) in place, and its page says how to run it.
        await AnalyseAsync("churn", () => new RunChurn(database, time).ExecuteAsync(DemoAnalyses.Churn, ct: ct));
        await AnalyseAsync("clusters", () => new ClusterCustomers(database, time).ExecuteAsync(DemoAnalyses.Clusters, ct: ct));
        await AnalyseAsync("potential", () => new ScorePotential(database).ExecuteAsync(null, ct: ct));
        await AnalyseAsync("learned-potential", () => new LearnPotential(database).ExecuteAsync(DemoAnalyses.LearnedPotential, ct: ct));
        await AnalyseAsync("lifecycle", () => new RunLifecycle(database).ExecuteAsync(null, ct: ct));
        await AnalyseAsync("cycle", () => new RunPurchaseCycle(database).ExecuteAsync(null, ct: ct));
        await AnalyseAsync("forecast", () => new ForecastSales(database).ExecuteAsync(new ForecastRequest(), ct: ct));
        await AnalyseAsync("rules", () => new MineOrderRules(database).ExecuteAsync(time: time, ct: ct));
        await AnalyseAsync("recommend", () => new Valora.Data.Recommendations.RecommendCustomers(database).ExecuteAsync(ct: ct));
        await AnalyseAsync("segments", async () =>
        {
            foreach (var (name, rule, description) in DemoAnalyses.Segments)
            {
                await new CustomerSegments(database).SaveAsync(name, rule, description, ct: ct);
            }
        });
    }

    async Task AnalyseAsync(string model, Func<Task> run)
    {
        try
        {
            await run();
            LogModelAnalysed(logger, model);
        }
        catch (NotAnalysableException ex)
        {
            LogModelSkipped(logger, model, ex.Message);
        }
    }

    /// <summary>
    /// Generates <paramref name="customers"/> demo customers (with orders, interactions, tickets, surveys, referrals,
    /// campaigns and opportunities) whose history ends today (from <see cref="TimeProvider"/>), and loads them through
    /// the import store: the same for the same <paramref name="seed"/> and day, and idempotent if run again.
    /// </summary>
    public async Task SeedDemoAsync(ValoraDatabase db, int customers, int seed, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(customers);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        await new DemoLoader(db).ExecuteAsync(new DemoOptions { Customers = customers, Seed = seed, End = today }, ct: ct);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Database: {Database}; applying migrations")]
    static partial void LogMigrating(ILogger logger, string database);

    [LoggerMessage(Level = LogLevel.Information, Message = "Empty database: seeding {Customers} demo customers (seed {Seed})")]
    static partial void LogSeeding(ILogger logger, int customers, int seed);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo scored (RFM, BG/NBD + Gamma-Gamma fit, CLV) in {Milliseconds:F0} ms")]
    static partial void LogScored(ILogger logger, double milliseconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo analysed: {Customers} customers, total CLV {TotalClv:F0} over 52 weeks")]
    static partial void LogAnalysed(ILogger logger, int customers, double totalClv);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo data could not be scored; the Value page will say how to score it")]
    static partial void LogScoringFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo analysed: {Model} scored")]
    static partial void LogModelAnalysed(ILogger logger, string model);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo not analysed by {Model}: {Reason}")]
    static partial void LogModelSkipped(ILogger logger, string model, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo data written in {Milliseconds:F0} ms")]
    static partial void LogSeeded(ILogger logger, double milliseconds);
}
