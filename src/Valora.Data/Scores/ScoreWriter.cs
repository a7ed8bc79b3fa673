using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Valora.Data.Import.Bulk;

namespace Valora.Data.Scores;

/// <summary>
/// Replaces the scores of one model version as of one date: the old rows for the same (metric, as-of, version)
/// go and the new ones come in, inside the caller's transaction (<see cref="RunWriter"/> is the one caller), so
/// readers never see half a scoring run. Bulk path: a prepared insert bound through SQLite's C API, binary COPY
/// (our encoder) on PostgreSQL.
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
        var connection = db.Database.GetDbConnection();
        return connection switch
        {
            NpgsqlConnection pg => await CopyAsync(pg, asOf, modelVersion, rows, ct),
            SqliteConnection sqlite => await InsertAsync(sqlite, asOf, modelVersion, rows, ct),
            _ => throw new NotSupportedException(connection.GetType().Name),
        };
    }

    /// <summary>Binary COPY encoded by <see cref="PgCopyEncoder"/>.</summary>
    static async Task<int> CopyAsync(NpgsqlConnection conn, DateOnly asOf, string version, IEnumerable<ScoreRow> rows, CancellationToken ct)
    {
        var n = 0;
        await using var stream = await conn.BeginRawBinaryCopyAsync(
            """COPY "CustomerScores" ("CustomerId", "AsOf", "Metric", "Value", "Label", "ModelVersion") FROM STDIN (FORMAT BINARY)""", ct);
        var encoder = new PgCopyEncoder(stream.Write);
        try
        {
            encoder.WriteHeader();
            foreach (var values in Rows(asOf, version, rows))
            {
                encoder.WriteRow(ScoreColumns, values);
                if ((++n & 0xFFFF) == 0)
                {
                    ct.ThrowIfCancellationRequested();
                }
            }
            encoder.Complete();
        }
        catch
        {
            await stream.CancelAsync();
            throw;
        }
        return n;
    }

    static readonly Column[] ScoreColumns =
    [
        new("CustomerId", ColumnType.Int64), new("AsOf", ColumnType.Date), new("Metric", ColumnType.Text),
        new("Value", ColumnType.Double, true), new("Label", ColumnType.Text, true), new("ModelVersion", ColumnType.Text),
    ];

    /// <summary>One prepared statement bound per row through SQLite's C API (see <see cref="SqliteStatement"/>).</summary>
    static Task<int> InsertAsync(SqliteConnection conn, DateOnly asOf, string version, IEnumerable<ScoreRow> rows, CancellationToken ct)
    {
        using var statement = new SqliteStatement(conn, """
            INSERT INTO "CustomerScores" ("CustomerId", "AsOf", "Metric", "Value", "Label", "ModelVersion")
            VALUES (?1, ?2, ?3, ?4, ?5, ?6)
            """, ScoreColumns);
        var n = 0;
        foreach (var values in Rows(asOf, version, rows))
        {
            statement.Execute(values);
            if ((++n & 0xFFFF) == 0)
            {
                ct.ThrowIfCancellationRequested();
            }
        }
        return Task.FromResult(n);
    }

    /// <summary>The rows laid out as <see cref="ScoreColumns"/>, in one reused array (each is written before the next).</summary>
    static IEnumerable<object?[]> Rows(DateOnly asOf, string version, IEnumerable<ScoreRow> rows)
    {
        var values = new object?[6];
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
