using System.Globalization;

namespace Valora.Analytics.Pipeline;

/// <summary>Whether a deal is still open, won or lost.</summary>
public enum DealState
{
    /// <summary>Still in one of the open stages.</summary>
    Open,

    /// <summary>Closed as won.</summary>
    Won,

    /// <summary>Closed as lost.</summary>
    Lost,
}

/// <summary>Length of a forecast period.</summary>
public enum ForecastPeriod
{
    /// <summary>Calendar months.</summary>
    Month,

    /// <summary>Calendar quarters (January, April, July, October).</summary>
    Quarter,
}

/// <summary>
/// A deal as the pipeline report sees it at its as-of date: <see cref="Stage"/> is one of
/// <see cref="PipelineOptions.Stages"/>, <see cref="Probability"/> the chance of winning in [0, 1], <see cref="Closed"/>
/// the day it was won or lost (null while open, or when a closed deal's date is unknown), <see cref="LastActivity"/> the
/// day of its latest recorded change or note (at least its creation day).
/// </summary>
public sealed record Deal(
    long Id, string Name, string Stage, DealState State, double Amount, double Probability, DateOnly? ExpectedClose,
    DateOnly Created, DateOnly? Closed, DateOnly LastActivity, string? Owner);

/// <summary>
/// Settings of <see cref="PipelineAnalysis.Analyse"/>: <see cref="Stages"/> names every stage in board order (open
/// stages, then won and lost), so empty ones are listed; an open deal with no activity in more than
/// <see cref="StaleDays"/> days is stale; win rate and cycle length count deals closed in the <see cref="WindowDays"/>
/// days up to and including the as-of date.
/// </summary>
public sealed record PipelineOptions(
    DateOnly AsOf, IReadOnlyList<string> Stages, ForecastPeriod Period = ForecastPeriod.Month, int StaleDays = 30, int WindowDays = 365);

/// <summary>Open deals of one stage: count, amount and amount × probability.</summary>
public sealed record StageTotal(string Stage, int Deals, double Amount, double Weighted);

/// <summary>
/// Open deals expected to close in one period. <see cref="Period"/> is <c>2024-07</c> or <c>2024-Q3</c>; two buckets
/// stand apart: <c>overdue</c> (expected close before the as-of date, still open) and <c>unscheduled</c> (no expected close).
/// </summary>
public sealed record ForecastBucket(string Period, DateOnly? Start, int Deals, double Amount, double Weighted);

/// <summary>Deals won and lost in the window; the rates are null when none closed.</summary>
public sealed record WinRate(int Won, int Lost, double WonAmount, double LostAmount, double? ByCount, double? ByAmount);

/// <summary>One owner's open pipeline and closed record in the window.</summary>
public sealed record OwnerTotal(string Owner, int OpenDeals, double OpenAmount, double Weighted, int Won, int Lost, double? WinRateByCount);

/// <summary>An open deal with no activity for <see cref="IdleDays"/> days.</summary>
public sealed record StaleDeal(long Id, string Name, string Stage, double Amount, string? Owner, DateOnly LastActivity, int IdleDays);

/// <summary>
/// The pipeline at its as-of date. <see cref="Weighted"/> is Σ amount × probability over open deals (the expected value
/// of the open pipeline); <see cref="MeanCycleDays"/> and <see cref="MedianCycleDays"/> are days from creation to
/// winning over deals won in the window (null when none); <see cref="ClosedUndated"/> counts closed deals whose close
/// date is unknown, left out of win rate and cycle length.
/// </summary>
public sealed record PipelineSummary(
    DateOnly AsOf, int OpenDeals, double OpenAmount, double Weighted, IReadOnlyList<StageTotal> Stages,
    IReadOnlyList<ForecastBucket> Forecast, WinRate WinRate, double? MeanCycleDays, double? MedianCycleDays,
    IReadOnlyList<OwnerTotal> Owners, IReadOnlyList<StaleDeal> Stale, int ClosedUndated);

/// <summary>
/// The sales pipeline report: open amount and weighted amount (Σ amount × probability) per stage and per expected-close
/// month or quarter; win rate by count and by amount and the won cycle length over a trailing window; per-owner totals;
/// and stale deals. Pure: deals in, summary out; the caller rebuilds each deal as it stood at the as-of date.
/// </summary>
public static class PipelineAnalysis
{
    /// <summary>The bucket of open deals whose expected close has passed.</summary>
    public const string Overdue = "overdue";

    /// <summary>The bucket of open deals with no expected close.</summary>
    public const string Unscheduled = "unscheduled";

