using Npgsql;
using NpgsqlTypes;

namespace Valora.Data.Import.Bulk;

/// <summary>
/// PostgreSQL: ids from the table's identity sequence, new rows by binary COPY, changed rows by binary COPY into a
/// temporary staging table followed by one set-based <c>UPDATE … FROM</c>; all inside the batch transaction.
/// </summary>
internal sealed class PostgresBulkSession(ValoraDbContext context) : BulkSession(context)
{
    NpgsqlConnection Npgsql => (NpgsqlConnection)Connection;

    NpgsqlTransaction Tx => (NpgsqlTransaction)Transaction;

    public override async Task<long[]> ReserveIdsAsync(TableSpec table, int count, CancellationToken ct)
    {
        if (count == 0)
        {
            return [];
        }
        // One array value instead of one result row per id: reading 400k rows back one by one cost seconds of client CPU.
        await using var cmd = new NpgsqlCommand(
            $"SELECT array_agg(nextval(pg_get_serial_sequence('\"{table.Table}\"', 'Id'))) FROM generate_series(1, @n)", Npgsql, Tx);
        cmd.Parameters.AddWithValue("n", count);
        var result = await cmd.ExecuteScalarAsync(ct) as long[]
            ?? throw new InvalidOperationException($"No ids reserved for {table.Table}.");
        if (result.Length != count)
        {
            throw new InvalidOperationException($"Reserved {result.Length} ids for {table.Table}, expected {count}.");
        }
        return result;
    }

    public override async Task InsertAsync(TableSpec table, IReadOnlyList<object?[]> rows, CancellationToken ct)
    {
        if (rows.Count > 0)
        {
            await CopyAsync($"\"{table.Table}\"", table, rows, ct);
        }
    }

    public override async Task UpdateAsync(TableSpec table, IReadOnlyList<object?[]> rows, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return;
        }
        var stage = $"valora_stage_{table.Table.ToLowerInvariant()}";
        await ExecuteAsync($"CREATE TEMP TABLE IF NOT EXISTS {stage} (LIKE \"{table.Table}\") ON COMMIT DELETE ROWS", ct);
        await CopyAsync(stage, table, rows, ct);
        var set = string.Join(", ", table.Columns.Skip(1).Select(c => $"\"{c.Name}\" = s.\"{c.Name}\""));
        await ExecuteAsync($"UPDATE \"{table.Table}\" t SET {set} FROM {stage} s WHERE t.\"Id\" = s.\"Id\"", ct);
        await ExecuteAsync($"TRUNCATE {stage}", ct);
    }

    protected override System.Data.Common.DbCommand KeyFilterCommand(string sql, IReadOnlyList<string> keys)
    {
        var cmd = new NpgsqlCommand(string.Format(System.Globalization.CultureInfo.InvariantCulture, sql, "= ANY(@keys)"), Npgsql, Tx);
        cmd.Parameters.AddWithValue("keys", keys.ToArray());
        return cmd;
    }

    public override async Task DeleteWhereAsync(TableSpec table, string column, IReadOnlyList<long> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return;
        }
        await using var cmd = new NpgsqlCommand($"DELETE FROM \"{table.Table}\" WHERE \"{column}\" = ANY(@ids)", Npgsql, Tx);
        cmd.Parameters.AddWithValue("ids", ids.ToArray());
        await cmd.ExecuteNonQueryAsync(ct);
    }

    async Task ExecuteAsync(string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, Npgsql, Tx);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    async Task CopyAsync(string target, TableSpec table, IReadOnlyList<object?[]> rows, CancellationToken ct)
    {
        var columns = table.Columns;
        var types = columns.Select(c => c.Type switch
        {
            ColumnType.Int64 => NpgsqlDbType.Bigint,
            ColumnType.Int32 => NpgsqlDbType.Integer,
            ColumnType.Decimal => NpgsqlDbType.Numeric,
            ColumnType.DateTime => NpgsqlDbType.TimestampTz,
            ColumnType.Date => NpgsqlDbType.Date,
            ColumnType.Bool => NpgsqlDbType.Boolean,
            _ => NpgsqlDbType.Text,
        }).ToArray();
        var sql = $"COPY {target} ({string.Join(", ", columns.Select(c => $"\"{c.Name}\""))}) FROM STDIN (FORMAT BINARY)";
        await using var writer = await Npgsql.BeginBinaryImportAsync(sql, ct);
        // Synchronous writes: values are buffered, so per-value async state machines only cost time.
        var n = 0;
        foreach (var row in rows)
        {
            if ((++n & 4095) == 0)
            {
                ct.ThrowIfCancellationRequested();
            }
            writer.StartRow();
            for (var i = 0; i < row.Length; i++)
            {
                var value = row[i];
                if (value is null)
                {
                    writer.WriteNull();
                    continue;
                }
                switch (value)
                {
                    case long l: writer.Write(l, types[i]); break;
                    case int k: writer.Write(k, types[i]); break;
                    case decimal m: writer.Write(m, types[i]); break;
                    case DateTime t: writer.Write(t, types[i]); break;
                    case DateOnly d: writer.Write(d, types[i]); break;
                    case bool b: writer.Write(b, types[i]); break;
                    case string s: writer.Write(s, types[i]); break;
                    default: throw new InvalidOperationException($"Unsupported value type {value.GetType()} for {table.Table}.{columns[i].Name}.");
                }
            }
        }
        await writer.CompleteAsync(ct);
    }
}
