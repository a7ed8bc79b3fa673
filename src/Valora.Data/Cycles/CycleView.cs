using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Valora.Analytics.Cycles;
using Valora.Data.Customers;
using Valora.Data.Scores;

namespace Valora.Data.Cycles;

/// <summary>
/// The latest stored purchase-cycle run for the API, the CLI and the dashboard alike: customers per status, the
/// customers (overdue only, or all with a rhythm) most past their expected day first, the distribution of mean
/// intervals, and the category cycles kept in the run's summary.
/// </summary>
public static class CycleView
{
    /// <summary>Most customers one view returns.</summary>
    public const int MaxTop = 1000;

    /// <summary>Upper bounds (days, exclusive) of the mean-interval bins; the last bin is open.</summary>
    public static readonly IReadOnlyList<int> IntervalBins = [7, 14, 30, 60, 90, 180, 365];

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The latest run, or null when cycles were never computed.</summary>
    /// <param name="overdueOnly">Only overdue customers (else every customer with a rhythm).</param>
    /// <param name="top">Customers to list, most days overdue first (1 to <see cref="MaxTop"/>).</param>
    /// <param name="skip">Customers of that order to pass over first (paging; ≥ 0).</param>
    public static async Task<CycleRunView?> LoadAsync(ValoraDbContext db, bool overdueOnly = true, int top = 50, int skip = 0, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        CheckPage(top, skip);
        var queries = new ScoreQueries(db);
        var run = await queries.LatestRunAsync(Metrics.Cycle.Model, ct);
        if (run is null)
        {
            return null;
        }
        var names = Metrics.Cycle.All.Select(m => m.Name).ToArray();
        var scores = await db.CustomerScores.AsNoTracking()
            .Where(s => s.AsOf == run.AsOf && s.ModelVersion == run.Version && names.Contains(s.Metric))
            .Select(s => new { s.CustomerId, s.Metric, s.Value, s.Label })
            .ToListAsync(ct);
        var byCustomer = scores.GroupBy(s => s.CustomerId).ToDictionary(g => g.Key, g => g.ToDictionary(s => s.Metric, s => (s.Value, s.Label), StringComparer.Ordinal));

        double? Number(Dictionary<string, (double? Value, string? Label)> m, ScoreMetric metric) => m.TryGetValue(metric.Name, out var v) ? v.Value : null;
        string? Label(Dictionary<string, (double? Value, string? Label)> m, ScoreMetric metric) => m.TryGetValue(metric.Name, out var v) ? v.Label : null;

        var all = byCustomer.Where(kv => Label(kv.Value, Metrics.Cycle.Status) is not null).Select(kv => new CycleCustomerView(kv.Key, null, null,
            Label(kv.Value, Metrics.Cycle.Status)!,
            (int)(Number(kv.Value, Metrics.Cycle.PurchaseDays) ?? 0),
            (int)(Number(kv.Value, Metrics.Cycle.DaysSinceLast) ?? 0),
            Number(kv.Value, Metrics.Cycle.MeanIntervalDays),
            Number(kv.Value, Metrics.Cycle.SdIntervalDays),
            DateOnly.TryParseExact(Label(kv.Value, Metrics.Cycle.NextExpected), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var next) ? next : null,
            Number(kv.Value, Metrics.Cycle.DaysOverdue),
            Number(kv.Value, Metrics.Cycle.ProbabilityAlive),
            Number(kv.Value, Metrics.Cycle.ProbabilityInWindow))).ToList();
        var summary = JsonSerializer.Deserialize<CycleSummary>(run.SummaryJson, Json);
        var parameters = JsonSerializer.Deserialize<CycleParameters>(run.ParametersJson, Json) ?? new CycleParameters(1, 30, null);
        return await BuildAsync(db, new CycleRunView(run.Version, run.AsOf, run.RanAt, run.Customers, parameters.K, parameters.WindowDays, parameters.BtydModel,
            summary?.Statuses ?? [], overdueOnly, 0, [], [], null, summary?.GroupedBy ?? "category", summary?.Categories ?? []), all, top, skip, ct);
    }

    /// <summary>
    /// The same view of a run that was not stored (<c>valora cycle --no-save</c>): the customers' names read from
    /// <paramref name="db"/>, everything else from <paramref name="run"/>; <see cref="CycleRunView.RanAt"/> is the
    /// Unix epoch (never stored).
    /// </summary>
    public static Task<CycleRunView> OfRunAsync(ValoraDbContext db, PurchaseCycleRun run, bool overdueOnly = true, int top = 50, int skip = 0,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(run);
        CheckPage(top, skip);
        var all = run.Customers.Select(c => new CycleCustomerView(c.CustomerId, null, null, PurchaseCycles.Name(c.Status), c.PurchaseDays, c.DaysSinceLast,
            c.MeanIntervalDays, c.SdIntervalDays, c.NextExpected, c.DaysOverdue,
            c.ProbabilityAlive, c.ProbabilityInWindow)).ToList();
        var statuses = run.Counts.Select(c => new CycleStatusCount(PurchaseCycles.Name(c.Status), c.Customers)).ToList();
        return BuildAsync(db, new CycleRunView(run.Version, run.AsOf, DateTime.UnixEpoch, run.Customers.Count, run.Options.K, run.Options.WindowDays,
            run.BtydModel, statuses, overdueOnly, 0, [], [], null, run.GroupedBy, run.Categories), all, top, skip, ct);
    }

