using Microsoft.EntityFrameworkCore;
using Valora.Analytics.Baskets;

namespace Valora.Data.Baskets;

/// <summary>The stored orders as baskets: basket = completed order, item = SKU, with each basket's customer.</summary>
/// <param name="Customers">The customer of basket i.</param>
public sealed record OrderBasketData(BasketData Baskets, long[] Customers);

/// <summary>
/// Loads completed orders as baskets of their merchandise SKUs (the line's SKU, else its product's). Non-merchandise
/// lines (postage, fees) and lines with no SKU are left out; an order with none left is still a basket, since it was a
/// purchase and counts in every support's denominator. One forward-only query, like <c>PurchaseQuery</c>.
/// </summary>
public static class OrderBaskets
{
    const string Sql = """
        SELECT o."Id", o."CustomerId", COALESCE(l."Sku", p."Sku"), l."IsMerchandise"
        FROM "Orders" o
        JOIN "OrderLines" l ON l."OrderId" = o."Id"
        LEFT JOIN "Products" p ON p."Id" = l."ProductId"
        WHERE o."Status" = 'Completed'
        ORDER BY o."Id"
        """;

    public static async Task<OrderBasketData> LoadAsync(ValoraDatabase database, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var db = database.CreateContext();
        var conn = db.Database.GetDbConnection();
        await conn.OpenAsync(ct);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = Sql;
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var builder = new BasketBuilder();
        var customers = new List<long>();
        long current = long.MinValue;
        string key = "";
        var rows = 0;
        while (reader.Read())
        {
            if ((++rows & 0xFFFF) == 0)
            {
                ct.ThrowIfCancellationRequested();
            }
            var order = reader.GetInt64(0);
            if (order != current)
            {
                current = order;
                key = order.ToString(System.Globalization.CultureInfo.InvariantCulture);
                builder.AddBasket(key);
                customers.Add(reader.GetInt64(1));
            }
            if (!reader.IsDBNull(2) && reader.GetBoolean(3))
            {
                builder.Add(key, reader.GetString(2));
            }
        }
        return new OrderBasketData(builder.Build(), [.. customers]);
    }
}
