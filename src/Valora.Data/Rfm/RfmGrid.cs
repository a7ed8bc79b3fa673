using Valora.Data.Scores;

namespace Valora.Data.Rfm;

/// <summary>
/// The latest RFM run as a recency × frequency grid: customers and revenue (the run's monetary measure) per pair of
/// scores. Rows are frequency scores 1..bands, columns recency scores 1..bands.
/// </summary>
/// <param name="Customers">[frequency − 1][recency − 1] → customers with those scores.</param>
/// <param name="Monetary">[frequency − 1][recency − 1] → sum of the monetary measure of those customers.</param>
public sealed record RfmGrid(DateOnly AsOf, string ModelVersion, int Bands, int[][] Customers, double[][] Monetary, IReadOnlyList<RfmSegmentCount> Segments)
{
    public int Total => Customers.Sum(r => r.Sum());

    /// <summary>Null when no RFM run has been saved.</summary>
    public static async Task<RfmGrid?> LatestAsync(ValoraDbContext db, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var scores = new ScoreQueries(db);
        var run = await scores.LatestRunAsync(Metrics.Rfm.Model, ct);
        if (run is null)
        {
            return null;
        }
        var r = await scores.NumbersAsync(run, Metrics.Rfm.RecencyScore, ct: ct);
        var f = await scores.NumbersAsync(run, Metrics.Rfm.FrequencyScore, ct: ct);
        var m = await scores.NumbersAsync(run, Metrics.Rfm.Monetary, ct: ct);
        var bands = Math.Max(1, (int)Math.Max(r.Count == 0 ? 1 : r.Values.Max(), f.Count == 0 ? 1 : f.Values.Max()));
        var customers = Enumerable.Range(0, bands).Select(_ => new int[bands]).ToArray();
        var monetary = Enumerable.Range(0, bands).Select(_ => new double[bands]).ToArray();
        foreach (var (id, recency) in r)
        {
            if (!f.TryGetValue(id, out var frequency))
            {
                continue;
            }
            var (row, col) = ((int)frequency - 1, (int)recency - 1);
            if (row < 0 || col < 0)
            {
                continue;
            }
            customers[row][col]++;
            monetary[row][col] += m.GetValueOrDefault(id);
        }
        var segments = (await scores.LabelCountsAsync(run, Metrics.Rfm.Segment, ct))
            .Select(c => new RfmSegmentCount(c.Label, c.Customers)).ToList();
        return new RfmGrid(run.AsOf, run.Version, bands, customers, monetary, segments);
    }
}
