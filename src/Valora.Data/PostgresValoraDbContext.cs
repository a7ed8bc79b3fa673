using Microsoft.EntityFrameworkCore;

namespace Valora.Data;

/// <summary>PostgreSQL for production, chosen by a connection string. Owns <c>Migrations/Postgres</c>.</summary>
public sealed class PostgresValoraDbContext(DbContextOptions<PostgresValoraDbContext> options) : ValoraDbContext(options)
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
