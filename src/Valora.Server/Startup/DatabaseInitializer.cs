using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Valora.Data;
using Valora.Data.Clv;
using Valora.Data.Demo;
using Valora.Data.Rfm;
using Valora.Data.Sales;

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

    /// <summary>Weeks of data held out from the fit so the start-up models are validated on them.</summary>
    public const int HoldoutDays = 26 * 7;

    /// <summary>
    /// Scores freshly seeded demo data so the Value page has numbers at once: RFM as of the last purchase, BG/NBD and
    /// Gamma-Gamma fitted (in weeks) on the data up to the calibration end and validated on the holdout after it, then
    /// every customer scored (52 weeks, 10 % a year, margin observed from costs) as of the last purchase.
    /// </summary>
    /// <remarks>
    /// The calibration end is the last purchase day minus 26 weeks (<see cref="HoldoutDays"/>), the holdout runs to the
    /// last purchase day: half a year is long enough to compare predicted and actual repeat purchases and leaves
    /// 1.5 years of the demo's 2 to fit on. For histories shorter than a year the calibration ends halfway instead.
    /// </remarks>
    public async Task ScoreDemoAsync(ValoraDatabase database, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(database);
        var purchases = await PurchaseQuery.LoadAsync(database, ct: ct);
        if (purchases.Count == 0)
        {
            return;
        }
        var first = DateOnly.FromDateTime(purchases.Min(p => p.OccurredAtUtc));
        var last = DateOnly.FromDateTime(purchases.Max(p => p.OccurredAtUtc));
        var calibrationEnd = last.DayNumber - first.DayNumber >= 2 * HoldoutDays
            ? last.AddDays(-HoldoutDays)
            : first.AddDays((last.DayNumber - first.DayNumber) / 2);

        var step = time.GetTimestamp();
        await new RunRfm(database).ExecuteAsync(null, save: true, ct: ct);
        var rfmMs = time.GetElapsedTime(step).TotalMilliseconds;
        step = time.GetTimestamp();
        var fit = new FitClv(database, time);
        await fit.ExecuteAsync(ClvModelKind.BgNbd, calibrationEnd, last, save: true, ct: ct);
        var bgMs = time.GetElapsedTime(step).TotalMilliseconds;
        step = time.GetTimestamp();
        await fit.ExecuteAsync(ClvModelKind.GammaGamma, calibrationEnd, last, save: true, ct: ct);
        var ggMs = time.GetElapsedTime(step).TotalMilliseconds;
        step = time.GetTimestamp();
        var score = new ScoreClv(database);
        try
        {
            await score.ExecuteAsync(new ClvScoreRequest(), ct);
        }
        // REVIEW: the 95 % intervals draw parameters from the fit's covariance, and some draws make the BG/NBD
        // hypergeometric throw (z outside [0, 1) in Hypergeometric.Log2F1, seen on the default demo); the point
        // scores do not need the draws, so the demo falls back to scoring without intervals.
        catch (AggregateException ex) when (ex.InnerExceptions.All(e => e is ArgumentException))
        {
            LogIntervalsFailed(logger, ex.InnerExceptions[0].Message);
            await score.ExecuteAsync(new ClvScoreRequest(Intervals: false), ct);
        }
        LogScoringSteps(logger, calibrationEnd.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), last.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), rfmMs, bgMs, ggMs, time.GetElapsedTime(step).TotalMilliseconds);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo scoring: calibration to {CalibrationEnd}, holdout to {HoldoutEnd}; RFM {Rfm:F0} ms, BG/NBD {BgNbd:F0} ms, Gamma-Gamma {GammaGamma:F0} ms, CLV scores {Score:F0} ms")]
    static partial void LogScoringSteps(ILogger logger, string calibrationEnd, string holdoutEnd, double rfm, double bgNbd, double gammaGamma, double score);

    [LoggerMessage(Level = LogLevel.Warning, Message = "CLV intervals failed ({Reason}); scoring the demo without intervals")]
    static partial void LogIntervalsFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo data could not be scored; the Value page will say how to score it")]
    static partial void LogScoringFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo data written in {Milliseconds:F0} ms")]
    static partial void LogSeeded(ILogger logger, double milliseconds);
}
