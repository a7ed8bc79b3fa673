using Microsoft.EntityFrameworkCore;

namespace Valora.Data;

/// <summary>The embedded default: one SQLite file, no setup. Owns <c>Migrations/Sqlite</c>.</summary>
public sealed class SqliteValoraDbContext(DbContextOptions<SqliteValoraDbContext> options) : ValoraDbContext(options)
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}
