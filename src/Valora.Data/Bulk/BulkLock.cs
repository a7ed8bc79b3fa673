using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Valora.Data.Bulk;

/// <summary>
/// Keeps an exclusive bulk load (one that defers indexes and, on PostgreSQL, drops foreign keys) apart from online
/// writes and from a second exclusive load. A refused caller gets <see cref="DatabaseBusyException"/> at once, with
/// nothing written, rather than waiting an unknown time behind a load of millions of rows.
/// <list type="bullet">
/// <item>PostgreSQL: a session-level advisory lock per schema (tests and tenants share a database, one schema each),
/// taken exclusively by the load and shared, for the length of their transaction, by online writers
/// (<see cref="SharedAsync"/>): an online write is refused while a load holds it, and a load cannot start while an
/// online write is under way.</item>
/// <item>SQLite: an exclusive lock on a file beside the database (released by the operating system if the process
/// dies). Online writers need none: SQLite runs one write transaction at a time, the load turns foreign keys off on
/// its own connection only, so every other connection still enforces them, and the rebuild checks the whole table.</item>
/// </list>
/// </summary>
internal static class BulkLock
{
    /// <summary>First half of the advisory lock key ("Vl"); the second is the hash of the schema name.</summary>
    const int LockClass = 0x566C;

    const string Refused = "Another exclusive bulk load is running on this database, or online writes are under way; nothing was written. Try again when it has finished.";

    const string Held = "An exclusive bulk load is running on this database (its indexes are being rebuilt); nothing was written. Try again when it has finished.";

    /// <summary>Takes the exclusive lock for a bulk load, or throws <see cref="DatabaseBusyException"/>; dispose to release.</summary>
    public static async Task<IAsyncDisposable> ExclusiveAsync(ValoraDbContext db, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        switch (connection)
        {
            case NpgsqlConnection pg:
                await using (var take = new NpgsqlCommand($"SELECT pg_try_advisory_lock({LockClass}, hashtext(current_schema()))", pg))
                {
                    if (!(bool)(await take.ExecuteScalarAsync(ct))!)
                    {
                        throw new DatabaseBusyException(Refused);
                    }
                }
                return new Release(async () =>
                {
                    if (pg.State == System.Data.ConnectionState.Open)
                    {
                        await using var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({LockClass}, hashtext(current_schema()))", pg);
                        await release.ExecuteScalarAsync(CancellationToken.None);
                    }
                });
            case SqliteConnection sqlite when LockFile(sqlite) is { } path:
                try
                {
                    var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
                    return new Release(() => file.DisposeAsync());
                }
                catch (IOException ex)
                {
                    throw new DatabaseBusyException(Refused, ex);
                }
            default:
                return new Release(() => ValueTask.CompletedTask);
        }
    }

    /// <summary>
    /// For an online write, inside its transaction: refuses it with <see cref="DatabaseBusyException"/> while an
    /// exclusive load holds the database, and keeps a load from starting until the transaction ends.
    /// </summary>
    public static async Task SharedAsync(ValoraDbContext db, CancellationToken ct)
    {
        if (db.Database.GetDbConnection() is NpgsqlConnection pg)
        {
            await using var take = new NpgsqlCommand(
                $"SELECT pg_try_advisory_xact_lock_shared({LockClass}, hashtext(current_schema()))", pg,
                (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction());
            if (!(bool)(await take.ExecuteScalarAsync(ct))!)
            {
                throw new DatabaseBusyException(Held);
            }
        }
    }

    /// <summary>The lock file of a file database; none for an in-memory one (only this process can reach it).</summary>
    static string? LockFile(SqliteConnection connection)
    {
        var builder = new SqliteConnectionStringBuilder(connection.ConnectionString);
        var source = builder.DataSource;
        if (builder.Mode == SqliteOpenMode.Memory || string.IsNullOrEmpty(source) || source == ":memory:")
        {
            return null;
        }
        return Path.GetFullPath(source) + ".bulk-lock";
    }

    sealed class Release(Func<ValueTask> release) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => release();
    }
}
