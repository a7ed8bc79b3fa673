using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace Valora.Data;

/// <summary>
/// Where the data lives: a SQLite file (the default, <c>valora.db</c>) or a PostgreSQL server. Parsed from the one
/// string users give (<c>--db</c>, <c>VALORA_DB</c>, <c>ConnectionStrings:Valora</c>); creates contexts for it.
/// </summary>
public sealed record ValoraDatabase(DatabaseProvider Provider, string ConnectionString)
{
    public const string DefaultSqlitePath = "valora.db";

    /// <summary>Interceptors every context of this database gets (the server's audit log); not part of equality.</summary>
    public IReadOnlyList<IInterceptor> Interceptors { get; init; } = [];

    /// <summary>The same database: same provider and connection string, whatever the interceptors.</summary>
    public bool Equals(ValoraDatabase? other) =>
        other is not null && Provider == other.Provider && string.Equals(ConnectionString, other.ConnectionString, StringComparison.Ordinal);

    public override int GetHashCode() => HashCode.Combine(Provider, StringComparer.Ordinal.GetHashCode(ConnectionString));

    /// <summary>
    /// A PostgreSQL connection string (<c>Host=…</c>) or URL (<c>postgres://…</c>), or else a SQLite file path or
    /// SQLite connection string (<c>Data Source=…</c>).
    /// </summary>
    public static ValoraDatabase Parse(string? value)
    {
        var text = string.IsNullOrWhiteSpace(value) ? DefaultSqlitePath : value.Trim();
        if (text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            return new ValoraDatabase(DatabaseProvider.Postgres, FromUrl(new Uri(text)));
        }
        if (text.Contains("Host=", StringComparison.OrdinalIgnoreCase) || text.Contains("Server=", StringComparison.OrdinalIgnoreCase))
        {
            return new ValoraDatabase(DatabaseProvider.Postgres, new NpgsqlConnectionStringBuilder(text).ConnectionString);
        }
        var sqlite = text.Contains('=', StringComparison.Ordinal)
            ? new SqliteConnectionStringBuilder(text)
            : new SqliteConnectionStringBuilder { DataSource = text };
        // Foreign keys are enforced on both providers.
        sqlite.ForeignKeys = true;
        SqliteLibrary.Configure();
        return new ValoraDatabase(DatabaseProvider.Sqlite, sqlite.ConnectionString);
    }

    /// <summary>A new context for this database; the caller disposes it.</summary>
    public ValoraDbContext CreateContext() => Provider switch
    {
        DatabaseProvider.Sqlite => new SqliteValoraDbContext(
            new DbContextOptionsBuilder<SqliteValoraDbContext>().UseSqlite(ConnectionString).AddInterceptors(Interceptors).Options),
        DatabaseProvider.Postgres => new PostgresValoraDbContext(
            new DbContextOptionsBuilder<PostgresValoraDbContext>().UseNpgsql(ConnectionString).AddInterceptors(Interceptors).Options),
        _ => throw new InvalidOperationException($"Unknown provider {Provider}."),
    };

    /// <summary>
    /// Applies pending migrations (creates the database file or schema objects when missing) and rebuilds any
    /// indexes an interrupted bulk load left deferred (see <c>BulkSession.DeferAsync</c>).
    /// </summary>
    public async Task MigrateAsync(CancellationToken ct = default)
    {
        await using (var db = CreateContext())
        {
            await db.Database.MigrateAsync(ct);
        }
        // Indexes an interrupted bulk load deferred are rebuilt when the session opens.
        await using var session = await Bulk.BulkSession.OpenAsync(this, ct);
    }

    /// <summary>A description safe to print: no password.</summary>
    public string Describe()
    {
        if (Provider == DatabaseProvider.Sqlite)
        {
            return $"SQLite {new SqliteConnectionStringBuilder(ConnectionString).DataSource}";
        }
        var pg = new NpgsqlConnectionStringBuilder(ConnectionString);
        return $"PostgreSQL {pg.Host}:{pg.Port}/{pg.Database}";
    }

    static string FromUrl(Uri url)
    {
        var userInfo = url.UserInfo.Split(':', 2);
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = url.Host,
            Port = url.IsDefaultPort || url.Port <= 0 ? 5432 : url.Port,
            Database = Uri.UnescapeDataString(url.AbsolutePath.TrimStart('/')),
        };
        if (userInfo.Length > 0 && userInfo[0].Length > 0)
        {
            builder.Username = Uri.UnescapeDataString(userInfo[0]);
        }
        if (userInfo.Length > 1)
        {
            builder.Password = Uri.UnescapeDataString(userInfo[1]);
        }
        return builder.ConnectionString;
    }
}
