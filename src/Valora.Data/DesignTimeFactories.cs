using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Valora.Data;

/// <summary>Lets <c>dotnet ef migrations add</c> build the SQLite context without a running app.</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteValoraDbContext>
{
    public SqliteValoraDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteValoraDbContext>().UseSqlite("Data Source=design.db").Options);
}

/// <summary>Lets <c>dotnet ef migrations add</c> build the PostgreSQL context; no server is contacted.</summary>
public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresValoraDbContext>
{
    public PostgresValoraDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresValoraDbContext>().UseNpgsql("Host=localhost;Database=valora_design").Options);
}
