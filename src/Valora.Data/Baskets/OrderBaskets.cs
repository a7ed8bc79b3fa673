using Microsoft.EntityFrameworkCore;
using Valora.Analytics.Baskets;

namespace Valora.Data.Baskets;

/// <summary>The stored orders as baskets: basket = completed order, item = SKU, with each basket's customer.</summary>
/// <param name="Customers">The customer of basket i.</param>
public sealed record OrderBasketData(BasketData Baskets, long[] Customers)
{
    /// <summary>When the latest order taken was placed (UTC); null when no order was taken.</summary>
    public DateTime? LatestOrderedAt { get; init; }

    /// <summary>When basket i's order was placed (UTC), e.g. to split purchases at a date.</summary>
    public DateTime[] OrderedAt { get; init; } = [];
}

/// <summary>Which stored orders become baskets (every property null: all completed orders, every merchandise SKU).</summary>
public sealed record BasketScope
{
    /// <summary>Only orders of customers of this country (compared trimmed, ignoring case).</summary>
    public string? Country { get; init; }

    /// <summary>Only orders placed on or after this day (UTC).</summary>
    public DateOnly? From { get; init; }

    /// <summary>Only orders placed on or before this day (UTC, the whole day).</summary>
    public DateOnly? To { get; init; }

    /// <summary>Only orders of these customers (e.g. a segment's members).</summary>
    public IReadOnlySet<long>? Customers { get; init; }

    /// <summary>SKUs left out of every basket, compared exactly; the basket itself still counts.</summary>
    public IReadOnlyCollection<string>? ExcludeItems { get; init; }
}

/// <summary>
/// Loads completed orders as baskets of their merchandise SKUs (the line's SKU, else its product's). Non-merchandise
/// lines (postage, fees) and lines with no SKU are left out; an order with none left is still a basket, since it was a
/// purchase and counts in every support's denominator. Cancelled, pending and returned orders are no baskets. One
/// forward-only query, like <c>PurchaseQuery</c>; the scope is applied while reading.
/// </summary>
public static class OrderBaskets
{
    const string Sql = """
        SELECT o."Id", o."CustomerId", COALESCE(l."Sku", p."Sku"), l."IsMerchandise", o."OrderedAt", c."Country"
        FROM "Orders" o
        JOIN "OrderLines" l ON l."OrderId" = o."Id"
        LEFT JOIN "Products" p ON p."Id" = l."ProductId"
        LEFT JOIN "Customers" c ON c."Id" = o."CustomerId"
        WHERE o."Status" = 'Completed'
        ORDER BY o."Id", l."LineNumber"
        """;

    /// <summary>Every completed order.</summary>
    public static Task<OrderBasketData> LoadAsync(ValoraDatabase database, CancellationToken ct = default) =>
        LoadAsync(database, null, ct);

    /// <summary>The completed orders within <paramref name="scope"/> (null: all).</summary>
    public static async Task<OrderBasketData> LoadAsync(ValoraDatabase database, BasketScope? scope, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        scope ??= new BasketScope();
        var from = scope.From?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var until = scope.To?.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var country = scope.Country?.Trim();
        var excluded = new HashSet<string>(scope.ExcludeItems ?? [], StringComparer.Ordinal);
        await using var db = database.CreateContext();
        var conn = db.Database.GetDbConnection();
        await conn.OpenAsync(ct);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = Sql;
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var builder = new BasketBuilder();
        var customers = new List<long>();
        var times = new List<DateTime>();
        DateTime? latest = null;
        long current = long.MinValue;
        var taken = false;
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
                var customer = reader.GetInt64(1);
                var at = DateTime.SpecifyKind(reader.GetDateTime(4), DateTimeKind.Utc);
                taken = (from is null || at >= from) && (until is null || at < until)
                    && (scope.Customers is null || scope.Customers.Contains(customer))
                    && (country is null || (!reader.IsDBNull(5) && string.Equals(reader.GetString(5).Trim(), country, StringComparison.OrdinalIgnoreCase)));
                if (!taken)
                {
                    continue;
                }
                key = order.ToString(System.Globalization.CultureInfo.InvariantCulture);
                builder.AddBasket(key);
                customers.Add(customer);
                times.Add(at);
                if (latest is null || at > latest)
                {
                    latest = at;
                }
            }
            if (taken && !reader.IsDBNull(2) && reader.GetBoolean(3))
            {
                var sku = reader.GetString(2);
                if (!excluded.Contains(sku))
                {
                    builder.Add(key, sku);
                }
            }
        }
        return new OrderBasketData(builder.Build(), [.. customers]) { LatestOrderedAt = latest, OrderedAt = [.. times] };
    }
}
