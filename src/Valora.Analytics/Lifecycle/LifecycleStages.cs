using System.Globalization;
using Valora.Domain.Sales;

namespace Valora.Analytics.Lifecycle;

/// <summary>The five stages of a customer relationship, in the order a relationship goes through them.</summary>
public enum LifecycleStage
{
    /// <summary>Just arrived: the first purchase is recent.</summary>
    Intro,

    /// <summary>Trying the relationship out: few orders, or the first year.</summary>
    Confirmation,

    /// <summary>Buying more: the last year's revenue is well above the year before.</summary>
    Growth,

    /// <summary>An established customer buying at their own steady rhythm.</summary>
    Retention,

    /// <summary>Drifting away: silent for much longer than their own rhythm, or probably no longer active.</summary>
    Leaving,
}

/// <summary>Thresholds of the lifecycle rules (days are calendar days before the as-of date).</summary>
public sealed record LifecycleOptions
{
    /// <summary>Intro: the first purchase at most this many days ago (default 90).</summary>
    public int IntroDays { get; init; } = 90;

    /// <summary>Confirmation: at most this many orders (default 3) …</summary>
    public int ConfirmationOrders { get; init; } = 3;

    /// <summary>… or a first purchase at most this many days ago (default 365).</summary>
    public int ConfirmationDays { get; init; } = 365;

    /// <summary>Growth: the last year's revenue is at least this multiple of the year before's (default 1.25).</summary>
    public double GrowthRatio { get; init; } = 1.25;

    /// <summary>Leaving: silent for more than this multiple of the customer's own mean gap between orders (default 2.5) …</summary>
    public double LeavingGapMultiple { get; init; } = 2.5;

    /// <summary>… and for more than this many days (default 60, so a weekly buyer is not leaving after three weeks).</summary>
    public int LeavingMinDays { get; init; } = 60;

    /// <summary>Leaving: a one-order customer silent for more than this many days (default 180; no rhythm of their own yet).</summary>
    public int SingleOrderLeavingDays { get; init; } = 180;

    /// <summary>Leaving: P(alive) from the BTYD model below this (default 0.3), where it is known.</summary>
    public double LeavingProbabilityAlive { get; init; } = 0.3;

    /// <summary>The first threshold out of range as (field, rule), or null.</summary>
    public (string Field, string Rule)? Check()
    {
        foreach (var (name, days) in new[] { ("introDays", IntroDays), ("confirmationDays", ConfirmationDays), ("leavingMinDays", LeavingMinDays), ("singleOrderLeavingDays", SingleOrderLeavingDays) })
        {
            if (days is < 1 or > 3650)
            {
                return (name, string.Create(CultureInfo.InvariantCulture, $"{name} must be between 1 and 3650 days but was {days}."));
            }
        }
        if (ConfirmationDays < IntroDays)
        {
            return ("confirmationDays", string.Create(CultureInfo.InvariantCulture, $"confirmationDays ({ConfirmationDays}) must be at least introDays ({IntroDays})."));
        }
        if (ConfirmationOrders is < 1 or > 1000)
        {
            return ("confirmationOrders", string.Create(CultureInfo.InvariantCulture, $"confirmationOrders must be between 1 and 1000 but was {ConfirmationOrders}."));
        }
        if (!double.IsFinite(GrowthRatio) || GrowthRatio <= 1)
        {
            return ("growthRatio", string.Create(CultureInfo.InvariantCulture, $"growthRatio must be a finite number > 1 but was {GrowthRatio}."));
        }
        if (!double.IsFinite(LeavingGapMultiple) || LeavingGapMultiple < 1)
        {
            return ("leavingGapMultiple", string.Create(CultureInfo.InvariantCulture, $"leavingGapMultiple must be a finite number ≥ 1 but was {LeavingGapMultiple}."));
        }
        return LeavingProbabilityAlive is >= 0 and <= 1 ? null
            : ("leavingProbabilityAlive", string.Create(CultureInfo.InvariantCulture, $"leavingProbabilityAlive must be in [0, 1] but was {LeavingProbabilityAlive}."));
    }
}

