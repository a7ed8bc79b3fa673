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
        var ids = new long[count];
        if (count == 0)
        {
            return ids;
        }
        await using var cmd = new NpgsqlCommand(
            $"SELECT nextval(pg_get_serial_sequence('\"{table.Table}\"', 'Id')) FROM generate_series(1, @n)", Npgsql, Tx);
        cmd.Parameters.AddWithValue("n", count);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var i = 0;
        while (await reader.ReadAsync(ct))
        {
            ids[i++] = reader.GetInt64(0);
        }
        return ids;
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
        foreach (var row in rows)
        {
            await writer.StartRowAsync(ct);
            for (var i = 0; i < row.Length; i++)
            {
                var value = row[i];
                if (value is null)
                {
                    await writer.WriteNullAsync(ct);
                    continue;
                }
                switch (value)
                {
                    case long l: await writer.WriteAsync(l, types[i], ct); break;
                    case int n: await writer.WriteAsync(n, types[i], ct); break;
                    case decimal m: await writer.WriteAsync(m, types[i], ct); break;
                    case DateTime t: await writer.WriteAsync(t, types[i], ct); break;
                    case DateOnly d: await writer.WriteAsync(d, types[i], ct); break;
                    case bool b: await writer.WriteAsync(b, types[i], ct); break;
                    case string s: await writer.WriteAsync(s, types[i], ct); break;
                    default: throw new InvalidOperationException($"Unsupported value type {value.GetType()} for {table.Table}.{columns[i].Name}.");
                }
            }
        }
        await writer.CompleteAsync(ct);
    }
}
