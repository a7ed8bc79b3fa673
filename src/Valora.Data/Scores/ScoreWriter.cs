using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Valora.Data.Import.Bulk;

namespace Valora.Data.Scores;

/// <summary>
/// Replaces the scores of one model version as of one date: the old rows for the same (metric, as-of, version)
/// go and the new ones come in, in one transaction, so readers never see half a scoring run. Bulk path:
/// a prepared insert bound through SQLite's C API, binary COPY on PostgreSQL.
/// </summary>
public static class ScoreWriter
{
    public static async Task<int> ReplaceAsync(
        ValoraDatabase database, DateOnly asOf, string modelVersion, IReadOnlyCollection<string> metrics,
        IEnumerable<ScoreRow> rows, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(rows);
        await using var db = database.CreateContext();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        foreach (var metric in metrics)
        {
            await db.CustomerScores
                .Where(s => s.Metric == metric && s.AsOf == asOf && s.ModelVersion == modelVersion)
                .ExecuteDeleteAsync(ct);
        }
        var connection = db.Database.GetDbConnection();
        var written = connection switch
        {
            NpgsqlConnection pg => await CopyAsync(pg, asOf, modelVersion, rows, ct),
            SqliteConnection sqlite => await InsertAsync(sqlite, asOf, modelVersion, rows, ct),
            _ => throw new NotSupportedException(connection.GetType().Name),
        };
        await tx.CommitAsync(ct);
        return written;
    }

    static async Task<int> CopyAsync(NpgsqlConnection conn, DateOnly asOf, string version, IEnumerable<ScoreRow> rows, CancellationToken ct)
    {
        var n = 0;
        await using var import = await conn.BeginBinaryImportAsync(
            """COPY "CustomerScores" ("CustomerId", "AsOf", "Metric", "Value", "Label", "ModelVersion") FROM STDIN (FORMAT BINARY)""", ct);
        foreach (var row in rows)
        {
            await import.StartRowAsync(ct);
            await import.WriteAsync(row.CustomerId, NpgsqlDbType.Bigint, ct);
            await import.WriteAsync(asOf, NpgsqlDbType.Date, ct);
            await import.WriteAsync(row.Metric, NpgsqlDbType.Text, ct);
            if (row.Value is { } v && double.IsFinite(v))
            {
                await import.WriteAsync(v, NpgsqlDbType.Double, ct);
            }
            else
            {
                await import.WriteNullAsync(ct);
            }
            if (row.Label is { } label)
            {
                await import.WriteAsync(label, NpgsqlDbType.Text, ct);
            }
            else
            {
                await import.WriteNullAsync(ct);
            }
            await import.WriteAsync(version, NpgsqlDbType.Text, ct);
            n++;
        }
        await import.CompleteAsync(ct);
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
        var values = new object?[6];
        values[1] = asOf;
        values[5] = version;
        var n = 0;
        foreach (var row in rows)
        {
            values[0] = row.CustomerId;
            values[2] = row.Metric;
            values[3] = row.Value is { } v && double.IsFinite(v) ? v : null;
            values[4] = row.Label;
            statement.Execute(values);
            if ((++n & 0xFFFF) == 0)
            {
                ct.ThrowIfCancellationRequested();
            }
        }
        return Task.FromResult(n);
    }
}