    /// <summary>Summarises <paramref name="deals"/> as they stand at <see cref="PipelineOptions.AsOf"/>.</summary>
    /// <exception cref="ArgumentException">A deal has a stage not in the options, a probability outside [0, 1], a
    /// negative or non-finite amount; or the stale days or window are below 1.</exception>
    public static PipelineSummary Analyse(IEnumerable<Deal> deals, PipelineOptions options)
    {
        ArgumentNullException.ThrowIfNull(deals);
        ArgumentNullException.ThrowIfNull(options);
        if (options.StaleDays < 1 || options.WindowDays < 1)
        {
            throw new ArgumentException($"staleDays and windowDays must be at least 1 (were {options.StaleDays} and {options.WindowDays}).", nameof(options));
        }
        var stages = options.Stages.ToDictionary(s => s, _ => (Deals: 0, Amount: 0.0, Weighted: 0.0), StringComparer.Ordinal);
        var buckets = new SortedDictionary<DateOnly, (int Deals, double Amount, double Weighted)>();
        (int Deals, double Amount, double Weighted) overdue = default, unscheduled = default;
        var owners = new SortedDictionary<string, (int Open, double Amount, double Weighted, int Won, int Lost)>(StringComparer.Ordinal);
        var stale = new List<StaleDeal>();
        var cycles = new List<double>();
        int won = 0, lost = 0, undated = 0, open = 0;
        double wonAmount = 0, lostAmount = 0, openAmount = 0, weighted = 0;
        var windowStart = options.AsOf.AddDays(-options.WindowDays);
        foreach (var d in deals)
        {
            if (!stages.TryGetValue(d.Stage, out var stage))
            {
                throw new ArgumentException($"deal {d.Id} has stage '{d.Stage}', which is not one of {string.Join(", ", options.Stages)}.", nameof(deals));
            }
            if (!double.IsFinite(d.Amount) || d.Amount < 0 || !(d.Probability is >= 0 and <= 1))
            {
                throw new ArgumentException($"deal {d.Id} needs a finite amount ≥ 0 and a probability in [0, 1] (were {d.Amount} and {d.Probability}).", nameof(deals));
            }
            var owner = d.Owner ?? "(none)";
            owners.TryGetValue(owner, out var o);
            if (d.State == DealState.Open)
            {
                var w = d.Amount * d.Probability;
                open++;
                openAmount += d.Amount;
                weighted += w;
                stages[d.Stage] = (stage.Deals + 1, stage.Amount + d.Amount, stage.Weighted + w);
                o = (o.Open + 1, o.Amount + d.Amount, o.Weighted + w, o.Won, o.Lost);
                if (d.ExpectedClose is not { } close)
                {
                    unscheduled = Add(unscheduled, d.Amount, w);
                }
                else if (close < options.AsOf)
                {
                    overdue = Add(overdue, d.Amount, w);
                }
                else
                {
                    var start = PeriodStart(close, options.Period);
                    buckets[start] = Add(buckets.GetValueOrDefault(start), d.Amount, w);
                }
                var idle = options.AsOf.DayNumber - d.LastActivity.DayNumber;
                if (idle > options.StaleDays)
                {
                    stale.Add(new StaleDeal(d.Id, d.Name, d.Stage, d.Amount, d.Owner, d.LastActivity, idle));
                }
            }
            else if (d.Closed is not { } closed)
            {
                undated++;
            }
            else if (closed > windowStart && closed <= options.AsOf)
            {
                if (d.State == DealState.Won)
                {
                    won++;
                    wonAmount += d.Amount;
                    cycles.Add(closed.DayNumber - d.Created.DayNumber);
                    o = (o.Open, o.Amount, o.Weighted, o.Won + 1, o.Lost);
                }
                else
                {
                    lost++;
                    lostAmount += d.Amount;
                    o = (o.Open, o.Amount, o.Weighted, o.Won, o.Lost + 1);
                }
            }
            owners[owner] = o;
        }
        var forecast = buckets.Select(b => new ForecastBucket(Label(b.Key, options.Period), b.Key, b.Value.Deals, b.Value.Amount, b.Value.Weighted)).ToList();
        if (overdue.Deals > 0)
        {
            forecast.Insert(0, new ForecastBucket(Overdue, null, overdue.Deals, overdue.Amount, overdue.Weighted));
        }
        if (unscheduled.Deals > 0)
        {
            forecast.Add(new ForecastBucket(Unscheduled, null, unscheduled.Deals, unscheduled.Amount, unscheduled.Weighted));
        }
        cycles.Sort();
        return new PipelineSummary(
            options.AsOf, open, openAmount, weighted,
            options.Stages.Select(s => new StageTotal(s, stages[s].Deals, stages[s].Amount, stages[s].Weighted)).ToList(),
            forecast,
            new WinRate(won, lost, wonAmount, lostAmount,
                won + lost == 0 ? null : (double)won / (won + lost),
                wonAmount + lostAmount == 0 ? null : wonAmount / (wonAmount + lostAmount)),
            cycles.Count == 0 ? null : cycles.Average(),
            cycles.Count == 0 ? null : cycles.Count % 2 == 1 ? cycles[cycles.Count / 2] : (cycles[cycles.Count / 2 - 1] + cycles[cycles.Count / 2]) / 2,
            owners.Where(p => p.Value.Open + p.Value.Won + p.Value.Lost > 0)
                .Select(p => new OwnerTotal(p.Key, p.Value.Open, p.Value.Amount, p.Value.Weighted, p.Value.Won, p.Value.Lost,
                    p.Value.Won + p.Value.Lost == 0 ? null : (double)p.Value.Won / (p.Value.Won + p.Value.Lost)))
                .ToList(),
            stale.OrderByDescending(s => s.IdleDays).ThenBy(s => s.Id).ToList(),
            undated);
    }

    /// <summary>The first day of the month or quarter holding <paramref name="day"/>.</summary>
    public static DateOnly PeriodStart(DateOnly day, ForecastPeriod period) =>
        period == ForecastPeriod.Month ? new DateOnly(day.Year, day.Month, 1) : new DateOnly(day.Year, (day.Month - 1) / 3 * 3 + 1, 1);

    static string Label(DateOnly start, ForecastPeriod period) => period == ForecastPeriod.Month
        ? start.ToString("yyyy-MM", CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{start.Year}-Q{(start.Month - 1) / 3 + 1}");

    static (int Deals, double Amount, double Weighted) Add((int Deals, double Amount, double Weighted) t, double amount, double weighted) =>
        (t.Deals + 1, t.Amount + amount, t.Weighted + weighted);
}
