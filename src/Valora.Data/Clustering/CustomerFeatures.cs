using Valora.Analytics.Clustering;
using Valora.Data.Scores;
using Valora.Domain.Sales;

namespace Valora.Data.Clustering;

/// <summary>
/// The per-customer value features Valora's own customers are clustered on, as of a date (purchases on or before it):
/// <c>recency</c> = days from the last purchase's date to the as-of date (0 = bought that day; pandas' <c>(ref − last).days</c>
/// with ref = midnight after the as-of date), <c>frequency</c> = completed orders, <c>monetary</c> = total revenue,
/// <c>tenure</c> = days from the first purchase's date to the as-of date, <c>aov</c> = revenue per order.
/// </summary>
public static class CustomerFeatures
{
    /// <summary>Feature names in catalogue order, with the metric each is stored as.</summary>
    public static readonly IReadOnlyList<(string Name, ScoreMetric Metric)> Known =
    [
        ("recency", Metrics.Clusters.Recency),
        ("frequency", Metrics.Clusters.Frequency),
        ("monetary", Metrics.Clusters.Monetary),
        ("tenure", Metrics.Clusters.Tenure),
        ("aov", Metrics.Clusters.AverageOrder),
    ];

    public static readonly IReadOnlyList<string> Default = ["recency", "frequency", "monetary"];

    /// <summary>The metric of a feature name (case-insensitive), or null when it is not one.</summary>
    public static ScoreMetric? MetricOf(string name) =>
        Known.FirstOrDefault(k => string.Equals(k.Name, name.Trim(), StringComparison.OrdinalIgnoreCase)).Metric;

    /// <summary>The features of every customer with a purchase on or before <paramref name="asOf"/>, ordered by customer id.</summary>
    public static (long[] Customers, FeatureMatrix Raw) Build(IReadOnlyList<Purchase> purchases, DateOnly asOf, IReadOnlyList<string> features)
    {
        ArgumentNullException.ThrowIfNull(purchases);
        ArgumentNullException.ThrowIfNull(features);
        var end = asOf.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var byCustomer = new SortedDictionary<long, (DateTime First, DateTime Last, int Orders, decimal Revenue)>();
        foreach (var p in purchases)
        {
            if (p.OccurredAtUtc >= end)
            {
                continue;
            }
            byCustomer[p.CustomerId] = byCustomer.TryGetValue(p.CustomerId, out var a)
                ? (p.OccurredAtUtc < a.First ? p.OccurredAtUtc : a.First, p.OccurredAtUtc > a.Last ? p.OccurredAtUtc : a.Last, a.Orders + 1, a.Revenue + p.Revenue)
                : (p.OccurredAtUtc, p.OccurredAtUtc, 1, p.Revenue);
        }
        var names = features.Select(f => f.Trim().ToLowerInvariant()).ToArray();
        var d = names.Length;
        var values = new double[byCustomer.Count * d];
        var ids = new long[byCustomer.Count];
        var r = 0;
        foreach (var (id, a) in byCustomer)
        {
            ids[r] = id;
            for (var f = 0; f < d; f++)
            {
                values[r * d + f] = names[f] switch
                {
                    "recency" => asOf.DayNumber - DateOnly.FromDateTime(a.Last).DayNumber,
                    "frequency" => a.Orders,
                    "monetary" => (double)a.Revenue,
                    "tenure" => asOf.DayNumber - DateOnly.FromDateTime(a.First).DayNumber,
                    "aov" => (double)(a.Revenue / a.Orders),
                    _ => throw new ArgumentException($"Unknown customer feature '{names[f]}'.", nameof(features)),
                };
            }
            r++;
        }
        return (ids, new FeatureMatrix(values, names));
    }
}
