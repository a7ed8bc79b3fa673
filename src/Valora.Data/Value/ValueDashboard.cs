using Microsoft.EntityFrameworkCore;
using Valora.Analytics.Value;
using Valora.Data.Customers;
using Valora.Data.Rfm;
using Valora.Data.Scores;

namespace Valora.Data.Value;

/// <summary>What the Value page shows: the latest RFM segment counts and the latest CLV scoring.</summary>
public sealed record ValueDashboard(RfmSegmentCounts? Segments, ClvDistribution? Clv)
{
    /// <summary>Number of customers in the top table.</summary>
    public const int TopCustomers = 20;

    /// <summary>Bars in the CLV histogram.</summary>
    public const int HistogramBins = 20;

    public static async Task<ValueDashboard> LoadAsync(ValoraDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var scores = new ScoreQueries(db);
        var segments = await RfmSegments.LatestAsync(db, ct);
        var run = await scores.LatestRunAsync(Metrics.Clv.Model, ct);
        if (run is null)
        {
            return new ValueDashboard(segments, null);
        }
        var values = await scores.NumbersAsync(run, Metrics.Clv.Value, ct: ct);
        if (values.Count == 0)
        {
            return new ValueDashboard(segments, null);
        }
        var top = values.OrderByDescending(v => v.Value).ThenBy(v => v.Key).Take(TopCustomers).ToList();
        var topIds = top.Select(t => t.Key).ToList();
        var names = await CustomerNames.OfAsync(db, topIds, ct);
        var alive = await scores.NumbersAsync(run, Metrics.Clv.ProbabilityAlive, topIds, ct);
        var rfmRun = segments is null ? null : await scores.LatestRunAsync(Metrics.Rfm.Model, ct);
        var segmentOf = rfmRun is null ? [] : await scores.LabelsAsync(rfmRun, Metrics.Rfm.Segment, topIds, ct);

        var clv = values.Values.ToArray();
        var positive = clv.Sum(v => Math.Max(v, 0)) > 0;
        return new ValueDashboard(segments, new ClvDistribution(
            run.AsOf,
            run.Version,
            clv.Length,
            clv.Sum(),
            positive ? Concentration.Gini(clv) : null,
            positive ? Concentration.Downsample(Concentration.Lorenz(clv), Concentration.CurvePoints) : [],
            Histogram.Build(clv, HistogramBins),
            [.. top.Select(t => new ValuableCustomer(
                t.Key,
                names.TryGetValue(t.Key, out var c) ? c.ExternalId : null,
                names.TryGetValue(t.Key, out var n) ? n.Name : null,
                segmentOf.GetValueOrDefault(t.Key),
                alive.TryGetValue(t.Key, out var p) ? p : null,
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
    IReadOnlyList<ValuableCustomer> Top);

public sealed record ValuableCustomer(long CustomerId, string? ExternalId, string? Name, string? Segment, double? ProbabilityAlive, double Clv);
