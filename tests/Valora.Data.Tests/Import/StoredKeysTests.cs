using Valora.Data.Import;
using Valora.Data.Import.Records;
using Valora.TestSupport;
using Valora.TestSupport.Data;

namespace Valora.Data.Tests.Import;

/// <summary>
/// A load reads the keys a table holds once when that is cheap, and otherwise (a small load into a table above
/// <see cref="ImportWriteOptions.ReadKeysUpTo"/>) lets each batch look its own keys up: both ways must find the same
/// new, changed and unchanged records.
/// </summary>
public sealed class StoredKeysTests
{
    public static TheoryData<long> Limits => [1_000_000, 10];

    [Theory]
    [MemberData(nameof(Limits))]
    public Task Upsert_KeysReadOnceOrPerBatch_SameOutcome_Sqlite(long readKeysUpTo) => Outcome(DatabaseProvider.Sqlite, readKeysUpTo);

    [PostgresFact]
    public async Task Upsert_KeysReadOnceOrPerBatch_SameOutcome_Postgres()
    {
        await Outcome(DatabaseProvider.Postgres, 1_000_000);
        await Outcome(DatabaseProvider.Postgres, 10);
    }

    static async Task Outcome(DatabaseProvider provider, long readKeysUpTo)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var store = new ImportStore(t.Database);
        var options = new ImportWriteOptions { BatchSize = 7, ReadKeysUpTo = readKeysUpTo };
        await store.UpsertCustomersAsync(Customers(0, 30), options);
        await store.UpsertOrdersAsync(Orders(0, 30), options);

        // 30 stored, 5 new, one changed in each table.
        var customers = await store.UpsertCustomersAsync(
            Customers(0, 35).Select(c => c.ExternalId == "c17" ? c with { City = "Lyon" } : c), options);
        var orders = await store.UpsertOrdersAsync(
            Orders(0, 35).Select(o => o.ExternalId == "o17" ? o with { Currency = "EUR" } : o), options);

        Assert.Equal((5L, 1L, 29L), (customers.Inserted, customers.Updated, customers.Unchanged));
        Assert.Equal((5L, 1L, 29L), (orders.Inserted, orders.Updated, orders.Unchanged));
    }

    static IEnumerable<CustomerRecord> Customers(int from, int count) =>
        Enumerable.Range(from, count).Select(i => new CustomerRecord($"c{i}") { Name = $"Customer {i}", City = "Paris" });

    static IEnumerable<OrderRecord> Orders(int from, int count) =>
        Enumerable.Range(from, count).Select(i => new OrderRecord($"o{i}", $"c{i}", new DateTime(2021, 3, 1, 0, 0, 0, DateTimeKind.Utc).AddDays(i))
        {
            Currency = "GBP",
            Lines = [new OrderLineRecord(1, $"s{i % 3}", 2, 1.25m, 2.5m)],
        });
}
