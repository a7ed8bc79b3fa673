using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Valora.Data.Demo;

/// <summary>
/// Multi-row parameterised INSERTs on the context's own connection and transaction, for volumes where EF's per-entity
/// change tracking is the bottleneck (≈ 1M campaign members and tags for 1M demo customers). Table and column names
/// come from the EF model, and values are passed as the same CLR types EF would pass (UTC <see cref="DateTime"/>,
/// <see cref="DateOnly"/>, <see cref="decimal"/>, enums by name), so both providers store them exactly as EF does.
/// </summary>
internal sealed class BulkInsert : IAsyncDisposable
{
    // PostgreSQL pays a round trip per statement, so rows go in large batches. SQLite runs in-process but binds each
    // named parameter with a linear name lookup, so a large batch costs O(parameters²); a few rows per statement is fastest.
    const int MaxPostgresParameters = 4_000;
    const int MaxSqliteParameters = 64;

    readonly DbConnection _connection;
    readonly DbTransaction _transaction;
    readonly string _table;
    readonly string[] _columns;
    readonly int _rowsPerBatch;
    readonly List<object?[]> _rows = [];
    DbCommand? _fullBatch;

    BulkInsert(DbConnection connection, DbTransaction transaction, string table, string[] columns, int maxParameters)
    {
        _connection = connection;
        _transaction = transaction;
        _table = table;
        _columns = columns;
        _rowsPerBatch = Math.Max(1, maxParameters / columns.Length);
    }

    public long Rows { get; private set; }

    /// <summary>An inserter for <typeparamref name="TEntity"/>'s table and the given properties (in value order).</summary>
    public static BulkInsert For<TEntity>(ValoraDbContext db, params string[] properties)
    {
        var entity = db.Model.FindEntityType(typeof(TEntity)) ?? throw new InvalidOperationException($"{typeof(TEntity).Name} is not in the model.");
        var tableName = entity.GetTableName()!;
        var store = StoreObjectIdentifier.Table(tableName, entity.GetSchema());
        var columns = properties
            .Select(p => entity.FindProperty(p)?.GetColumnName(store) ?? throw new InvalidOperationException($"{typeof(TEntity).Name}.{p} has no column."))
            .ToArray();
        var table = entity.GetSchema() is { } schema ? $"{Quote(schema)}.{Quote(tableName)}" : Quote(tableName);
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("BulkInsert needs an open transaction.");
        var maxParameters = db.Provider == DatabaseProvider.Sqlite ? MaxSqliteParameters : MaxPostgresParameters;
        return new BulkInsert(db.Database.GetDbConnection(), transaction, table, columns, maxParameters);
    }

    static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public async Task AddAsync(object?[] values, CancellationToken ct)
    {
        _rows.Add(values);
        Rows++;
        if (_rows.Count == _rowsPerBatch)
        {
            _fullBatch ??= Create(_rowsPerBatch);
            await ExecuteAsync(_fullBatch, ct);
        }
    }

    public async Task FlushAsync(CancellationToken ct)
    {
        if (_rows.Count > 0)
        {
            await using var command = Create(_rows.Count);
            await ExecuteAsync(command, ct);
        }
    }

    async Task ExecuteAsync(DbCommand command, CancellationToken ct)
    {
        var k = 0;
        foreach (var row in _rows)
        {
            foreach (var value in row)
            {
                command.Parameters[k++].Value = value switch
                {
                    null => DBNull.Value,
                    Enum e => e.ToString(),
                    _ => value,
                };
            }
        }
        await command.ExecuteNonQueryAsync(ct);
        _rows.Clear();
    }

    DbCommand Create(int rows)
    {
        var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        var sql = new StringBuilder();
        sql.Append("INSERT INTO ").Append(_table).Append(" (").AppendJoin(", ", _columns.Select(Quote)).Append(") VALUES ");
        var k = 0;
        for (var r = 0; r < rows; r++)
        {
            sql.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < _columns.Length; c++)
            {
                var name = string.Create(CultureInfo.InvariantCulture, $"@p{k++}");
                sql.Append(c == 0 ? "" : ", ").Append(name);
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                command.Parameters.Add(parameter);
            }
            sql.Append(')');
        }
        command.CommandText = sql.ToString();
        return command;
    }

    public async ValueTask DisposeAsync()
    {
        if (_fullBatch is not null)
        {
            await _fullBatch.DisposeAsync();
        }
    }
}
