using Valora.Data;
using Valora.Domain.Customers;
using Valora.Domain.Sales;

namespace Valora.Server.Tests.Support;

/// <summary>
/// Seven customers, inserted in the order listed (so ids ascend in that order), and Alice's five orders: completed
/// USD 10.50 + 2.25 (A1) and 7.10 (A2), completed EUR 5.00 (A3), a returned USD 100 (A4, latest) and a cancelled
/// USD 40 (A5, earliest). Bob has one order, which must not leak into Alice's numbers.
/// </summary>
public static class CustomerData
{
    /// <summary>Customers matching "ali" in name, e-mail or external id, in any letter case: Alice, Carla Alison,
    /// Dan (e-mail at alisoft) and Grace (external id X-ALI-7).</summary>
    public static readonly string[] MatchingAli = ["C-001", "C-003", "C-004", "X-ALI-7"];

    public const int Count = 7;

    /// <summary>A1–A5, whatever their status.</summary>
    public const int AliceOrders = 5;

    public const int AliceCompletedOrders = 3;

    /// <summary>10.50 + 2.25 + 7.10 (the returned 100 and the cancelled 40 earn nothing).</summary>
    public const decimal AliceRevenueUsd = 19.85m;

    public const decimal AliceRevenueEur = 5.00m;

    /// <summary>A1; the cancelled A5 is earlier and the returned A4 later, and neither counts.</summary>
    public static readonly DateTime AliceFirstCompleted = new(2024, 1, 5, 9, 30, 0, DateTimeKind.Utc);

    public static readonly DateTime AliceLastCompleted = new(2024, 6, 1, 16, 0, 0, DateTimeKind.Utc);

    /// <summary>Inserts the customers and returns Alice's id.</summary>
    public static async Task<long> InsertAsync(ValoraDbContext db)
    {
        Customer[] customers =
        [
            new() { ExternalId = "C-001", Name = "Alice Martin", Email = "alice@example.com", City = "Lyon", Country = "FR" },
            new() { ExternalId = "C-002", Name = "Bob Stone", Email = "bob@example.com" },
            new() { ExternalId = "C-003", Name = "Carla Alison", Email = "carla@example.com" },
            new() { ExternalId = "C-004", Name = "Dan Ng", Email = "dan@ALIsoft.io" },
            new() { ExternalId = "C-005", Name = "Eve Park", Email = "eve@example.com" },
            new() { ExternalId = "C-006", Name = "Frank 100%", Email = null },
            new() { ExternalId = "X-ALI-7", Name = "Grace Hopper", Email = "grace@example.com" },
        ];
        foreach (var customer in customers)
        {
            // One at a time so the ids follow the listed order on both providers.
            db.Customers.Add(customer);
            await db.SaveChangesAsync();
        }
        var alice = customers[0].Id;
        db.Orders.AddRange(
            Order("A1", alice, AliceFirstCompleted, OrderStatus.Completed, "USD", 10.50m, 2.25m),
            Order("A2", alice, AliceLastCompleted, OrderStatus.Completed, "USD", 7.10m),
            Order("A3", alice, new DateTime(2024, 3, 1, 0, 0, 0, DateTimeKind.Utc), OrderStatus.Completed, "EUR", 5.00m),
            Order("A4", alice, new DateTime(2024, 7, 1, 0, 0, 0, DateTimeKind.Utc), OrderStatus.Returned, "USD", 100m),
            Order("A5", alice, new DateTime(2023, 12, 1, 0, 0, 0, DateTimeKind.Utc), OrderStatus.Cancelled, "USD", 40m),
            Order("B1", customers[1].Id, new DateTime(2024, 2, 2, 0, 0, 0, DateTimeKind.Utc), OrderStatus.Completed, "USD", 999m));
        await db.SaveChangesAsync();
        return alice;
    }

    static Order Order(string id, long customerId, DateTime at, OrderStatus status, string currency, params decimal[] lineTotals)
    {
        var order = new Order { ExternalId = id, CustomerId = customerId, OrderedAt = at, Status = status, Currency = currency };
        for (var i = 0; i < lineTotals.Length; i++)
        {
            order.Lines.Add(new OrderLine { LineNumber = i + 1, Quantity = 1, UnitPrice = lineTotals[i], LineTotal = lineTotals[i] });
        }
        return order;
    }
}
