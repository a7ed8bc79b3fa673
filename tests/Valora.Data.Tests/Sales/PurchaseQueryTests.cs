using Valora.Data;
using Valora.Data.Sales;
using Valora.Domain.Customers;
using Valora.Domain.Sales;
using Valora.TestSupport;
using Valora.TestSupport.Data;

namespace Valora.Data.Tests.Sales;

public sealed class PurchaseQueryTests
{
    [Fact]
    public Task Load_OnSqlite_SumsLinesAndSkipsCancelledOrders() => SumsLinesAndSkipsCancelled(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Load_OnPostgres_SumsLinesAndSkipsCancelledOrders() => SumsLinesAndSkipsCancelled(DatabaseProvider.Postgres);

    static async Task SumsLinesAndSkipsCancelled(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await using (var db = test.Database.CreateContext())
        {
            var product = new Product { Sku = "P1", UnitCost = 2.5m };
            var customer = new Customer { ExternalId = "C1" };
            db.AddRange(product, customer);
            await db.SaveChangesAsync();
            db.Orders.AddRange(
                new Order
                {
                    ExternalId = "O1", CustomerId = customer.Id, OrderedAt = Utc(2024, 1, 5),
                    Lines =
                    [
                        // cost from the line: 2 × 1.00
                        new OrderLine { LineNumber = 1, Quantity = 2, UnitPrice = 5m, LineTotal = 10m, UnitCost = 1m },
                        // cost from the product: 3 × 2.50
                        new OrderLine { LineNumber = 2, ProductId = product.Id, Quantity = 3, UnitPrice = 4m, LineTotal = 12m },
                        // no cost known
                        new OrderLine { LineNumber = 3, Sku = "POST", Quantity = 1, UnitPrice = 1.5m, LineTotal = 1.5m, IsMerchandise = false },
                    ],
                },
                new Order
                {
                    ExternalId = "O2", CustomerId = customer.Id, OrderedAt = Utc(2024, 2, 1), Status = OrderStatus.Cancelled,
                    Lines = [new OrderLine { LineNumber = 1, Quantity = 1, UnitPrice = 100m, LineTotal = 100m }],
                },
                new Order
                {
                    ExternalId = "O3", CustomerId = customer.Id, OrderedAt = Utc(2024, 3, 1),
                    Lines = [new OrderLine { LineNumber = 1, Quantity = 1, UnitPrice = 7m, LineTotal = 7m }],
                });
            await db.SaveChangesAsync();
        }

        var all = await PurchaseQuery.LoadAsync(test.Database);
        Assert.Equal(2, all.Count);
        Assert.Equal(23.5m, all[0].Revenue);
        Assert.Equal(9.5m, all[0].Cost);
        Assert.Equal(Utc(2024, 1, 5), all[0].OccurredAtUtc);
        Assert.Equal(DateTimeKind.Utc, all[0].OccurredAtUtc.Kind);
        Assert.Equal(7m, all[1].Revenue);
        Assert.Equal(0m, all[1].Cost);

        var untilFebruary = await PurchaseQuery.LoadAsync(test.Database, Utc(2024, 2, 28));
        Assert.Single(untilFebruary);
    }

    static DateTime Utc(int y, int m, int d) => new(y, m, d, 0, 0, 0, DateTimeKind.Utc);
}
