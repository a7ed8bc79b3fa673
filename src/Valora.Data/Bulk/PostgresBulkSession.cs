using Npgsql;

namespace Valora.Data.Bulk;

/// <summary>
/// PostgreSQL: ids from the table's identity sequence, new rows by binary COPY, changed rows by binary COPY into a
/// temporary staging table followed by one set-based <c>UPDATE … FROM</c>; all inside the batch transaction.
/// </summary>
internal sealed class PostgresBulkSession(ValoraDbContext context, bool ownsContext) : BulkSession(context, ownsContext)
{
    NpgsqlConnection Npgsql => (NpgsqlConnection)Connection;

    NpgsqlTransaction Tx => (NpgsqlTransaction)Transaction;

    /// <summary>
    /// A block of ids from the table's identity sequence, moved on once by <paramref name="count"/>. The table is
    /// locked against other writers for the rest of the batch first, so no other session can draw a number inside the
    /// block between the two sequence calls (inserts take their ids only once they hold the table lock).
    /// </summary>
    public override async Task<long[]> ReserveIdsAsync(TableSpec table, int count, CancellationToken ct)
    {
        if (count == 0)
        {
            return [];
        }
        await using var cmd = new NpgsqlCommand($"""
            LOCK TABLE "{table.Table}" IN SHARE ROW EXCLUSIVE MODE;
            SELECT setval(s, nextval(s) + @n - 1) FROM pg_get_serial_sequence('"{table.Table}"', 'Id') AS s
            """, Npgsql, Tx);
        cmd.Parameters.AddWithValue("n", (long)count);
        var last = (long)(await cmd.ExecuteScalarAsync(ct))!;
        var ids = new long[count];
        for (var i = 0; i < count; i++)
        {
            ids[i] = last - count + 1 + i;
        }
        return ids;
    }

    public override async Task InsertAsync(TableSpec table, IEnumerable<object?[]> rows, CancellationToken ct)
    {
        if (rows.TryGetNonEnumeratedCount(out var count) && count == 0)
        {
            return;
        }
        await CopyAsync($"\"{table.Table}\"", table, rows, ct);
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

    protected override async Task<List<(string Name, string Kind, string Drop, string Restore)>> DeferrableAsync(string table, CancellationToken ct)
    {
        var found = new List<(string, string, string, string)>();
        await using (var cmd = new NpgsqlCommand("""
            SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x
            JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
            WHERE t.oid = to_regclass(@t) AND NOT x.indisunique AND NOT x.indisprimary
            """, Npgsql, Tx))
        {
            cmd.Parameters.AddWithValue("t", $"\"{table}\"");
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var name = reader.GetString(0);
                found.Add((name, "index", $"DROP INDEX \"{name}\"", reader.GetString(1)));
            }
        }
        await using (var cmd = new NpgsqlCommand(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE contype = 'f' AND conrelid = to_regclass(@t)", Npgsql, Tx))
        {
            cmd.Parameters.AddWithValue("t", $"\"{table}\"");
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var name = reader.GetString(0);
                found.Add((name, "foreign-key", $"ALTER TABLE \"{table}\" DROP CONSTRAINT \"{name}\"",
                    $"ALTER TABLE \"{table}\" ADD CONSTRAINT \"{name}\" {reader.GetString(1)}"));
            }
        }
        return found;
    }

    protected override async Task<bool> ExistsAsync(string name, string kind, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(kind == "index"
            ? "SELECT to_regclass(quote_ident(@n)) IS NOT NULL"
            // Constraint names are per schema: another schema's copy of the table must not count.
            : "SELECT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = @n AND connamespace = current_schema()::regnamespace)", Npgsql, Tx);
        cmd.Parameters.AddWithValue("n", name);
        return (bool)(await cmd.ExecuteScalarAsync(ct))!;
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

    /// <summary>Binary COPY of the rows, encoded by <see cref="PgCopyEncoder"/> onto a raw COPY stream.</summary>
    async Task CopyAsync(string target, TableSpec table, IEnumerable<object?[]> rows, CancellationToken ct)
    {
        var columns = table.Columns.Select(c => $"\"{c.Name}\"");
        var sql = $"COPY {target} ({string.Join(", ", columns)}) FROM STDIN (FORMAT BINARY)";
        await using var stream = await Npgsql.BeginRawBinaryCopyAsync(sql, ct);
        // Synchronous writes of 64 KiB blocks: Npgsql buffers them; per-block async state machines only cost time.
        var encoder = new PgCopyEncoder(stream.Write);
        try
        {
            encoder.WriteHeader();
            var n = 0;
            foreach (var row in rows)
            {
                if ((++n & 4095) == 0)
                {
                    ct.ThrowIfCancellationRequested();
                }
                encoder.WriteRow(table.Columns, row);
            }
            encoder.Complete();
        }
        catch
        {
            // Disposing the stream would end the COPY and store what was sent; cancelling throws the rows away.
            await stream.CancelAsync();
            throw;
        }
    }
}
