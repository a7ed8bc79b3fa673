using Microsoft.EntityFrameworkCore;
using Valora.Data;
using Valora.Domain.Customers;
using Valora.Domain.Sales;
using Valora.TestSupport;
using Valora.TestSupport.Data;

namespace Valora.Data.Tests;

public sealed class MigrationTests
{
    [Fact]
    public Task Migrate_OnSqlite_CreatesEveryTableAndRoundTripsAnOrder() => MigrateAndRoundTrip(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Migrate_OnPostgres_CreatesEveryTableAndRoundTripsAnOrder() => MigrateAndRoundTrip(DatabaseProvider.Postgres);

    [Fact]
    public async Task Migrate_TwiceOnSqlite_IsANoOp()
    {
        await using var test = await TestDatabase.CreateSqliteAsync();
        await test.Database.MigrateAsync();
        await using var db = test.Database.CreateContext();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }

    [Fact]
    public async Task Model_HasNoChangesMissingFromTheMigrations_OnEitherProvider()
    {
        // A model change without a migration for both providers fails here, not in production.
        await using var sqlite = ValoraDatabase.Parse("Data Source=:memory:").CreateContext();
        await using var postgres = ValoraDatabase.Parse("Host=localhost;Database=unused").CreateContext();
        Assert.False(sqlite.Database.HasPendingModelChanges(), "SQLite migrations are behind the model");
        Assert.False(postgres.Database.HasPendingModelChanges(), "PostgreSQL migrations are behind the model");
    }

    [Fact]
    public void Parse_ChoosesProviderFromTheString()
    {
        Assert.Equal(DatabaseProvider.Sqlite, ValoraDatabase.Parse(null).Provider);
        Assert.Equal(DatabaseProvider.Sqlite, ValoraDatabase.Parse("data/my.db").Provider);
        Assert.Equal(DatabaseProvider.Sqlite, ValoraDatabase.Parse("Data Source=x.db").Provider);
        Assert.Equal(DatabaseProvider.Postgres, ValoraDatabase.Parse("Host=localhost;Database=v").Provider);
        var url = ValoraDatabase.Parse("postgres://bob:s%40cret@db.example:6543/crm");
        Assert.Equal(DatabaseProvider.Postgres, url.Provider);
        Assert.Contains("Port=6543", url.ConnectionString, StringComparison.Ordinal);
        Assert.Contains("Password=s@cret", url.ConnectionString, StringComparison.Ordinal);
        Assert.DoesNotContain("cret", url.Describe(), StringComparison.Ordinal);
    }

    static async Task MigrateAndRoundTrip(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await using (var db = test.Database.CreateContext())
        {
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            var customer = new Customer { ExternalId = "C1", Name = "李雷", Gender = Gender.Male, Income = 52000.5m };
            db.Customers.Add(customer);
            await db.SaveChangesAsync();
            db.Orders.Add(new Order
            {
                ExternalId = "O1",
                CustomerId = customer.Id,
                OrderedAt = new DateTime(2024, 5, 1, 10, 30, 0, DateTimeKind.Utc),
                Status = OrderStatus.Returned,
                Lines = [new OrderLine { LineNumber = 1, Sku = "A", Quantity = 3, UnitPrice = 0.001m, LineTotal = 0.003m }],
            });
            await db.SaveChangesAsync();
        }
        await using (var db = test.Database.CreateContext())
        {
            var order = await db.Orders.Include(o => o.Lines).SingleAsync();
            Assert.Equal(OrderStatus.Returned, order.Status);
            Assert.Equal(DateTimeKind.Utc, order.OrderedAt.Kind);
            Assert.Equal(0.001m, order.Lines[0].UnitPrice);
            Assert.Equal("李雷", (await db.Customers.SingleAsync()).Name);
            // Every entity has a table, and only the three rows written above are in any of them.
            Type[] written = [typeof(Customer), typeof(Order), typeof(OrderLine)];
            foreach (var entity in db.Model.GetEntityTypes())
            {
                var expected = written.Contains(entity.ClrType) ? 1 : 0;
                Assert.True(expected == await CountRowsAsync(db, entity.GetTableName()!), $"rows in {entity.GetTableName()}");
            }
        }
    }

    static async Task<long> CountRowsAsync(ValoraDbContext db, string table)
    {
        var conn = db.Database.GetDbConnection();
        if (conn.State != System.Data.ConnectionState.Open)
        {
            await conn.OpenAsync();
        }
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
