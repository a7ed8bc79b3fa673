using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Valora.Data.Scores;

/// <summary>
/// Replaces the scores of one model version as of one date: the old rows for the same (metric, as-of, version)
/// go and the new ones come in, in one transaction, so readers never see half a scoring run. Bulk path:
/// prepared batched inserts on SQLite, binary COPY on PostgreSQL.
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
            SqliteConnection sqlite => await InsertAsync(sqlite, (SqliteTransaction)tx.GetDbTransaction(), asOf, modelVersion, rows, ct),
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

    static async Task<int> InsertAsync(SqliteConnection conn, SqliteTransaction tx, DateOnly asOf, string version, IEnumerable<ScoreRow> rows, CancellationToken ct)
    {
        await using var cmd = conn.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = """
            INSERT INTO "CustomerScores" ("CustomerId", "AsOf", "Metric", "Value", "Label", "ModelVersion")
            VALUES ($c, $a, $m, $v, $l, $ver)
            """;
        var pc = cmd.Parameters.Add("$c", SqliteType.Integer);
        cmd.Parameters.AddWithValue("$a", asOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        var pm = cmd.Parameters.Add("$m", SqliteType.Text);
        var pv = cmd.Parameters.Add("$v", SqliteType.Real);
        var pl = cmd.Parameters.Add("$l", SqliteType.Text);
        cmd.Parameters.AddWithValue("$ver", version);
        await cmd.PrepareAsync(ct);
        var n = 0;
        foreach (var row in rows)
        {
            pc.Value = row.CustomerId;
            pm.Value = row.Metric;
            pv.Value = row.Value is { } v && double.IsFinite(v) ? v : DBNull.Value;
            pl.Value = (object?)row.Label ?? DBNull.Value;
            // Synchronous on purpose: Microsoft.Data.Sqlite runs synchronously anyway, and the async wrapper per row
            // dominates when a scoring run writes millions of rows.
            cmd.ExecuteNonQuery();
            if ((++n & 0xFFFF) == 0)
            {
                ct.ThrowIfCancellationRequested();
            }
        }
        return n;
    }
}
