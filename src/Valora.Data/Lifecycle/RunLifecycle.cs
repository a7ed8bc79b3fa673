using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Valora.Analytics.Lifecycle;
using Valora.Data.Analysis;
using Valora.Data.Scores;
using Valora.Domain.Sales;

namespace Valora.Data.Lifecycle;

/// <summary>The stages of a run: the version written on the scores, the date, and each customer's stage.</summary>
/// <param name="AliveFrom">The CLV run whose P(alive) the leaving rule used (null: none close enough to the date).</param>
public sealed record LifecycleRun(string Version, DateOnly AsOf, IReadOnlyList<CustomerStage> Customers, string? AliveFrom)
{
    /// <summary>Customers per stage, in lifecycle order (every stage listed, 0 included).</summary>
    public IReadOnlyList<(LifecycleStage Stage, int Customers)> Counts =>
        [.. Enum.GetValues<LifecycleStage>().Select(s => (s, Customers.Count(c => c.Stage == s)))];
}

/// <summary>Customers who moved between two dates: the flows, the stage-to-stage matrix and (for one flow) who.</summary>
/// <param name="Matrix">Customers by [from, to]: rows are the earlier stage in lifecycle order plus a last row for "new" (not a customer yet), columns the later stage.</param>
/// <param name="Members">For the flow asked about, its customers (ids, ascending); empty when no flow was asked.</param>
public sealed record LifecycleComparison(DateOnly From, DateOnly To, IReadOnlyList<StageFlow> Flows, int[][] Matrix, IReadOnlyList<long> Members);

/// <summary>
/// Use case: every customer's lifecycle stage as of a date (<see cref="LifecycleStages"/>), stored as lifecycle_*
/// scores, and the transitions between two dates. P(alive) comes from the latest CLV run on or before the date and at
/// most <see cref="AliveMaxAgeDays"/> days older than it (an older one would describe another moment); without one the
/// leaving rule uses the customer's own rhythm alone.
/// </summary>
public sealed class RunLifecycle(ValoraDatabase database, CustomerDataset? dataset = null)
{
    /// <summary>Oldest CLV run, in days before the as-of date, whose P(alive) is used.</summary>
    public const int AliveMaxAgeDays = 31;

    CustomerDataset? _dataset = dataset;

    public async Task<LifecycleRun> ExecuteAsync(DateOnly? asOf, LifecycleOptions? options = null, bool save = true, CancellationToken ct = default)
    {
        options ??= new LifecycleOptions();
        if (options.Check() is { } bad)
        {
            throw new ArgumentException(bad.Rule, bad.Field);
        }
        var purchases = await PurchasesAsync(ct);
        var day = asOf ?? DateOnly.FromDateTime(purchases.Max(p => p.OccurredAtUtc));
        var run = await ClassifyAsync(purchases, day, options, ct);
        if (run.Customers.Count == 0)
        {
            throw new NotAnalysableException(NotAnalysableReason.NoOrders,
                string.Create(CultureInfo.InvariantCulture, $"No customer bought on or before {day:yyyy-MM-dd}.")) { Model = Metrics.Lifecycle.Model };
        }
        if (save)
        {
            var scoring = new ScoringRun(Metrics.Lifecycle.Model, run.Version, day, Metrics.Lifecycle.All, run.Customers.Count,
                new { options.IntroDays, options.ConfirmationOrders, options.ConfirmationDays, options.GrowthRatio, options.LeavingGapMultiple, options.LeavingMinDays, options.SingleOrderLeavingDays, options.LeavingProbabilityAlive, AliveFrom = run.AliveFrom },
                new { Stages = run.Counts.Select(c => new { Stage = LifecycleStages.Name(c.Stage), c.Customers }) });
            await RunWriter.WriteAsync(database, scoring, Rows(run.Customers), ct: ct);
        }
        return run;
    }