/// <summary>One customer's stage and the measures that decided it.</summary>
/// <param name="CustomerId">The customer.</param>
/// <param name="Stage">Their stage as of the date.</param>
/// <param name="TenureDays">Days from the first purchase to the as-of date.</param>
/// <param name="Orders">Completed orders up to the as-of date.</param>
/// <param name="RecencyDays">Days from the last purchase to the as-of date.</param>
/// <param name="MeanGapDays">Mean days between consecutive orders (null with one order).</param>
/// <param name="Trend">Revenue of the last 365 days ÷ revenue of the 365 before (null when the year before had none).</param>
/// <param name="ProbabilityAlive">P(alive) the rules used (null when unknown).</param>
/// <param name="Reason">Which rule placed the customer, in words.</param>
public sealed record CustomerStage(long CustomerId, LifecycleStage Stage, int TenureDays, int Orders, int RecencyDays,
    double? MeanGapDays, double? Trend, double? ProbabilityAlive, string Reason);

/// <summary>How many customers moved from one stage to another between two dates (<c>From</c> null: not yet a customer).</summary>
public sealed record StageFlow(LifecycleStage? From, LifecycleStage To, int Customers);

/// <summary>
/// The relationship lifecycle: each customer's stage as of a date by documented rules, first match wins —
/// <list type="number">
/// <item><b>Leaving</b>: P(alive) &lt; <see cref="LifecycleOptions.LeavingProbabilityAlive"/> where known; or, with two
/// or more orders, silent for more than <see cref="LifecycleOptions.LeavingGapMultiple"/> × their own mean gap and
/// more than <see cref="LifecycleOptions.LeavingMinDays"/> days; or, with one order, silent for more than
/// <see cref="LifecycleOptions.SingleOrderLeavingDays"/> days.</item>
/// <item><b>Intro</b>: first purchase within <see cref="LifecycleOptions.IntroDays"/> days.</item>
/// <item><b>Confirmation</b>: at most <see cref="LifecycleOptions.ConfirmationOrders"/> orders, or first purchase within
/// <see cref="LifecycleOptions.ConfirmationDays"/> days.</item>
/// <item><b>Growth</b>: revenue of the last 365 days ≥ <see cref="LifecycleOptions.GrowthRatio"/> × the 365 before.</item>
/// <item><b>Retention</b>: everyone else — established and buying at their rhythm.</item>
/// </list>
/// Only purchases on or before the as-of date are read, so a stage as of a past date is what it was then.
/// </summary>
public static class LifecycleStages
{
    /// <summary>What each stage calls for, as the page and the CLI state it.</summary>
    public static string Recommendation(LifecycleStage stage) => stage switch
    {
        LifecycleStage.Intro => "Welcome and onboard; give a reason for the second purchase (a time-limited offer).",
        LifecycleStage.Confirmation => "Build the habit: relevant cross-sell, reminders at their rhythm, ask for feedback.",
        LifecycleStage.Growth => "Up-sell and bundles; invite to the loyalty programme; ask for a referral.",
        LifecycleStage.Retention => "Reward loyalty, keep service excellent, ask for referrals and reviews; watch for slowing.",
        LifecycleStage.Leaving => "Win back: a personal contact, find out why (tickets, complaints), a targeted offer; stop costly mailings if it fails.",
        _ => throw new ArgumentOutOfRangeException(nameof(stage), stage, null),
    };

    /// <summary>The lower-case stage name used in storage, the CLI and the API.</summary>
    public static string Name(LifecycleStage stage) => stage.ToString().ToLowerInvariant();

    /// <summary>Parses a stage name (case-insensitive).</summary>
    public static bool TryParse(string? text, out LifecycleStage stage) =>
        Enum.TryParse(text, ignoreCase: true, out stage) && Enum.IsDefined(stage) && !int.TryParse(text, out _);

