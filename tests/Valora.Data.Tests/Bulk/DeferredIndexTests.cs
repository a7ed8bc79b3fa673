using Microsoft.EntityFrameworkCore;
using Valora.Data.Import;
using Valora.Data.Bulk;
using Valora.Data.Import.Records;
using Valora.TestSupport;
using Valora.TestSupport.Data;

namespace Valora.Data.Tests.Bulk;

/// <summary>
/// A large load drops the non-unique indexes (PostgreSQL: and foreign keys) of the tables it fills and rebuilds them
/// once at the end; an interrupted one leaves a ledger from which the next session rebuilds them.
/// </summary>
public sealed class DeferredIndexTests
{
    [Fact]
    public Task UpsertOrders_LargeLoad_IndexesGoneDuringLoadAndBackAfter_Sqlite() => LargeLoad(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task UpsertOrders_LargeLoad_IndexesGoneDuringLoadAndBackAfter_Postgres() => LargeLoad(DatabaseProvider.Postgres);

    [Fact]
    public Task Migrate_AfterInterruptedDeferredLoad_RebuildsIndexes_Sqlite() => Interrupted(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Migrate_AfterInterruptedDeferredLoad_RebuildsIndexes_Postgres() => Interrupted(DatabaseProvider.Postgres);

    [Fact]
    public async Task UpsertOrders_SmallLoadIntoLargerTable_KeepsIndexes()
    {
        await using var t = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var store = new ImportStore(t.Database);
        await store.UpsertCustomersAsync([new CustomerRecord("c1")]);
        await store.UpsertOrdersAsync(Orders(0, 200));
        var before = await SchemaAsync(t.Database);
        var during = new List<string>();
        // 50 expected lines against 200 stored: not deferred even with the threshold at 1.
        var options = new ImportWriteOptions { BatchSize = 10, ExpectedRows = 50, DeferIndexesFrom = 1 };
        await store.UpsertOrdersAsync(Orders(200, 50), options,
            new SynchronousProgress<ImportProgress>(_ => during.Add(string.Join(",", SchemaAsync(t.Database).GetAwaiter().GetResult()))));
        Assert.All(during, s => Assert.Equal(string.Join(",", before), s));
    }

    static async Task LargeLoad(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var store = new ImportStore(t.Database);
        await store.UpsertCustomersAsync([new CustomerRecord("c1")]);
        var before = await SchemaAsync(t.Database);
        Assert.Contains("IX_OrderLines_ProductId", before);
        var during = new List<List<string>>();
        var options = new ImportWriteOptions { BatchSize = 100, ExpectedRows = 1000, DeferIndexesFrom = 500, CreateProducts = true };
        var summary = await store.UpsertOrdersAsync(Orders(0, 500), options,
            new SynchronousProgress<ImportProgress>(_ => during.Add(SchemaAsync(t.Database).GetAwaiter().GetResult())));

        Assert.Equal(500, summary.Inserted);
        Assert.Equal(1000, summary.Lines);
        Assert.NotEmpty(during);
        foreach (var schema in during)
        {
            Assert.DoesNotContain("IX_OrderLines_ProductId", schema);
            Assert.DoesNotContain("IX_Orders_OrderedAt", schema);
            Assert.Contains("IX_Orders_ExternalId", schema); // unique: kept, it guards the upsert key
            Assert.Contains("IX_OrderLines_OrderId_LineNumber", schema);
            if (provider == DatabaseProvider.Postgres)
            {
                Assert.DoesNotContain("FK_OrderLines_Orders_OrderId", schema);
            }
        }
        Assert.Equal(before, await SchemaAsync(t.Database));
        Assert.Equal(0, await LedgerRowsAsync(t.Database));

        // Ids drawn in blocks leave the table's own numbering ahead of them: EF's next insert does not collide.
        await using var db = t.Database.CreateContext();
        var customer = await db.Customers.SingleAsync();
        db.Orders.Add(new Domain.Sales.Order { ExternalId = "ef", CustomerId = customer.Id, OrderedAt = DateTime.UtcNow, Currency = "EUR" });
        await db.SaveChangesAsync();
        Assert.Equal(501, await db.Orders.CountAsync());
        Assert.Equal(1000, await db.OrderLines.Select(l => l.Id).Distinct().CountAsync());
    }

    /// <summary>
    /// SQLite cannot drop a foreign key, so a deferred load stops enforcing them per row and checks each table once
    /// at the end: a customer deleted by someone else mid-load leaves orders that point nowhere, and the check fails
    /// the load naming them. The check stays in the ledger until the rows are fixed; the pooled connection enforces
    /// foreign keys again.
    /// </summary>
    [Fact]
    public async Task UpsertOrders_DeferredLoadOnSqlite_ReferenceBrokenMidLoad_FailsAtTheCheck()
    {
        await using var t = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var store = new ImportStore(t.Database);
        await store.UpsertCustomersAsync([new CustomerRecord("c1"), new CustomerRecord("c2")]);
        var options = new ImportWriteOptions { BatchSize = 20, ExpectedRows = 1000, DeferIndexesFrom = 100 };
        var records = Orders(0, 100).Select((o, i) => o with { CustomerExternalId = i % 2 == 0 ? "c1" : "c2" });
        var deleted = false;

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => store.UpsertOrdersAsync(records, options,
            new SynchronousProgress<ImportProgress>(_ =>
            {
                if (!deleted)
                {
                    using var other = t.Database.CreateContext();
                    deleted = other.Customers.Where(c => c.ExternalId == "c2").ExecuteDelete() == 1;
                }
            })));

        Assert.True(deleted);
        Assert.Contains("Foreign-key check", e.Message, StringComparison.Ordinal);
        Assert.Contains("Orders row", e.Message, StringComparison.Ordinal);
        Assert.Contains("missing Customers", e.Message, StringComparison.Ordinal);
        Assert.True(await LedgerRowsAsync(t.Database) > 0);
        await using var db = t.Database.CreateContext();
        Assert.Equal(1L, (await db.Database.SqlQueryRaw<long>("SELECT foreign_keys AS \"Value\" FROM pragma_foreign_keys").ToListAsync()).Single());
        // Orders of c2 written before the delete went with it (cascade); those after it are the orphans reported.
        var orphans = await db.Database.SqlQueryRaw<long>(
            "SELECT COUNT(*) AS \"Value\" FROM \"Orders\" o WHERE NOT EXISTS (SELECT 1 FROM \"Customers\" c WHERE c.\"Id\" = o.\"CustomerId\")").ToListAsync();
        Assert.Contains($"{orphans.Single()} row(s)", e.Message, StringComparison.Ordinal);
        Assert.True(orphans.Single() > 0);

        // The next session checks again and fails the same way, leaving nothing open behind it...
        var again = await Assert.ThrowsAsync<InvalidOperationException>(() => store.UpsertCustomersAsync([new CustomerRecord("c3")]));
        Assert.Contains("Foreign-key check", again.Message, StringComparison.Ordinal);
        // ...until the broken rows are dealt with; then the check passes and the ledger empties.
        await db.Database.ExecuteSqlRawAsync(
            "DELETE FROM \"Orders\" WHERE NOT EXISTS (SELECT 1 FROM \"Customers\" c WHERE c.\"Id\" = \"Orders\".\"CustomerId\")");
        Assert.Equal(1, (await store.UpsertCustomersAsync([new CustomerRecord("c3")])).Inserted);
        Assert.Equal(0, await LedgerRowsAsync(t.Database));
    }

    static async Task Interrupted(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var before = await SchemaAsync(t.Database);
        await using (var session = await BulkSession.OpenAsync(t.Database, CancellationToken.None))
        {
            await session.DeferAsync([TableSpec.Orders, TableSpec.OrderLines], CancellationToken.None);
            // The process dies here: no restore.
        }
        var after = await SchemaAsync(t.Database);
        Assert.DoesNotContain("IX_OrderLines_ProductId", after);
        Assert.True(await LedgerRowsAsync(t.Database) > 0);

        await t.Database.MigrateAsync();

        Assert.Equal(before, await SchemaAsync(t.Database));
        Assert.Equal(0, await LedgerRowsAsync(t.Database));
    }

    static IEnumerable<OrderRecord> Orders(int from, int count) =>
        Enumerable.Range(from, count).Select(i => new OrderRecord($"o{i}", "c1", new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddHours(i))
        {
            Lines = [new OrderLineRecord(1, $"s{i % 7}", 1, 2m, 2m), new OrderLineRecord(2, $"s{(i + 1) % 7}", 2, 1.5m, 3m)],
        });

    /// <summary>Index and foreign-key names of Orders and OrderLines, sorted.</summary>
    static async Task<List<string>> SchemaAsync(ValoraDatabase database)
    {
        await using var db = database.CreateContext();
        var sql = database.Provider == DatabaseProvider.Sqlite
            ? "SELECT name AS \"Value\" FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('Orders', 'OrderLines') AND sql IS NOT NULL"
            : """
              SELECT indexname AS "Value" FROM pg_indexes WHERE schemaname = current_schema() AND tablename IN ('Orders', 'OrderLines')
              UNION ALL SELECT conname FROM pg_constraint WHERE contype = 'f' AND conrelid IN (to_regclass('"Orders"'), to_regclass('"OrderLines"'))
              """;
        var names = await db.Database.SqlQueryRaw<string>(sql).ToListAsync();
        names.Sort(StringComparer.Ordinal);
        return names;
    }

    static async Task<long> LedgerRowsAsync(ValoraDatabase database)
    {
        await using var db = database.CreateContext();
        return (await db.Database.SqlQueryRaw<long>($"SELECT COUNT(*) AS \"Value\" FROM \"{BulkSession.DeferredLedger}\"").ToListAsync()).Single();
    }
}
