using Valora.Data.Scores;

namespace Valora.Data.Rfm;

/// <summary>Customers per RFM segment in one saved run.</summary>
public sealed record RfmSegmentCounts(DateOnly AsOf, string ModelVersion, int Customers, IReadOnlyList<RfmSegmentCount> Segments);

public sealed record RfmSegmentCount(string Segment, int Customers);

/// <summary>Query: the segment sizes of the latest saved RFM run (API, dashboard and CLI read it the same way).</summary>
public static class RfmSegments
{
    /// <summary>Null when no RFM run has been saved.</summary>
    public static async Task<RfmSegmentCounts?> LatestAsync(ValoraDbContext db, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var scores = new ScoreQueries(db);
        var run = await scores.LatestRunAsync(Metrics.Rfm.Model, ct);
        if (run is null)
        {
            return null;
        }
        var segments = (await scores.LabelCountsAsync(run, Metrics.Rfm.Segment, ct))
            .Select(c => new RfmSegmentCount(c.Label, c.Customers)).ToList();
        return new RfmSegmentCounts(run.AsOf, run.Version, segments.Sum(s => s.Customers), segments);
    }
}