    /// <summary>
    /// The moves between the stages as of <paramref name="from"/> and as of <paramref name="to"/> (both computed from
    /// the purchases, so any two dates work), and the customers of one flow when <paramref name="fromStage"/> and
    /// <paramref name="toStage"/> are given (<paramref name="fromNew"/>: customers who had not bought by <paramref name="from"/>).
    /// </summary>
    public async Task<LifecycleComparison> CompareAsync(DateOnly from, DateOnly to, LifecycleOptions? options = null,
        LifecycleStage? fromStage = null, LifecycleStage? toStage = null, bool fromNew = false, CancellationToken ct = default)
    {
        if (from >= to)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The earlier date ({from:yyyy-MM-dd}) must be before the later one ({to:yyyy-MM-dd})."), nameof(from));
        }
        options ??= new LifecycleOptions();
        var purchases = await PurchasesAsync(ct);
        var earlier = await ClassifyAsync(purchases, from, options, ct);
        var later = await ClassifyAsync(purchases, to, options, ct);
        var flows = LifecycleStages.Transitions(earlier.Customers, later.Customers);
        var stages = Enum.GetValues<LifecycleStage>();
        var matrix = Enumerable.Range(0, stages.Length + 1).Select(_ => new int[stages.Length]).ToArray();
        foreach (var f in flows)
        {
            matrix[f.From is { } s ? (int)s : stages.Length][(int)f.To] += f.Customers;
        }
        IReadOnlyList<long> members = [];
        if (toStage is { } target && (fromStage is not null || fromNew))
        {
            var before = earlier.Customers.ToDictionary(c => c.CustomerId, c => c.Stage);
            members = [.. later.Customers
                .Where(c => c.Stage == target && (fromNew ? !before.ContainsKey(c.CustomerId) : before.TryGetValue(c.CustomerId, out var b) && b == fromStage))
                .Select(c => c.CustomerId)];
        }
        return new LifecycleComparison(from, to, flows, matrix, members);
    }

    /// <summary>The thresholds are in the version, so runs with other rules are kept apart.</summary>
    public static string VersionOf(LifecycleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return string.Create(CultureInfo.InvariantCulture,
            $"{Metrics.Lifecycle.Model}-i{options.IntroDays}-c{options.ConfirmationOrders}x{options.ConfirmationDays}-g{options.GrowthRatio:0.###}-l{options.LeavingGapMultiple:0.###}x{options.LeavingMinDays}x{options.SingleOrderLeavingDays}-p{options.LeavingProbabilityAlive:0.###}");
    }

    async Task<IReadOnlyList<Purchase>> PurchasesAsync(CancellationToken ct)
    {
        _dataset ??= await CustomerDataset.LoadAsync(database, ct: ct);
        if (_dataset.Purchases.Count == 0)
        {
            throw new NotAnalysableException(NotAnalysableReason.NoOrders, "There are no completed orders to place in the lifecycle.") { Model = Metrics.Lifecycle.Model };
        }
        return _dataset.Purchases;
    }

    async Task<LifecycleRun> ClassifyAsync(IReadOnlyList<Purchase> purchases, DateOnly day, LifecycleOptions options, CancellationToken ct)
    {
        await using var db = database.CreateContext();
        var oldest = day.AddDays(-AliveMaxAgeDays);
        var clvRun = await db.AnalysisRuns.AsNoTracking()
            .Where(r => r.Model == Metrics.Clv.Model && r.AsOf <= day && r.AsOf >= oldest)
            .OrderByDescending(r => r.Id).FirstOrDefaultAsync(ct);
        var alive = clvRun is null ? null : await new ScoreQueries(db).NumbersAsync(clvRun, Metrics.Clv.ProbabilityAlive, ct: ct);
        var stages = LifecycleStages.Classify(purchases, day, alive, options);
        return new LifecycleRun(VersionOf(options), day, stages, clvRun is null ? null : $"{clvRun.Version} ({clvRun.AsOf:yyyy-MM-dd})");
    }

    static IEnumerable<ScoreRow> Rows(IEnumerable<CustomerStage> stages)
    {
        foreach (var s in stages)
        {
            yield return Metrics.Lifecycle.Stage.OfLabel(s.CustomerId, LifecycleStages.Name(s.Stage));
            yield return Metrics.Lifecycle.Reason.OfLabel(s.CustomerId, s.Reason);
            yield return Metrics.Lifecycle.TenureDays.Of(s.CustomerId, s.TenureDays);
            yield return Metrics.Lifecycle.Orders.Of(s.CustomerId, s.Orders);
            yield return Metrics.Lifecycle.RecencyDays.Of(s.CustomerId, s.RecencyDays);
            if (s.MeanGapDays is { } gap)
            {
                yield return Metrics.Lifecycle.MeanGapDays.Of(s.CustomerId, gap);
            }
            if (s.Trend is { } trend)
            {
                yield return Metrics.Lifecycle.Trend.Of(s.CustomerId, trend);
            }
        }
    }
}
