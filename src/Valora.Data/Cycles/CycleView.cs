using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Valora.Analytics.Cycles;
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
    public static async Task<CycleRunView?> LoadAsync(ValoraDbContext db, bool overdueOnly = true, int top = 50, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (top is < 1 or > MaxTop)
        {
            throw new ArgumentOutOfRangeException(nameof(top), top, string.Create(CultureInfo.InvariantCulture, $"top must be between 1 and {MaxTop} but was {top}."));
        }
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

        var overdueName = PurchaseCycles.Name(CycleStatus.Overdue);
        var onTrackName = PurchaseCycles.Name(CycleStatus.OnTrack);
        var listed = byCustomer
            .Where(kv => Label(kv.Value, Metrics.Cycle.Status) is { } status && (status == overdueName || (!overdueOnly && status == onTrackName)))
            .Select(kv => (Id: kv.Key, Scores: kv.Value, Overdue: Number(kv.Value, Metrics.Cycle.DaysOverdue) ?? 0))
            .OrderByDescending(c => c.Overdue).ThenBy(c => c.Id)
            .Take(top)
            .ToList();
        var ids = listed.Select(c => c.Id).ToArray();
        var people = await db.Customers.AsNoTracking().Where(c => ids.Contains(c.Id))
            .Select(c => new { c.Id, c.ExternalId, c.Name }).ToDictionaryAsync(c => c.Id, ct);
        var customers = listed.Select(c => new CycleCustomerView(c.Id,
            people.TryGetValue(c.Id, out var p) ? p.ExternalId : null, people.TryGetValue(c.Id, out var q) ? q.Name : null,
            Label(c.Scores, Metrics.Cycle.Status)!,
            (int)(Number(c.Scores, Metrics.Cycle.PurchaseDays) ?? 0),
            (int)(Number(c.Scores, Metrics.Cycle.DaysSinceLast) ?? 0),
            Number(c.Scores, Metrics.Cycle.MeanIntervalDays),
            Number(c.Scores, Metrics.Cycle.SdIntervalDays),
            DateOnly.TryParseExact(Label(c.Scores, Metrics.Cycle.NextExpected), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var next) ? next : null,
            Number(c.Scores, Metrics.Cycle.DaysOverdue),
            Number(c.Scores, Metrics.Cycle.ProbabilityAlive),
            Number(c.Scores, Metrics.Cycle.ProbabilityInWindow))).ToList();

        var means = byCustomer.Values
            .Where(m => Label(m, Metrics.Cycle.Status) != PurchaseCycles.Name(CycleStatus.NoRhythm))
            .Select(m => Number(m, Metrics.Cycle.MeanIntervalDays))
            .OfType<double>().ToList();
        var histogram = new List<IntervalBin>();
        var lower = 0;
        foreach (var upper in IntervalBins.Append(int.MaxValue))
        {
            histogram.Add(new IntervalBin(lower, upper == int.MaxValue ? null : upper, means.Count(m => m >= lower && m < upper)));
            lower = upper;
        }
        var summary = JsonSerializer.Deserialize<CycleSummary>(run.SummaryJson, Json);
        var parameters = JsonSerializer.Deserialize<CycleParameters>(run.ParametersJson, Json) ?? new CycleParameters(1, 30, null);
        return new CycleRunView(run.Version, run.AsOf, run.RanAt, run.Customers, parameters.K, parameters.WindowDays, parameters.BtydModel,
            summary?.Statuses ?? [], overdueOnly, customers, histogram, means.Count == 0 ? null : Median(means),
            summary?.GroupedBy ?? "category", summary?.Categories ?? []);
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
/// <param name="Customers">The customers listed, most days overdue first.</param>
/// <param name="MeanIntervals">Customers with a rhythm per bin of their mean interval.</param>
/// <param name="MedianMeanInterval">The median of the customers' mean intervals (null: no rhythm anywhere).</param>
/// <param name="GroupedBy">"category" or "product".</param>
/// <param name="Categories">The repurchase cycle of each category, most repeaters first.</param>
public sealed record CycleRunView(string Version, DateOnly AsOf, DateTime RanAt, int Scored, double K, int WindowDays, string? BtydModel,
    IReadOnlyList<CycleStatusCount> Statuses, bool OverdueOnly, IReadOnlyList<CycleCustomerView> Customers,
    IReadOnlyList<IntervalBin> MeanIntervals, double? MedianMeanInterval, string GroupedBy, IReadOnlyList<CategoryCycle> Categories);

/// <summary>One customer's rhythm as stored.</summary>
public sealed record CycleCustomerView(long CustomerId, string? ExternalId, string? Name, string Status, int PurchaseDays, int DaysSinceLast,
    double? MeanIntervalDays, double? SdIntervalDays, DateOnly? NextExpected, double? DaysOverdue, double? ProbabilityAlive, double? ProbabilityInWindow);

/// <summary>Customers whose mean interval is in [From, To) days (To null: open).</summary>
public sealed record IntervalBin(int From, int? To, int Customers);