    /// <summary>The stage of every customer with a purchase on or before <paramref name="asOf"/>, by customer id.</summary>
    /// <param name="purchases">Completed purchases (later ones are ignored).</param>
    /// <param name="asOf">The day the stages are as of.</param>
    /// <param name="options">Thresholds (defaults when null).</param>
    /// <param name="probabilityAlive">P(alive) by customer where a BTYD model scored it (null or missing: unknown).</param>
    public static IReadOnlyList<CustomerStage> Classify(IReadOnlyList<Purchase> purchases, DateOnly asOf,
        IReadOnlyDictionary<long, double>? probabilityAlive = null, LifecycleOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(purchases);
        options ??= new LifecycleOptions();
        if (options.Check() is { } bad)
        {
            throw new ArgumentException(bad.Rule, bad.Field);
        }
        var end = asOf.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var lastYear = end.AddDays(-365);
        var yearBefore = end.AddDays(-730);
        var byCustomer = new Dictionary<long, List<Purchase>>();
        foreach (var p in purchases)
        {
            if (p.OccurredAtUtc < end)
            {
                if (!byCustomer.TryGetValue(p.CustomerId, out var list))
                {
                    byCustomer[p.CustomerId] = list = [];
                }
                list.Add(p);
            }
        }
        var result = new List<CustomerStage>(byCustomer.Count);
        foreach (var (id, list) in byCustomer.OrderBy(kv => kv.Key))
        {
            list.Sort((a, b) => a.OccurredAtUtc.CompareTo(b.OccurredAtUtc));
            var firstDay = DateOnly.FromDateTime(list[0].OccurredAtUtc);
            var lastDay = DateOnly.FromDateTime(list[^1].OccurredAtUtc);
            var tenure = asOf.DayNumber - firstDay.DayNumber;
            var recency = asOf.DayNumber - lastDay.DayNumber;
            double? meanGap = list.Count > 1 ? (double)(lastDay.DayNumber - firstDay.DayNumber) / (list.Count - 1) : null;
            decimal recent = 0, before = 0;
            foreach (var p in list)
            {
                if (p.OccurredAtUtc >= lastYear)
                {
                    recent += p.Revenue;
                }
                else if (p.OccurredAtUtc >= yearBefore)
                {
                    before += p.Revenue;
                }
            }
            double? trend = before > 0 ? (double)(recent / before) : null;
            double? alive = probabilityAlive is not null && probabilityAlive.TryGetValue(id, out var pa) ? pa : null;
            var (stage, reason) = Decide(list.Count, tenure, recency, meanGap, trend, alive, options);
            result.Add(new CustomerStage(id, stage, tenure, list.Count, recency, meanGap, trend, alive, reason));
        }
        return result;
    }

    static (LifecycleStage, string) Decide(int orders, int tenure, int recency, double? meanGap, double? trend, double? alive, LifecycleOptions o)
    {
        var c = CultureInfo.InvariantCulture;
        if (alive < o.LeavingProbabilityAlive)
        {
            return (LifecycleStage.Leaving, string.Create(c, $"P(alive) {alive:0.00} < {o.LeavingProbabilityAlive:0.00}"));
        }
        if (meanGap is { } gap && recency > o.LeavingGapMultiple * gap && recency > o.LeavingMinDays)
        {
            return (LifecycleStage.Leaving, string.Create(c, $"silent {recency} days, {recency / Math.Max(gap, 1):0.0}× their usual gap of {gap:0} days"));
        }
        if (orders == 1 && recency > o.SingleOrderLeavingDays)
        {
            return (LifecycleStage.Leaving, string.Create(c, $"one order, {recency} days ago (> {o.SingleOrderLeavingDays})"));
        }
        if (tenure <= o.IntroDays)
        {
            return (LifecycleStage.Intro, string.Create(c, $"first purchase {tenure} days ago (≤ {o.IntroDays})"));
        }
        if (orders <= o.ConfirmationOrders || tenure <= o.ConfirmationDays)
        {
            return (LifecycleStage.Confirmation, orders <= o.ConfirmationOrders
                ? string.Create(c, $"{orders} order{(orders == 1 ? "" : "s")} (≤ {o.ConfirmationOrders})")
                : string.Create(c, $"first purchase {tenure} days ago (≤ {o.ConfirmationDays})"));
        }
        if (trend >= o.GrowthRatio)
        {
            return (LifecycleStage.Growth, string.Create(c, $"last year's revenue {trend:0.00}× the year before's (≥ {o.GrowthRatio:0.00})"));
        }
        return (LifecycleStage.Retention, trend is { } t
            ? string.Create(c, $"established, {orders} orders, revenue {t:0.00}× the year before's")
            : string.Create(c, $"established, {orders} orders"));
    }

    /// <summary>
    /// The moves between the stages at an earlier and a later date (<c>From</c> null: a customer at the later date who
    /// had not bought by the earlier one), largest first; customers present only at the earlier date cannot be (their
    /// purchases do not vanish), so every earlier customer appears.
    /// </summary>
    public static IReadOnlyList<StageFlow> Transitions(IReadOnlyList<CustomerStage> earlier, IReadOnlyList<CustomerStage> later)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        ArgumentNullException.ThrowIfNull(later);
        var before = earlier.ToDictionary(s => s.CustomerId, s => s.Stage);
        return [.. later
            .GroupBy(s => (From: before.TryGetValue(s.CustomerId, out var f) ? f : (LifecycleStage?)null, To: s.Stage))
            .Select(g => new StageFlow(g.Key.From, g.Key.To, g.Count()))
            .OrderByDescending(f => f.Customers).ThenBy(f => f.From.HasValue ? (int)f.From.Value : -1).ThenBy(f => f.To)];
    }
}
