using Microsoft.EntityFrameworkCore;
using Valora.Data.Bulk;

namespace Valora.Data.Scores;

/// <summary>
/// Replaces the scores of one model version as of one date: the old rows for the same (metric, as-of, version)
/// go and the new ones come in through the one bulk writer (<see cref="BulkSession.Join"/>), inside the caller's
/// transaction (<see cref="RunWriter"/> is the one caller), so readers never see half a scoring run.
/// </summary>
static class ScoreWriter
{
    public static async Task<int> ReplaceAsync(
        ValoraDbContext db, DateOnly asOf, string modelVersion, IReadOnlyCollection<string> metrics,
        IEnumerable<ScoreRow> rows, CancellationToken ct)
    {
        foreach (var metric in metrics)
        {
            await db.CustomerScores
                .Where(s => s.Metric == metric && s.AsOf == asOf && s.ModelVersion == modelVersion)
                .ExecuteDeleteAsync(ct);
        }
        var written = 0;
        await using var bulk = BulkSession.Join(db);
        await bulk.InsertAsync(TableSpec.CustomerScores, Counted(Rows(asOf, modelVersion, rows)), ct);
        return written;

        IEnumerable<object?[]> Counted(IEnumerable<object?[]> source)
        {
            foreach (var row in source)
            {
                written++;
                yield return row;
            }
        }
    }

    /// <summary>The rows laid out as <see cref="TableSpec.CustomerScores"/>, in one reused array (each is written before the next).</summary>
    static IEnumerable<object?[]> Rows(DateOnly asOf, string version, IEnumerable<ScoreRow> rows)
    {
        var values = new object?[TableSpec.CustomerScores.Columns.Count];
        values[1] = asOf;
        values[5] = version;
        foreach (var row in rows)
        {
            values[0] = row.CustomerId;
            values[2] = row.Metric;
            values[3] = row.Value is { } v && double.IsFinite(v) ? v : null;
            values[4] = row.Label;
            yield return values;
        }
    }
}
