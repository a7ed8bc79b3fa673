using System.Globalization;
using Valora.Analytics.Clv;
using Valora.Domain.Sales;

namespace Valora.Analytics.Cycles;

/// <summary>Where a customer stands against their own purchase rhythm.</summary>
public enum CycleStatus
{
    /// <summary>Fewer than <see cref="PurchaseCycles.MinIntervals"/> intervals between purchase days: no rhythm of their own yet.</summary>
    NoRhythm,

    /// <summary>Silent for at most mean + k·sd days of their own intervals.</summary>
    OnTrack,

    /// <summary>Silent for more than mean + k·sd days of their own intervals.</summary>
    Overdue,
}

/// <summary>Settings of the purchase-cycle analysis.</summary>
public sealed record CycleOptions
{
    /// <summary>Most <see cref="K"/> accepted.</summary>
    public const double MaxK = 10;

    /// <summary>Longest <see cref="WindowDays"/> accepted (ten years).</summary>
    public const int MaxWindowDays = 3650;

    /// <summary>Overdue when the days since the last purchase exceed mean + K × sd of the customer's intervals (default 1, ≥ 0).</summary>
    public double K { get; init; } = 1;

    /// <summary>The window, in days after the as-of date, of the BG/NBD probability of at least one purchase (default 30).</summary>
    public int WindowDays { get; init; } = 30;

    /// <summary>The first setting out of range as (field, rule), or null.</summary>
    public (string Field, string Rule)? Check()
    {
        if (!double.IsFinite(K) || K is < 0 or > MaxK)
        {
            return ("k", string.Create(CultureInfo.InvariantCulture, $"k must be a number in [0, {MaxK}] (standard deviations above the mean interval) but was {K}."));
        }
        return WindowDays is >= 1 and <= MaxWindowDays ? null
            : ("windowDays", string.Create(CultureInfo.InvariantCulture, $"windowDays must be between 1 and {MaxWindowDays} days but was {WindowDays}."));
    }
}

/// <summary>A fitted BG/NBD model and its time unit, for P(alive) and the probability of a purchase in the window.</summary>
/// <param name="Model">The fitted parameters.</param>
/// <param name="DaysPerUnit">Days in the model's time unit (7 when it was fitted in weeks).</param>
public sealed record CycleModel(BetaGeoParameters Model, double DaysPerUnit);

/// <summary>One customer's purchase rhythm as of a date.</summary>
/// <param name="CustomerId">The customer.</param>
/// <param name="PurchaseDays">Distinct days with a purchase, up to the as-of date.</param>
/// <param name="LastPurchase">The last purchase day.</param>
/// <param name="DaysSinceLast">Days from the last purchase day to the as-of date.</param>
/// <param name="MeanIntervalDays">Mean days between consecutive purchase days (null without an interval).</param>
/// <param name="SdIntervalDays">Sample standard deviation (n − 1) of the intervals (null with fewer than two).</param>
/// <param name="NextExpected">Last purchase day + the mean interval, rounded to a day (null without a rhythm).</param>
/// <param name="DaysOverdue">Days since the last purchase − the mean interval: &gt; 0 past the expected day, &lt; 0 before it (null without a rhythm).</param>
/// <param name="Status">No rhythm, on track or overdue (days since last &gt; mean + k·sd).</param>
/// <param name="ProbabilityAlive">BG/NBD P(alive) at the as-of date (null without a model).</param>
/// <param name="ProbabilityInWindow">BG/NBD probability of at least one purchase in the window after the as-of date (null without a model).</param>
public sealed record CustomerCycle(long CustomerId, int PurchaseDays, DateOnly LastPurchase, int DaysSinceLast,
    double? MeanIntervalDays, double? SdIntervalDays, DateOnly? NextExpected, double? DaysOverdue, CycleStatus Status,
    double? ProbabilityAlive, double? ProbabilityInWindow)
{
    /// <summary>Intervals between consecutive purchase days (purchase days − 1).</summary>
    public int Intervals => PurchaseDays - 1;
}

/// <summary>One purchase of a product category (or of a product) by a customer on a day.</summary>
/// <param name="CustomerId">The customer.</param>
/// <param name="Day">The UTC day of the order.</param>
/// <param name="Group">The category (or the product code when the catalogue has no categories).</param>
public readonly record struct GroupPurchase(long CustomerId, DateOnly Day, string Group);

