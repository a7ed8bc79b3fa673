using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

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
