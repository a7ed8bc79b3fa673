using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Valora.Domain.Sales;

namespace Valora.Data.Bulk;

/// <summary>
/// The one way rows are written in bulk (imports, the demo's extras, scoring runs): provider-specific bulk operations
/// (binary COPY on PostgreSQL, prepared statements bound through SQLite's C API) on rows laid out by a
/// <see cref="TableSpec"/> (values as produced by <see cref="Values"/>). Two ways in: <see cref="OpenAsync"/> owns a
/// connection for a whole import, with one transaction per batch, and may defer indexes (an exclusive load, see
/// <see cref="DeferAsync"/> and <see cref="BulkLock"/>); <see cref="Join"/> writes inside a caller's context and
/// open transaction (a scoring run, the demo extras), which it neither commits nor closes.
/// </summary>
internal abstract class BulkSession : IAsyncDisposable
{
    IDbContextTransaction? _transaction;
    readonly bool _ownsContext;
    IAsyncDisposable? _exclusive;

    protected BulkSession(ValoraDbContext context, bool ownsContext = true)
    {
        Context = context;
        _ownsContext = ownsContext;
        if (!ownsContext)
        {
            _transaction = context.Database.CurrentTransaction
                ?? throw new InvalidOperationException("A joined bulk session needs the caller's open transaction.");
        }
    }

    public ValoraDbContext Context { get; }

    protected DbConnection Connection => Context.Database.GetDbConnection();

    protected DbTransaction Transaction => _transaction?.GetDbTransaction()
        ?? throw new InvalidOperationException("No batch transaction is open.");

    public static async Task<BulkSession> OpenAsync(ValoraDatabase database, CancellationToken ct)
    {
        var context = database.CreateContext();
        context.ChangeTracker.AutoDetectChangesEnabled = false;
        context.ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.NoTracking;
        context.Database.SetCommandTimeout(TimeSpan.FromMinutes(10));
        await context.Database.OpenConnectionAsync(ct);
        var session = Create(context, ownsContext: true);
        try
        {
            await session.PrepareAsync(ct);
            await session.RestoreDeferredAsync(ct);
        }
        catch
        {
            // A rebuild left by an earlier load can fail (a foreign-key check finds broken rows): roll back and close.
            await session.DisposeAsync();
            throw;
        }
        return session;
    }

    /// <summary>
    /// A session on the caller's context and its open transaction: inserts only (no deferral, no per-batch
    /// transactions); disposing it releases its statements but leaves the transaction and the connection to the caller.
    /// </summary>
    public static BulkSession Join(ValoraDbContext context) => Create(context, ownsContext: false);

    static BulkSession Create(ValoraDbContext context, bool ownsContext) => context.Provider == DatabaseProvider.Sqlite
        ? new SqliteBulkSession(context, ownsContext)
        : new PostgresBulkSession(context, ownsContext);

    protected virtual Task PrepareAsync(CancellationToken ct) => Task.CompletedTask;

    public async Task BeginAsync(CancellationToken ct)
    {
        EnsureOwned();
        _transaction = await Context.Database.BeginTransactionAsync(ct);
        await OnBeginAsync(ct);
    }

    protected virtual Task OnBeginAsync(CancellationToken ct) => Task.CompletedTask;

    public async Task CommitAsync(CancellationToken ct)
    {
        EnsureOwned();
        if (_transaction is null)
        {
            return;
        }
        await _transaction.CommitAsync(ct);
        await _transaction.DisposeAsync();
        _transaction = null;
    }

    void EnsureOwned()
    {
        if (!_ownsContext)
        {
            throw new InvalidOperationException("A joined bulk session writes inside its caller's transaction.");
        }
    }

    public async Task RollbackAsync()
    {
        if (_transaction is null || !_ownsContext)
        {
            return;
        }
        await _transaction.RollbackAsync(CancellationToken.None);
        await _transaction.DisposeAsync();
        _transaction = null;
    }