/// <summary>The typical repurchase cycle of one category: days between a customer's consecutive purchase days of it.</summary>
/// <param name="Group">The category (or product).</param>
/// <param name="Buyers">Customers who bought it.</param>
/// <param name="Repeaters">Customers who bought it on two days or more.</param>
/// <param name="Intervals">Intervals pooled over the repeaters.</param>
/// <param name="MedianDays">Median of the pooled intervals (null without any).</param>
/// <param name="LowerQuartileDays">25th percentile of the pooled intervals (linear interpolation; null without any).</param>
/// <param name="UpperQuartileDays">75th percentile of the pooled intervals (linear interpolation; null without any).</param>
public sealed record CategoryCycle(string Group, int Buyers, int Repeaters, int Intervals, double? MedianDays,
    double? LowerQuartileDays, double? UpperQuartileDays);

/// <summary>
/// Purchase cycles: each customer's own rhythm from the distinct days they bought on (several orders on one day are one
/// purchase day, as in the BTYD histories), and the typical repurchase cycle of each product category.
/// <list type="bullet">
/// <item>Intervals: days between consecutive purchase days up to the as-of date; later purchases are ignored.</item>
/// <item>Mean and sample standard deviation (n − 1 in the denominator) of the intervals: days 0, 10, 30 give
/// intervals 10 and 20, mean 15, sd √50 ≈ 7.07.</item>
/// <item>A rhythm needs at least <see cref="MinIntervals"/> intervals (three purchase days); with fewer the customer
/// is <see cref="CycleStatus.NoRhythm"/> and has no expected date, days overdue or overdue flag (one interval still
/// reports its length as the mean).</item>
/// <item>Expected next purchase = last day + mean; days overdue = days since last − mean; overdue when days since last
/// &gt; mean + k·sd.</item>
/// <item>With a BG/NBD model: P(alive) (FHL 2005) and P(at least one purchase in the next t) =
/// P(alive) · [1 − ((α+T)/(α+T+t))^(r+x)], since a customer alive at T with rate λ makes no purchase in (T, T+t] with
/// probability e^(−λt) and, given alive, λ | x, T ~ Gamma(r+x, α+T).</item>
/// </list>
/// </summary>
public static class PurchaseCycles
{
    /// <summary>Intervals a customer needs for a rhythm of their own.</summary>
    public const int MinIntervals = 2;