    static void CheckPage(int top, int skip)
    {
        if (top is < 1 or > MaxTop)
        {
            throw new ArgumentOutOfRangeException(nameof(top), top, string.Create(CultureInfo.InvariantCulture, $"top must be between 1 and {MaxTop} but was {top}."));
        }
        if (skip < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(skip), skip, string.Create(CultureInfo.InvariantCulture, $"skip must be ≥ 0 but was {skip}."));
        }
    }

    /// <summary>The listed customers (with names), the mean-interval histogram and its median, over <paramref name="all"/> rows.</summary>
    static async Task<CycleRunView> BuildAsync(ValoraDbContext db, CycleRunView header, List<CycleCustomerView> all, int top, int skip, CancellationToken ct)
    {
        var overdueName = PurchaseCycles.Name(CycleStatus.Overdue);
        var onTrackName = PurchaseCycles.Name(CycleStatus.OnTrack);
        var matching = all
            .Where(c => c.Status == overdueName || (!header.OverdueOnly && c.Status == onTrackName))
            .OrderByDescending(c => c.DaysOverdue ?? 0).ThenBy(c => c.CustomerId)
            .ToList();
        var listed = matching.Skip(skip).Take(top).ToList();
        var ids = listed.Select(c => c.CustomerId).ToArray();
        var people = await CustomerNames.OfAsync(db, ids, ct);
        var customers = listed.Select(c => people.TryGetValue(c.CustomerId, out var p) ? c with { ExternalId = p.ExternalId, Name = p.Name } : c).ToList();

        var noRhythm = PurchaseCycles.Name(CycleStatus.NoRhythm);
        var means = all.Where(c => c.Status != noRhythm).Select(c => c.MeanIntervalDays).OfType<double>().ToList();
        var histogram = new List<IntervalBin>();
        var lower = 0;
        foreach (var upper in IntervalBins.Append(int.MaxValue))
        {
            histogram.Add(new IntervalBin(lower, upper == int.MaxValue ? null : upper, means.Count(m => m >= lower && m < upper)));
            lower = upper;
        }
        return header with
        {
            Listed = matching.Count,
            Customers = customers,
            MeanIntervals = histogram,
            MedianMeanInterval = means.Count == 0 ? null : Median(means),
        };
    }

    static double Median(List<double> values)
    {
        values.Sort();
        return PurchaseCycles.Quantile(values, 0.5)!.Value;
    }

    sealed record CycleParameters(double K, int WindowDays, string? BtydModel);
}

/// <summary>The latest cycle run.</summary>
/// <param name="K">Overdue past mean + K·sd.</param>
/// <param name="WindowDays">The window of the purchase probability.</param>
/// <param name="BtydModel">The BG/NBD model run used (null: none).</param>
/// <param name="Statuses">Customers per status (overdue, on-track, no-rhythm).</param>
/// <param name="OverdueOnly">Whether <paramref name="Customers"/> lists overdue customers only.</param>
/// <param name="Listed">Customers matching <paramref name="OverdueOnly"/>, of which <paramref name="Customers"/> is one page.</param>
/// <param name="Customers">The customers listed, most days overdue first.</param>
/// <param name="MeanIntervals">Customers with a rhythm per bin of their mean interval.</param>
/// <param name="MedianMeanInterval">The median of the customers' mean intervals (null: no rhythm anywhere).</param>
/// <param name="GroupedBy">"category" or "product".</param>
/// <param name="Categories">The repurchase cycle of each category, most repeaters first.</param>
public sealed record CycleRunView(string Version, DateOnly AsOf, DateTime RanAt, int Scored, double K, int WindowDays, string? BtydModel,
    IReadOnlyList<CycleStatusCount> Statuses, bool OverdueOnly, int Listed, IReadOnlyList<CycleCustomerView> Customers,
    IReadOnlyList<IntervalBin> MeanIntervals, double? MedianMeanInterval, string GroupedBy, IReadOnlyList<CategoryCycle> Categories);

/// <summary>One customer's rhythm as stored.</summary>
public sealed record CycleCustomerView(long CustomerId, string? ExternalId, string? Name, string Status, int PurchaseDays, int DaysSinceLast,
    double? MeanIntervalDays, double? SdIntervalDays, DateOnly? NextExpected, double? DaysOverdue, double? ProbabilityAlive, double? ProbabilityInWindow);

/// <summary>Customers whose mean interval is in [From, To) days (To null: open).</summary>
public sealed record IntervalBin(int From, int? To, int Customers);
