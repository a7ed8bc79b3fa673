using Microsoft.EntityFrameworkCore;
using Valora.Analytics.Value;
using Valora.Data;
using Valora.Server.Api;

namespace Valora.Server.Dashboard.Value;

/// <summary>What the Value page shows: the latest RFM segment counts and the latest CLV scoring.</summary>
public sealed record ValueDashboard(RfmSegmentCounts? Segments, ClvDistribution? Clv)
{
    public const string ClvMetric = "clv", AliveMetric = "clv_p_alive";

    /// <summary>Number of customers in the top table.</summary>
    public const int TopCustomers = 20;

    /// <summary>Bars in the CLV histogram.</summary>
    public const int HistogramBins = 20;

    public static async Task<ValueDashboard> LoadAsync(ValoraDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var segments = await RfmApi.LatestRunAsync(db, ct);
        var run = await db.CustomerScores.AsNoTracking()
            .Where(s => s.Metric == ClvMetric)
            .OrderByDescending(s => s.Id)
            .Select(s => new { s.AsOf, s.ModelVersion })
            .FirstOrDefaultAsync(ct);
        if (run is null)
        {
            return new ValueDashboard(segments, null);
        }
        var values = await db.CustomerScores.AsNoTracking()
            .Where(s => s.Metric == ClvMetric && s.AsOf == run.AsOf && s.ModelVersion == run.ModelVersion && s.Value != null)
            .Select(s => new { s.CustomerId, Value = s.Value!.Value })
            .ToListAsync(ct);
        if (values.Count == 0)
        {
            return new ValueDashboard(segments, null);
        }
        var top = values.OrderByDescending(v => v.Value).ThenBy(v => v.CustomerId).Take(TopCustomers).ToList();
        var topIds = top.Select(t => t.CustomerId).ToList();
        var names = await db.Customers.AsNoTracking().Where(c => topIds.Contains(c.Id))
            .Select(c => new { c.Id, c.ExternalId, c.Name }).ToDictionaryAsync(c => c.Id, ct);
        var alive = await db.CustomerScores.AsNoTracking()
            .Where(s => s.Metric == AliveMetric && s.AsOf == run.AsOf && s.ModelVersion == run.ModelVersion && topIds.Contains(s.CustomerId))
            .Select(s => new { s.CustomerId, s.Value }).ToDictionaryAsync(s => s.CustomerId, s => s.Value, ct);
        var segmentOf = segments is null
            ? new Dictionary<long, string?>()
            : await db.CustomerScores.AsNoTracking()
                .Where(s => s.Metric == RfmApi.SegmentMetric && s.AsOf == segments.AsOf && s.ModelVersion == segments.ModelVersion && topIds.Contains(s.CustomerId))
                .Select(s => new { s.CustomerId, s.Label }).ToDictionaryAsync(s => s.CustomerId, s => s.Label, ct);

        var clv = values.Select(v => v.Value).ToArray();
        var positive = clv.Sum(v => Math.Max(v, 0)) > 0;
        return new ValueDashboard(segments, new ClvDistribution(
            run.AsOf,
            run.ModelVersion,
            clv.Length,
            clv.Sum(),
            positive ? Concentration.Gini(clv) : null,
            positive ? ValueApi.Downsample(Concentration.Lorenz(clv), ValueApi.MaxLorenzPoints) : [],
            Histogram.Build(clv, HistogramBins),
            [.. top.Select(t => new TopCustomer(
                t.CustomerId,
                names.TryGetValue(t.CustomerId, out var c) ? c.ExternalId : null,
                names.TryGetValue(t.CustomerId, out var n) ? n.Name : null,
                segmentOf.GetValueOrDefault(t.CustomerId),
                alive.GetValueOrDefault(t.CustomerId),
                t.Value))]));
    }
}

/// <summary>The latest CLV scoring: totals, concentration, histogram and the most valuable customers.</summary>
/// <param name="Gini">Gini of CLV across customers; null when no customer has positive CLV.</param>
public sealed record ClvDistribution(
    DateOnly AsOf,
    string ModelVersion,
    int Customers,
    double Total,
    double? Gini,
    IReadOnlyList<LorenzPoint> Lorenz,
    IReadOnlyList<HistogramBin> Histogram,
    IReadOnlyList<TopCustomer> Top);

public sealed record TopCustomer(long CustomerId, string? ExternalId, string? Name, string? Segment, double? ProbabilityAlive, double Clv);
