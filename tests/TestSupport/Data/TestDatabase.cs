using Microsoft.Data.Sqlite;
using Npgsql;
using Valora.Data;

namespace Valora.TestSupport.Data;

/// <summary>
/// A throwaway, migrated database for one test or test class: a temp SQLite file, or a uniquely named schema on
/// the PostgreSQL server in <c>VALORA_TEST_POSTGRES</c> (as Npgsql's own tests do). Dispose drops it.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    readonly string? _sqliteFile;
    readonly string? _schema;

    TestDatabase(ValoraDatabase database, string? sqliteFile, string? schema)
    {
        Database = database;
        _sqliteFile = sqliteFile;
        _schema = schema;
    }

    public ValoraDatabase Database { get; }

    public DatabaseProvider Provider => Database.Provider;

    public static Task<TestDatabase> CreateAsync(DatabaseProvider provider, bool migrate = true) =>
        provider == DatabaseProvider.Sqlite ? CreateSqliteAsync(migrate) : CreatePostgresAsync(migrate);

    public static async Task<TestDatabase> CreateSqliteAsync(bool migrate = true)
    {
        var file = Path.Combine(Path.GetTempPath(), $"valora-test-{Guid.NewGuid():N}.db");
        var db = new TestDatabase(ValoraDatabase.Parse(file), file, null);
        if (migrate)
        {
            await db.Database.MigrateAsync();
        }
        return db;
    }

    public static async Task<TestDatabase> CreatePostgresAsync(bool migrate = true)
    {
        var schema = $"t_{Guid.NewGuid():N}";
        var admin = PostgresFactAttribute.ConnectionString;
        await using (var conn = new NpgsqlConnection(admin))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE SCHEMA \"{schema}\"", conn);
            await cmd.ExecuteNonQueryAsync();
        }
        var cs = new NpgsqlConnectionStringBuilder(admin) { SearchPath = schema, Pooling = false }.ConnectionString;
        var db = new TestDatabase(ValoraDatabase.Parse(cs), null, schema);
        if (migrate)
        {
            await db.Database.MigrateAsync();
        }
        return db;
    }

    public async ValueTask DisposeAsync()
    {
        if (_sqliteFile is not null)
        {
            SqliteConnection.ClearAllPools();
            foreach (var f in new[] { _sqliteFile, _sqliteFile + "-wal", _sqliteFile + "-shm" })
            {
                File.Delete(f);
            }
        }
        if (_schema is not null)
        {
            await using var conn = new NpgsqlConnection(PostgresFactAttribute.ConnectionString);
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{_schema}\" CASCADE", conn);
            await cmd.ExecuteNonQueryAsync();
        }
    }
}
