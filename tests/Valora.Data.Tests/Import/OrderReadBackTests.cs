using Valora.Data.Import;
using Valora.Data.Import.Records;
using Valora.Domain.Sales;
using Valora.TestSupport;
using Valora.TestSupport.Data;

namespace Valora.Data.Tests.Import;

/// <summary>
/// The stored orders are read back (straight from the connection) and compared field by field: every column, null
/// and non-null, must round-trip so that identical input is unchanged and a change in any one field is an update.
/// </summary>
public sealed class OrderReadBackTests
{
    // Sub-microsecond ticks: stored to the microsecond, so the same input compares equal again.
    static readonly DateTime At = new DateTime(2011, 1, 2, 10, 0, 0, DateTimeKind.Utc).AddTicks(1_234_567);

    static OrderRecord First() => new("o1", "c1", At)
    {
        Currency = "GBP",
        Channel = "web",
        Lines =
        [
            new OrderLineRecord(1, "A1", 2, 2.50m, 5.00m) { UnitCost = 1.2345m },
            new OrderLineRecord(2, null, 1, 3m, 3m) { IsMerchandise = false },
        ],
    };

    static OrderRecord Second() => new("o2", "c2", At.AddDays(1))
    {
        Status = OrderStatus.Cancelled,
        Lines = [new OrderLineRecord(1, "A2", -1, 4m, -4m)],
    };

    // Each variant changes exactly one stored field of o1 (and differs from the variant before it).
    static readonly Func<OrderRecord, OrderRecord>[] Variants =
    [
        o => o with { Channel = null },
        o => o with { Status = OrderStatus.Returned },
        o => o with { OrderedAt = At.AddSeconds(1) },
        o => o with { Currency = "EUR" },
        o => o with { Lines = [o.Lines[0] with { UnitCost = null }, o.Lines[1]] },
        o => o with { Lines = [o.Lines[0], o.Lines[1] with { Sku = "A9" }] },
        o => o with { Lines = [o.Lines[0], o.Lines[1] with { IsMerchandise = true }] },
        o => o with { Lines = [o.Lines[0] with { Quantity = 3 }, o.Lines[1]] },
        o => o with { Lines = [o.Lines[0] with { UnitPrice = 2.5001m }, o.Lines[1]] },
        o => o with { Lines = [o.Lines[0]] },
    ];

    [Fact]
    public Task UpsertOrders_ReadBackEveryField_UnchangedOrUpdated_Sqlite() => ReadBack(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task UpsertOrders_ReadBackEveryField_UnchangedOrUpdated_Postgres() => ReadBack(DatabaseProvider.Postgres);

    static async Task ReadBack(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var store = new ImportStore(t.Database);
        await store.UpsertCustomersAsync([new CustomerRecord("c1"), new CustomerRecord("c2")]);

        var inserted = await store.UpsertOrdersAsync([First(), Second()]);
        Assert.Equal((2L, 0L, 0L, 3L), (inserted.Inserted, inserted.Updated, inserted.Unchanged, inserted.Lines));

        var again = await store.UpsertOrdersAsync([First(), Second()]);
        Assert.Equal((0L, 0L, 2L, 0L), (again.Inserted, again.Updated, again.Unchanged, again.Lines));

        for (var i = 0; i < Variants.Length; i++)
        {
            var changed = await store.UpsertOrdersAsync([Variants[i](First()), Second()]);
            Assert.True((0L, 1L, 1L) == (changed.Inserted, changed.Updated, changed.Unchanged), $"variant {i}");
        }

        var back = await store.UpsertOrdersAsync([First(), Second()]);
        Assert.Equal((0L, 1L, 1L, 2L), (back.Inserted, back.Updated, back.Unchanged, back.Lines));
        var final = await store.UpsertOrdersAsync([First(), Second()]);
        Assert.Equal((0L, 0L, 2L), (final.Inserted, final.Updated, final.Unchanged));
    }
}
