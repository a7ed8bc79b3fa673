using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Valora.Domain.Sales;

namespace Valora.Data.Import.Bulk;

/// <summary>
/// One connection for a whole import, with one transaction per batch. Reads go through the EF context (no tracking)
/// on the same connection and transaction; writes are provider-specific bulk operations on rows laid out by a
/// <see cref="TableSpec"/> (values as produced by <see cref="Values"/>).
/// </summary>
internal abstract class BulkSession : IAsyncDisposable
{
    IDbContextTransaction? _transaction;

    protected BulkSession(ValoraDbContext context) => Context = context;

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
        BulkSession session = database.Provider == DatabaseProvider.Sqlite
            ? new SqliteBulkSession(context)
            : new PostgresBulkSession(context);
        await session.PrepareAsync(ct);
        return session;
    }

    protected virtual Task PrepareAsync(CancellationToken ct) => Task.CompletedTask;

    public async Task BeginAsync(CancellationToken ct)
    {
        _transaction = await Context.Database.BeginTransactionAsync(ct);
        await OnBeginAsync(ct);
    }

    protected virtual Task OnBeginAsync(CancellationToken ct) => Task.CompletedTask;

    public async Task CommitAsync(CancellationToken ct)
    {
        if (_transaction is null)
        {
            return;
        }
        await _transaction.CommitAsync(ct);
        await _transaction.DisposeAsync();
        _transaction = null;
    }

    public async Task RollbackAsync()
    {
        if (_transaction is null)
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

    /// <summary>A command on the batch transaction whose SQL has <c>{0}</c> replaced by a provider-specific "is one of these keys" test.</summary>
    protected abstract DbCommand KeyFilterCommand(string sql, IReadOnlyList<string> keys);

    /// <summary>Fresh ids for <paramref name="count"/> new rows of the table, valid inside the open transaction.</summary>
    public abstract Task<long[]> ReserveIdsAsync(TableSpec table, int count, CancellationToken ct);

    /// <summary>Inserts rows (all columns, ids included).</summary>
    public abstract Task InsertAsync(TableSpec table, IReadOnlyList<object?[]> rows, CancellationToken ct);

    /// <summary>Updates every data column of the rows whose <c>Id</c> (element 0) matches.</summary>
    public abstract Task UpdateAsync(TableSpec table, IReadOnlyList<object?[]> rows, CancellationToken ct);

    /// <summary>Deletes the rows whose <paramref name="column"/> is one of <paramref name="ids"/>.</summary>
    public abstract Task DeleteWhereAsync(TableSpec table, string column, IReadOnlyList<long> ids, CancellationToken ct);

    public async ValueTask DisposeAsync()
    {
        await RollbackAsync();
        await DisposeCoreAsync();
        await Context.Database.CloseConnectionAsync();
        await Context.DisposeAsync();
    }

    protected virtual ValueTask DisposeCoreAsync() => ValueTask.CompletedTask;
}
