using Microsoft.EntityFrameworkCore;
using Valora.Domain.Sales;

namespace Valora.Data.Sales;

/// <summary>
/// Loads completed orders as <see cref="Purchase"/> records (one per order, lines summed) for the analytics.
/// Revenue is the sum of line totals (all lines, including non-merchandise such as postage); cost is
/// quantity × unit cost, falling back to the product's standard cost, else 0. Cancelled, returned and pending
/// orders are left out. Reads with one forward-only query, because EF materialisation is too slow for 10M lines.
/// </summary>
public static class PurchaseQuery
{
    const string Sql = """
        SELECT o."Id", o."CustomerId", o."OrderedAt", l."LineTotal", l."Quantity", COALESCE(l."UnitCost", p."UnitCost"), o."Currency"
        FROM "Orders" o
        JOIN "OrderLines" l ON l."OrderId" = o."Id"
        LEFT JOIN "Products" p ON p."Id" = l."ProductId"
        WHERE o."Status" = 'Completed'
        """;

    /// <summary>
    /// All purchases up to and including <paramref name="until"/> (UTC; null = no limit), ordered by order id, in
    /// their orders' currencies whatever they are: analyses load through <see cref="Analysis.CustomerDataset"/>,
    /// which refuses to sum several currencies as one.
    /// </summary>
    public static async Task<List<Purchase>> LoadAsync(ValoraDatabase database, DateTime? until = null, CancellationToken ct = default) =>
        (await LoadWithCurrenciesAsync(database, until, ct)).Purchases;

    /// <summary>
    /// The purchases of some customers only and, element for element, their currencies (real-time rescoring of the
    /// customers an order touched, which must not sum currencies the stored scoring was not in).
    /// </summary>
    public static async Task<(List<Purchase> Purchases, List<string> Currencies)> LoadOfCustomersAsync(ValoraDatabase database,
        IReadOnlyCollection<long> customers, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(customers);
        return customers.Count == 0 ? ([], []) : await LoadWithCurrenciesAsync(database, null, ct, customers);
    }

    /// <summary>The purchases and, element for element, the currency of each (one shared string per currency).</summary>
    internal static async Task<(List<Purchase> Purchases, List<string> Currencies)> LoadWithCurrenciesAsync(
        ValoraDatabase database, DateTime? until, CancellationToken ct, IReadOnlyCollection<long>? customers = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var db = database.CreateContext();
        var conn = db.Database.GetDbConnection();
        await conn.OpenAsync(ct);
        await using var cmd = conn.CreateCommand();
        // Ids are numbers, written into the text invariantly (no injection possible); a few thousand at most here.
        cmd.CommandText = Sql + (customers is null ? "" : $" AND o.\"CustomerId\" IN ({string.Join(',', customers.Select(c => c.ToString(System.Globalization.CultureInfo.InvariantCulture)))})")
            + " ORDER BY o.\"Id\"";
        await using var reader = await cmd.ExecuteReaderAsync(ct);

        var purchases = new List<Purchase>();
        var currencies = new List<string>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        string currency = "";
        long currentOrder = long.MinValue, customer = 0;
        DateTime at = default;
        decimal revenue = 0, cost = 0;
        // Synchronous reads: per-row async costs more than the read itself on millions of rows (SQLite is synchronous
        // underneath anyway); cancellation is checked every 64k rows.
        var rows = 0;
        while (reader.Read())
        {
            if ((++rows & 0xFFFF) == 0)
            {
                ct.ThrowIfCancellationRequested();
            }
            var orderId = reader.GetInt64(0);
            if (orderId != currentOrder)
            {
                Flush();
                currentOrder = orderId;
                customer = reader.GetInt64(1);
                at = DateTime.SpecifyKind(reader.GetDateTime(2), DateTimeKind.Utc);
                var code = reader.GetString(6);
                if (!seen.TryGetValue(code, out currency!))
                {
                    currency = code;
                    seen[code] = code;
                }
                revenue = 0;
                cost = 0;
            }
            revenue += reader.GetDecimal(3);
            if (!reader.IsDBNull(5))
            {
                cost += reader.GetInt32(4) * reader.GetDecimal(5);
            }
        }
        Flush();
        return (purchases, currencies);

        void Flush()
        {
            if (currentOrder != long.MinValue && (until is null || at <= until.Value))
            {
                purchases.Add(new Purchase(customer, at, revenue, cost));
                currencies.Add(currency);
            }
        }
    }
}
