using Valora.Data;
using Valora.Domain.Customers;
using Valora.Domain.Sales;

namespace Valora.Server.Tests.Support;

/// <summary>Writes hand-made customers and completed one-line orders (no product, so no cost) for the value tests.</summary>
public static class SalesData
{
    /// <summary>Adds a customer and returns its id.</summary>
    public static async Task<long> CustomerAsync(ValoraDbContext db, string externalId)
    {
        var customer = new Customer { ExternalId = externalId, Name = $"Customer {externalId}" };
        db.Customers.Add(customer);
        await db.SaveChangesAsync();
        return customer.Id;
    }

    /// <summary>Adds a completed order of one line worth <paramref name="amount"/> at noon UTC on <paramref name="day"/>.</summary>
    public static void Order(ValoraDbContext db, long customerId, DateOnly day, decimal amount, string externalId) =>
        db.Orders.Add(new Order
        {
            ExternalId = externalId,
            CustomerId = customerId,
            OrderedAt = day.ToDateTime(new TimeOnly(12, 0), DateTimeKind.Utc),
            Status = OrderStatus.Completed,
            Currency = "USD",
            Lines = { new OrderLine { LineNumber = 1, Quantity = 1, UnitPrice = amount, LineTotal = amount } },
        });
}
