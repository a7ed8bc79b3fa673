using Microsoft.Data.Sqlite;
using SQLitePCL;
using Valora.TestSupport.Data;

namespace Valora.Data.Tests;

public sealed class SqliteLibraryTests
{
    [Fact]
    public async Task ParsingASqliteDatabase_ConfiguresTheLibraryBeforeItsFirstConnection()
    {
        // Every connection in this process is opened from a ValoraDatabase, as in the CLI and the server.
        await using var test = await TestDatabase.CreateSqliteAsync();
        Assert.True(SqliteLibrary.Configure(), "SQLite was initialized before Valora could configure it");

        // Memory statistics are off: SQLite counts no allocation, although the migration above made many.
        Assert.Equal(raw.SQLITE_OK, raw.sqlite3_status(raw.SQLITE_STATUS_MEMORY_USED, out var used, out _, 0));
        Assert.Equal(0, used);
    }

    [Fact]
    public async Task InMultiThreadMode_ConnectionsOnManyThreadsReadAndWriteOneFile()
    {
        // Multi-thread mode drops the per-connection lock, not the file locks: one connection per thread, as the
        // server's requests use them, still serializes writers through WAL and the busy timeout.
        await using var test = await TestDatabase.CreateSqliteAsync();
        var connectionString = new SqliteConnectionStringBuilder(test.Database.ConnectionString) { DefaultTimeout = 60 }.ConnectionString;
        await using (var setup = new SqliteConnection(connectionString))
        {
            await setup.OpenAsync();
            await using var cmd = setup.CreateCommand();
            cmd.CommandText = "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=60000; CREATE TABLE t (Writer INTEGER, N INTEGER)";
            await cmd.ExecuteNonQueryAsync();
        }

        const int writers = 8, rows = 200;
        var sums = await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            await using var conn = new SqliteConnection(connectionString);
            await conn.OpenAsync();
            await using (var pragma = conn.CreateCommand())
            {
                pragma.CommandText = "PRAGMA busy_timeout=60000";
                await pragma.ExecuteNonQueryAsync();
            }
            for (var n = 0; n < rows; n++)
            {
                await using var insert = conn.CreateCommand();
                insert.CommandText = "INSERT INTO t VALUES ($w, $n)";
                insert.Parameters.AddWithValue("$w", w);
                insert.Parameters.AddWithValue("$n", n);
                await insert.ExecuteNonQueryAsync();
            }
            await using var sum = conn.CreateCommand();
            sum.CommandText = "SELECT SUM(N) FROM t WHERE Writer = $w";
            sum.Parameters.AddWithValue("$w", w);
            return (long)(await sum.ExecuteScalarAsync())!;
        })));

        Assert.All(sums, s => Assert.Equal(rows * (rows - 1) / 2, s));
        await using var check = new SqliteConnection(connectionString);
        await check.OpenAsync();
        await using var count = check.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM t";
        Assert.Equal((long)writers * rows, (long)(await count.ExecuteScalarAsync())!);
    }
}