    /// <summary>
    /// The stored orders with these external ids, with their lines, read straight from the connection (EF's
    /// <c>Include</c> materialisation cost several seconds per 400k lines). Values are converted as EF converts them
    /// (timestamps as UTC, enums by name), so the rows built from them compare like EF-loaded entities.
    /// </summary>
    public async Task<List<Order>> ReadOrdersAsync(IReadOnlyList<string> externalIds, CancellationToken ct)
    {
        var orders = new Dictionary<long, Order>();
        if (externalIds.Count == 0)
        {
            return [];
        }
        await using (var cmd = KeyFilterCommand(
            "SELECT \"Id\", \"ExternalId\", \"CustomerId\", \"OrderedAt\", \"Currency\", \"Channel\", \"Status\" FROM \"Orders\" WHERE \"ExternalId\" {0}",
            externalIds))
        {
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var order = new Order
                {
                    Id = reader.GetInt64(0),
                    ExternalId = reader.GetString(1),
                    CustomerId = reader.GetInt64(2),
                    OrderedAt = DateTime.SpecifyKind(reader.GetDateTime(3), DateTimeKind.Utc),
                    Currency = reader.GetString(4),
                    Channel = reader.IsDBNull(5) ? null : reader.GetString(5),
                    Status = Enum.Parse<OrderStatus>(reader.GetString(6)),
                };
                orders[order.Id] = order;
            }
        }
        await using (var cmd = KeyFilterCommand(
            "SELECT l.\"Id\", l.\"OrderId\", l.\"LineNumber\", l.\"ProductId\", l.\"Sku\", l.\"Quantity\", l.\"UnitPrice\", l.\"LineTotal\", "
            + "l.\"UnitCost\", l.\"IsMerchandise\" FROM \"OrderLines\" l JOIN \"Orders\" o ON o.\"Id\" = l.\"OrderId\" WHERE o.\"ExternalId\" {0}",
            externalIds))
        {
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var line = new OrderLine
                {
                    Id = reader.GetInt64(0),
                    OrderId = reader.GetInt64(1),
                    LineNumber = reader.GetInt32(2),
                    ProductId = reader.IsDBNull(3) ? null : reader.GetInt64(3),
                    Sku = reader.IsDBNull(4) ? null : reader.GetString(4),
                    Quantity = reader.GetInt32(5),
                    UnitPrice = reader.GetDecimal(6),
                    LineTotal = reader.GetDecimal(7),
                    UnitCost = reader.IsDBNull(8) ? null : reader.GetDecimal(8),
                    IsMerchandise = reader.GetBoolean(9),
                };
                if (orders.TryGetValue(line.OrderId, out var order))
                {
                    order.Lines.Add(line);
                }
            }
        }
        return [.. orders.Values];
    }

    /// <summary>The table (created by a migration, see <see cref="DeferredSchemaEntry"/>) that records what <see cref="DeferAsync"/> dropped and how to rebuild it.</summary>
    public const string DeferredLedger = DeferredSchemaEntry.Table;

    /// <summary>
    /// For a load that is large next to what a table holds: drops the tables' non-unique indexes (and on PostgreSQL
    /// their foreign keys, whose per-row triggers cost more than the rows) so that they are built once, after the
    /// load, by <see cref="RestoreDeferredAsync"/>. The drop and a ledger row with each rebuild statement commit
    /// together, so an import killed part-way leaves the recipe behind and the next session (any import, or
    /// <see cref="ValoraDatabase.MigrateAsync"/>) rebuilds what is missing. Unique indexes stay: they guard the upsert keys.
    /// </summary>
    public async Task DeferAsync(IReadOnlyList<TableSpec> tables, CancellationToken ct)
    {
        _exclusive ??= await BulkLock.ExclusiveAsync(Context, ct);
        await BeginAsync(ct);
        var deferrable = new List<(string Name, string Kind, string Drop, string Restore)>();
        foreach (var table in tables)
        {
            deferrable.AddRange(await DeferrableAsync(table.Table, ct));
        }
        foreach (var (name, kind, drop, restore) in deferrable)
        {
            await using var record = Connection.CreateCommand();
            record.Transaction = Transaction;
            record.CommandText = $"INSERT INTO \"{DeferredLedger}\" (\"Name\", \"Kind\", \"DropSql\", \"RestoreSql\") VALUES (@n, @k, @d, @r) ON CONFLICT DO NOTHING";
            AddParameter(record, "@n", name);
            AddParameter(record, "@k", kind);
            AddParameter(record, "@d", drop);
            AddParameter(record, "@r", restore);
            await record.ExecuteNonQueryAsync(ct);
            await ExecuteAsync(drop, ct);
        }
        await CommitAsync(ct);
        await OnDeferredAsync(ct);
    }

    /// <summary>After the deferral's commit (SQLite: foreign keys are checked once at the end instead of per row).</summary>
    protected virtual Task OnDeferredAsync(CancellationToken ct) => Task.CompletedTask;

    /// <summary>
    /// Rebuilds whatever <see cref="DeferAsync"/> dropped (indexes first, then foreign keys, which validate the data
    /// once), clears the ledger and ends the exclusive load. A session that finds a ledger left by a killed load takes
    /// the exclusive lock for the rebuild, so it cannot run beside a live load that is still deferring.
    /// </summary>
    public async Task RestoreDeferredAsync(CancellationToken ct)
    {
        if (_exclusive is null && !await LedgerHasEntriesAsync(ct))
        {
            return;
        }
        _exclusive ??= await BulkLock.ExclusiveAsync(Context, ct);
        await BeginAsync(ct);
        var pending = new List<(string Name, string Kind, string Restore)>();
        await using (var read = Connection.CreateCommand())
        {
            read.Transaction = Transaction;
            read.CommandText = $"SELECT \"Name\", \"Kind\", \"RestoreSql\" FROM \"{DeferredLedger}\" ORDER BY \"Kind\" DESC, \"Name\"";
            await using var reader = await read.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                pending.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
            }
        }
        foreach (var (name, kind, restore) in pending)
        {
            await RestoreAsync(name, kind, restore, ct);
        }
        await ExecuteAsync($"DELETE FROM \"{DeferredLedger}\"", ct);
        await CommitAsync(ct);
        await OnRestoredAsync(ct);
        await ReleaseExclusiveAsync();
    }

    async Task<bool> LedgerHasEntriesAsync(CancellationToken ct)
    {
        await using var cmd = Connection.CreateCommand();
        cmd.Transaction = _transaction?.GetDbTransaction();
        cmd.CommandText = $"SELECT EXISTS (SELECT 1 FROM \"{DeferredLedger}\")";
        return Convert.ToBoolean(await cmd.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    async Task ReleaseExclusiveAsync()
    {
        if (_exclusive is not null)
        {
            await _exclusive.DisposeAsync();
            _exclusive = null;
        }
    }

    /// <summary>One ledger entry: runs its rebuild statement unless what it builds is already there.</summary>
    protected virtual async Task RestoreAsync(string name, string kind, string restoreSql, CancellationToken ct)
    {
        if (!await ExistsAsync(name, kind, ct))
        {
            await ExecuteAsync(restoreSql, ct);
        }
    }

    /// <summary>After the rebuild's commit.</summary>
    protected virtual Task OnRestoredAsync(CancellationToken ct) => Task.CompletedTask;

    /// <summary>Rows a table holds, roughly (its highest id): enough to tell a first load from a top-up.</summary>
    public async Task<long> ApproximateRowsAsync(TableSpec table, CancellationToken ct)
    {
        await using var cmd = Connection.CreateCommand();
        cmd.CommandText = $"SELECT COALESCE(MAX(\"Id\"), 0) FROM \"{table.Table}\"";
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The first column of every row <paramref name="sql"/> returns, as text (keys of what a table already holds),
    /// read straight from the connection: for a large table this is one cheap scan where per-batch lookups through
    /// EF cost a query per few hundred keys.
    /// </summary>
    public async Task<HashSet<string>> ReadKeysAsync(string sql, CancellationToken ct)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        await ReadAsync(sql, reader => keys.Add(reader.GetString(0)), ct);
        return keys;
    }

    /// <summary>Key (first column, text) → id (second column) of every row <paramref name="sql"/> returns.</summary>
    public async Task<Dictionary<string, long>> ReadKeyIdsAsync(string sql, CancellationToken ct)
    {
        var ids = new Dictionary<string, long>(StringComparer.Ordinal);
        await ReadAsync(sql, reader => ids[reader.GetString(0)] = reader.GetInt64(1), ct);
        return ids;
    }

    async Task ReadAsync(string sql, Action<DbDataReader> row, CancellationToken ct)
    {
        await using var cmd = Connection.CreateCommand();
        cmd.CommandText = sql;
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            row(reader);
        }
    }

    /// <summary>The table's non-unique indexes (and foreign keys where they are per-row triggers), each with the SQL that drops it and the SQL that rebuilds it.</summary>
    protected abstract Task<List<(string Name, string Kind, string Drop, string Restore)>> DeferrableAsync(string table, CancellationToken ct);

    /// <summary>Whether the index (<c>kind</c> "index") or constraint ("foreign-key") is in place.</summary>
    protected abstract Task<bool> ExistsAsync(string name, string kind, CancellationToken ct);

    protected async Task ExecuteAsync(string sql, CancellationToken ct)
    {
        await using var cmd = Connection.CreateCommand();
        cmd.Transaction = _transaction?.GetDbTransaction();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync(ct);
    }

    protected static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    /// <summary>A command on the batch transaction whose SQL has <c>{0}</c> replaced by a provider-specific "is one of these keys" test.</summary>
    protected abstract DbCommand KeyFilterCommand(string sql, IReadOnlyList<string> keys);

    /// <summary>Fresh ids for <paramref name="count"/> new rows of the table, valid inside the open transaction.</summary>
    public abstract Task<long[]> ReserveIdsAsync(TableSpec table, int count, CancellationToken ct);

    /// <summary>
    /// Inserts rows, all columns, ids included. Rows are consumed as they are enumerated and may all be one array
    /// refilled each time, so a large insert can stream without holding its rows.
    /// </summary>
    public abstract Task InsertAsync(TableSpec table, IEnumerable<object?[]> rows, CancellationToken ct);

    /// <summary>Updates every data column of the rows whose <c>Id</c> (element 0) matches.</summary>
    public abstract Task UpdateAsync(TableSpec table, IReadOnlyList<object?[]> rows, CancellationToken ct);

    /// <summary>Deletes the rows whose <paramref name="column"/> is one of <paramref name="ids"/>.</summary>
    public abstract Task DeleteWhereAsync(TableSpec table, string column, IReadOnlyList<long> ids, CancellationToken ct);

    public async ValueTask DisposeAsync()
    {
        await RollbackAsync();
        await DisposeCoreAsync();
        await ReleaseExclusiveAsync();
        if (_ownsContext)
        {
            await Context.Database.CloseConnectionAsync();
            await Context.DisposeAsync();
        }
    }

    protected virtual ValueTask DisposeCoreAsync() => ValueTask.CompletedTask;
}