    /// <summary>The lower-case status name used in storage, the CLI and the API.</summary>
    public static string Name(CycleStatus status) => status switch
    {
        CycleStatus.NoRhythm => "no-rhythm",
        CycleStatus.OnTrack => "on-track",
        CycleStatus.Overdue => "overdue",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>Mean and sample standard deviation (n − 1) of the gaps between sorted distinct days (null where undefined).</summary>
    /// <param name="days">Distinct purchase days, ascending.</param>
    public static (double? Mean, double? Sd) IntervalStatistics(IReadOnlyList<DateOnly> days)
    {
        ArgumentNullException.ThrowIfNull(days);
        var n = days.Count - 1;
        if (n < 1)
        {
            return (null, null);
        }
        var mean = (double)(days[^1].DayNumber - days[0].DayNumber) / n;
        if (n < 2)
        {
            return (mean, null);
        }
        var squares = 0.0;
        for (var i = 1; i < days.Count; i++)
        {
            var d = days[i].DayNumber - days[i - 1].DayNumber - mean;
            squares += d * d;
        }
        return (mean, Math.Sqrt(squares / (n - 1)));
    }

    /// <summary>
    /// BG/NBD probability of at least one purchase in the next <paramref name="horizon"/> model time units:
    /// P(alive) · [1 − ((α+T)/(α+T+t))^(r+x)].
    /// </summary>
    /// <param name="model">The fitted BG/NBD parameters.</param>
    /// <param name="history">The customer's (x, tₓ, T) in model time units.</param>
    /// <param name="horizon">t ≥ 0, model time units.</param>
    public static double ProbabilityOfPurchase(BetaGeoParameters model, in CustomerHistory history, double horizon)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!(horizon >= 0) || double.IsInfinity(horizon))
        {
            throw new ArgumentOutOfRangeException(nameof(horizon), horizon, "The horizon must be finite and ≥ 0 (model time units).");
        }
        var alive = model.ProbabilityAlive(history);
        var span = model.Alpha + history.ObservationSpan;
        // 1 − (span/(span+t))^(r+x) = −expm1(−(r+x)·ln(1 + t/span)), precise for short windows.
        return alive * -double.ExpM1(-(model.R + history.RepeatPurchases) * Math.Log(1 + horizon / span));
    }

    /// <summary>The rhythm of every customer with a purchase on or before <paramref name="asOf"/>, by customer id.</summary>
    /// <param name="purchases">Completed purchases (later ones are ignored).</param>
    /// <param name="asOf">The day the cycles are as of.</param>
    /// <param name="options">k and the window (defaults when null).</param>
    /// <param name="model">A BG/NBD fit for P(alive) and the window probability (null: none).</param>
    public static IReadOnlyList<CustomerCycle> Analyse(IReadOnlyList<Purchase> purchases, DateOnly asOf,
        CycleOptions? options = null, CycleModel? model = null)
    {
        ArgumentNullException.ThrowIfNull(purchases);
        options ??= new CycleOptions();
        if (options.Check() is { } bad)
        {
            throw new ArgumentException(bad.Rule, bad.Field);
        }
        if (model is not null && !(model.DaysPerUnit > 0 && double.IsFinite(model.DaysPerUnit)))
        {
            throw new ArgumentException("The model's days per unit must be finite and > 0.", nameof(model));
        }
        var byCustomer = new Dictionary<long, SortedSet<DateOnly>>();
        foreach (var p in purchases)
        {
            var day = DateOnly.FromDateTime(p.OccurredAtUtc);
            if (day <= asOf)
            {
                if (!byCustomer.TryGetValue(p.CustomerId, out var set))
                {
                    byCustomer[p.CustomerId] = set = [];
                }
                set.Add(day);
            }
        }
        var result = new List<CustomerCycle>(byCustomer.Count);
        foreach (var (id, set) in byCustomer.OrderBy(kv => kv.Key))
        {
            var days = set.ToArray();
            var last = days[^1];
            var since = asOf.DayNumber - last.DayNumber;
            var (mean, sd) = IntervalStatistics(days);
            DateOnly? next = null;
            double? overdueDays = null;
            var status = CycleStatus.NoRhythm;
            if (days.Length - 1 >= MinIntervals && mean is { } m && sd is { } s)
            {
                next = last.AddDays((int)Math.Round(m, MidpointRounding.AwayFromZero));
                overdueDays = since - m;
                status = since > m + options.K * s ? CycleStatus.Overdue : CycleStatus.OnTrack;
            }
            double? alive = null, window = null;
            if (model is not null)
            {
                var history = new CustomerHistory(id, days.Length - 1,
                    (last.DayNumber - days[0].DayNumber) / model.DaysPerUnit, (asOf.DayNumber - days[0].DayNumber) / model.DaysPerUnit);
                alive = model.Model.ProbabilityAlive(history);
                window = ProbabilityOfPurchase(model.Model, history, options.WindowDays / model.DaysPerUnit);
            }
            result.Add(new CustomerCycle(id, days.Length, last, since, mean, sd, next, overdueDays, status, alive, window));
        }
        return result;
    }

    /// <summary>
    /// The repurchase cycle of each group (category or product): for every customer, the days between their
    /// consecutive distinct purchase days of the group, pooled over customers; the median and quartiles of the pool.
    /// Rows after <paramref name="asOf"/> are ignored. Sorted by repeaters (most first), then group name.
    /// </summary>
    public static IReadOnlyList<CategoryCycle> CategoryCycles(IEnumerable<GroupPurchase> rows, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var groups = new Dictionary<string, Dictionary<long, SortedSet<DateOnly>>>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (row.Day > asOf || row.Group is null)
            {
                continue;
            }
            if (!groups.TryGetValue(row.Group, out var customers))
            {
                groups[row.Group] = customers = [];
            }
            if (!customers.TryGetValue(row.CustomerId, out var set))
            {
                customers[row.CustomerId] = set = [];
            }
            set.Add(row.Day);
        }
        var result = new List<CategoryCycle>(groups.Count);
        foreach (var (group, customers) in groups)
        {
            var intervals = new List<double>();
            var repeaters = 0;
            foreach (var set in customers.Values)
            {
                if (set.Count < 2)
                {
                    continue;
                }
                repeaters++;
                DateOnly? previous = null;
                foreach (var day in set)
                {
                    if (previous is { } p)
                    {
                        intervals.Add(day.DayNumber - p.DayNumber);
                    }
                    previous = day;
                }
            }
            intervals.Sort();
            result.Add(new CategoryCycle(group, customers.Count, repeaters, intervals.Count,
                Quantile(intervals, 0.5), Quantile(intervals, 0.25), Quantile(intervals, 0.75)));
        }
        return [.. result.OrderByDescending(c => c.Repeaters).ThenBy(c => c.Group, StringComparer.Ordinal)];
    }

    /// <summary>The q-quantile of sorted values by linear interpolation between closest ranks (position q·(n − 1)); null when empty.</summary>
    public static double? Quantile(IReadOnlyList<double> sorted, double q)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Count == 0)
        {
            return null;
        }
        var position = q * (sorted.Count - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Count - 1);
        return sorted[lower] + (position - lower) * (sorted[upper] - sorted[lower]);
    }
}
