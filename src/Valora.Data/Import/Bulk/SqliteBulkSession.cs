using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Valora.Data.Import.Bulk;

/// <summary>
/// SQLite: WAL journal and synchronous=NORMAL for the import, one IMMEDIATE transaction per batch; inserts as one
/// json_each statement per 5,000 rows, updates as a prepared UPDATE re-bound per row; ids assigned here.
/// </summary>
internal sealed class SqliteBulkSession(ValoraDbContext context) : BulkSession(context)
{
    readonly Dictionary<(string, bool), SqliteCommand> _commands = [];
    readonly Dictionary<string, long> _nextId = [];

    SqliteConnection Sqlite => (SqliteConnection)Connection;

    protected override async Task PrepareAsync(CancellationToken ct)
    {
        await using var cmd = Sqlite.CreateCommand();
        cmd.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;";
        await cmd.ExecuteNonQueryAsync(ct);
    }

    protected override Task OnBeginAsync(CancellationToken ct)
    {
        _nextId.Clear();
        foreach (var cmd in _commands.Values)
        {
            cmd.Transaction = (SqliteTransaction)Transaction;
        }
        return Task.CompletedTask;
    }

    public override async Task<long[]> ReserveIdsAsync(TableSpec table, int count, CancellationToken ct)
    {
        if (!_nextId.TryGetValue(table.Table, out var next))
        {
            await using var cmd = Sqlite.CreateCommand();
            cmd.Transaction = (SqliteTransaction)Transaction;
            cmd.CommandText = $"""
                SELECT MAX(IFNULL((SELECT seq FROM sqlite_sequence WHERE name = '{table.Table}'), 0),
                           IFNULL((SELECT MAX("Id") FROM "{table.Table}"), 0))
                """;
            next = Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) + 1;
        }
        var ids = new long[count];
        for (var i = 0; i < count; i++)
        {
            ids[i] = next++;
        }
        _nextId[table.Table] = next;
        return ids;
    }

    /// <summary>
    /// Inserts in chunks through one statement each: the rows travel as one JSON array parameter and SQLite's
    /// <c>json_each</c> unpacks them (<c>INSERT … SELECT value-&gt;&gt;0, … FROM json_each($rows)</c>), which binds one
    /// parameter per chunk instead of one per value. Values are formatted exactly as Microsoft.Data.Sqlite binds them
    /// (decimal <c>0.0###…</c>, timestamps <c>yyyy-MM-dd HH:mm:ss.FFFFFFF</c>, dates <c>yyyy-MM-dd</c>, bools 0/1).
    /// </summary>
    public override async Task InsertAsync(TableSpec table, IReadOnlyList<object?[]> rows, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return;
        }
        const int chunk = 5000;
        var cmd = InsertCommand(table);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1 << 20);
        for (var start = 0; start < rows.Count; start += chunk)
        {
            ct.ThrowIfCancellationRequested();
            buffer.ResetWrittenCount();
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartArray();
                for (var r = start; r < Math.Min(rows.Count, start + chunk); r++)
                {
                    json.WriteStartArray();
                    foreach (var value in rows[r])
                    {
                        switch (value)
                        {
                            case null: json.WriteNullValue(); break;
                            case long l: json.WriteNumberValue(l); break;
                            case int n: json.WriteNumberValue(n); break;
                            case bool b: json.WriteNumberValue(b ? 1 : 0); break;
                            case decimal m: json.WriteStringValue(m.ToString("0.0###########################", CultureInfo.InvariantCulture)); break;
                            case DateTime t: json.WriteStringValue(t.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF", CultureInfo.InvariantCulture)); break;
                            case DateOnly d: json.WriteStringValue(d.ToString(@"yyyy\-MM\-dd", CultureInfo.InvariantCulture)); break;
                            case string text: json.WriteStringValue(text); break;
                            default: throw new InvalidOperationException($"Unsupported value type {value.GetType()} for {table.Table}.");
                        }
                    }
                    json.WriteEndArray();
                }
                json.WriteEndArray();
            }
            cmd.Parameters[0].Value = System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
            await cmd.ExecuteNonQueryAsync(ct);
        }
    }

    SqliteCommand InsertCommand(TableSpec table)
    {
        if (_commands.TryGetValue((table.Table, false), out var cmd))
        {
            return cmd;
        }
        cmd = Sqlite.CreateCommand();
        cmd.Transaction = (SqliteTransaction)Transaction;
        cmd.CommandText = $"INSERT INTO \"{table.Table}\" ({string.Join(", ", table.Columns.Select(c => $"\"{c.Name}\""))}) "
            + $"SELECT {string.Join(", ", table.Columns.Select((_, i) => $"value ->> {i}"))} FROM json_each($rows)";
        cmd.Parameters.Add(new SqliteParameter("$rows", SqliteType.Text));
        cmd.Prepare();
        _commands[(table.Table, false)] = cmd;
        return cmd;
    }

    public override Task UpdateAsync(TableSpec table, IReadOnlyList<object?[]> rows, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return Task.CompletedTask;
        }
        var cmd = Command(table, update: true);
        Run(cmd, rows, ct);
        return Task.CompletedTask;
    }

    protected override System.Data.Common.DbCommand KeyFilterCommand(string sql, IReadOnlyList<string> keys)
    {
        var cmd = Sqlite.CreateCommand();
        cmd.Transaction = (SqliteTransaction)Transaction;
        cmd.CommandText = string.Format(CultureInfo.InvariantCulture, sql, "IN (SELECT value FROM json_each($keys))");
        cmd.Parameters.AddWithValue("$keys", JsonSerializer.Serialize(keys));
        return cmd;
    }

    public override async Task DeleteWhereAsync(TableSpec table, string column, IReadOnlyList<long> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return;
        }
        await using var cmd = Sqlite.CreateCommand();
        cmd.Transaction = (SqliteTransaction)Transaction;
        cmd.CommandText = $"DELETE FROM \"{table.Table}\" WHERE \"{column}\" IN (SELECT value FROM json_each($ids))";
        cmd.Parameters.AddWithValue("$ids", JsonSerializer.Serialize(ids));
        await cmd.ExecuteNonQueryAsync(ct);
    }

    static void Run(SqliteCommand cmd, IReadOnlyList<object?[]> rows, CancellationToken ct)
    {
        var parameters = cmd.Parameters;
        for (var r = 0; r < rows.Count; r++)
        {
            if ((r & 4095) == 0)
            {
                ct.ThrowIfCancellationRequested();
            }
            var row = rows[r];
            for (var i = 0; i < row.Length; i++)
            {
                parameters[i].Value = row[i] ?? DBNull.Value;
            }
            cmd.ExecuteNonQuery();
        }
    }

    SqliteCommand Command(TableSpec table, bool update)
    {
        if (_commands.TryGetValue((table.Table, update), out var cmd))
        {
            return cmd;
        }
        cmd = Sqlite.CreateCommand();
        cmd.Transaction = (SqliteTransaction)Transaction;
        var sql = new StringBuilder();
        var columns = table.Columns;
        if (update)
        {
            sql.Append("UPDATE \"").Append(table.Table).Append("\" SET ");
            for (var i = 1; i < columns.Count; i++)
            {
                sql.Append(i > 1 ? ", " : "").Append('"').Append(columns[i].Name).Append("\" = $p").Append(i);
            }
            sql.Append(" WHERE \"Id\" = $p0");
        }
        else
        {
            sql.Append("INSERT INTO \"").Append(table.Table).Append("\" (")
                .AppendJoin(", ", columns.Select(c => $"\"{c.Name}\"")).Append(") VALUES (")
                .AppendJoin(", ", columns.Select((_, i) => $"$p{i}")).Append(')');
        }
        cmd.CommandText = sql.ToString();
        for (var i = 0; i < columns.Count; i++)
        {
            cmd.Parameters.Add(new SqliteParameter($"$p{i}", columns[i].Type switch
            {
                ColumnType.Int64 or ColumnType.Int32 or ColumnType.Bool => SqliteType.Integer,
                _ => SqliteType.Text,
            }));
        }
        cmd.Prepare();
        _commands[(table.Table, update)] = cmd;
        return cmd;
    }

    protected override async ValueTask DisposeCoreAsync()
    {
        foreach (var cmd in _commands.Values)
        {
            await cmd.DisposeAsync();
        }
        _commands.Clear();
    }
}
