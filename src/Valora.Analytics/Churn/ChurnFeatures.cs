using System.Globalization;
using Valora.Domain.Sales;

namespace Valora.Analytics.Churn;

/// <summary>
/// The one function that turns a customer's order history into churn features as of a date, shared by training and
/// scoring so the two cannot drift. Only purchases strictly before the as-of day are read (a purchase on the as-of
/// day or later is the future), and only customers with at least one such purchase are described. The rows are
/// text in invariant culture, the shape <see cref="FeatureEncoder"/> reads, so database customers and a user's own
/// table go through the same encoder, learners and reasons.
/// </summary>
/// <remarks>
/// Features (all numeric; blank where undefined, which the encoder fills with the training median and flags):
/// <c>days_since_last_order</c> (as-of day − day of the last purchase), <c>orders</c>, <c>revenue</c> (sum),
/// <c>average_order_value</c>, <c>tenure_days</c> (as-of day − first purchase day), <c>orders_last_90d</c> and
/// <c>orders_prior_90d</c> (the 90 days before the as-of day and the 90 before those), <c>order_trend</c>
/// (last − prior), <c>mean_gap_days</c> (mean days between consecutive purchases; blank with one purchase) and
/// <c>gap_ratio</c> (days since the last order ÷ the mean gap: "3× their usual gap"; blank with one purchase).
/// </remarks>
public static class ChurnFeatures
{
    /// <summary>The feature columns, in row order.</summary>
    public static readonly IReadOnlyList<string> Names =
    [
        "days_since_last_order", "orders", "revenue", "average_order_value", "tenure_days",
        "orders_last_90d", "orders_prior_90d", "order_trend", "mean_gap_days", "gap_ratio",
    ];

    /// <summary>The columns as the encoder takes them (every one numeric, at its index in a row).</summary>
    public static IReadOnlyList<FeatureColumn> Columns { get; } = [.. Names.Select((n, i) => new FeatureColumn(n, i, FeatureKind.Numeric))];

    /// <summary>Features of every customer with a purchase before <paramref name="asOf"/>, ordered by customer id.</summary>
    /// <param name="purchases">Completed orders (any order; later ones are ignored).</param>
    /// <param name="asOf">The as-of day: only purchases before its start are used.</param>
    public static ChurnFeatureSet From(IEnumerable<Purchase> purchases, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(purchases);
        var cutoff = asOf.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var byCustomer = new SortedDictionary<long, List<Purchase>>();
        foreach (var p in purchases)
        {
            if (p.OccurredAtUtc >= cutoff) continue;
            if (!byCustomer.TryGetValue(p.CustomerId, out var list)) byCustomer[p.CustomerId] = list = [];
            list.Add(p);
        }
        var ids = new long[byCustomer.Count];
        var rows = new string[byCustomer.Count][];
        var i = 0;
        foreach (var (id, list) in byCustomer)
        {
            list.Sort((a, b) => a.OccurredAtUtc.CompareTo(b.OccurredAtUtc));
            ids[i] = id;
            rows[i++] = Row(list, asOf);
        }
        return new ChurnFeatureSet(asOf, ids, rows);
    }

    /// <summary>
    /// Labels for training as of the features' as-of day: a customer churned when they make no purchase in the
    /// <paramref name="windowDays"/> days from the as-of day on ([asOf, asOf + window)).
    /// </summary>
    public static bool[] Labels(ChurnFeatureSet features, IEnumerable<Purchase> purchases, int windowDays)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(purchases);
        ArgumentOutOfRangeException.ThrowIfLessThan(windowDays, 1);
        var from = features.AsOf.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var to = from.AddDays(windowDays);
        var bought = new HashSet<long>();
        foreach (var p in purchases)
        {
            if (p.OccurredAtUtc >= from && p.OccurredAtUtc < to) bought.Add(p.CustomerId);
        }
        return [.. features.CustomerIds.Select(id => !bought.Contains(id))];
    }

    static string[] Row(List<Purchase> sorted, DateOnly asOf)
    {
        static int Day(DateTime t) => DateOnly.FromDateTime(t).DayNumber;
        var today = asOf.DayNumber;
        var first = Day(sorted[0].OccurredAtUtc);
        var last = Day(sorted[^1].OccurredAtUtc);
        decimal revenue = 0;
        int last90 = 0, prior90 = 0;
        foreach (var p in sorted)
        {
            revenue += p.Revenue;
            var ago = today - Day(p.OccurredAtUtc);
            if (ago <= 90) last90++;
            else if (ago <= 180) prior90++;
        }
        var n = sorted.Count;
        var sinceLast = today - last;
        double? meanGap = n > 1 ? (last - first) / (double)(n - 1) : null;
        double? gapRatio = meanGap is { } g ? sinceLast / Math.Max(g, 1) : null;
        return
        [
            F(sinceLast), F(n), F((double)revenue), F((double)revenue / n), F(today - first),
            F(last90), F(prior90), F(last90 - prior90), meanGap is { } mg ? F(mg) : "", gapRatio is { } gr ? F(gr) : "",
        ];
    }

    static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>Customers' churn features as of a date (from <see cref="ChurnFeatures.From"/>).</summary>
/// <param name="AsOf">The as-of day.</param>
/// <param name="CustomerIds">Customer of each row, ascending.</param>
/// <param name="Rows">One text row per customer, columns as <see cref="ChurnFeatures.Names"/>.</param>
public sealed record ChurnFeatureSet(DateOnly AsOf, IReadOnlyList<long> CustomerIds, IReadOnlyList<string[]> Rows);
