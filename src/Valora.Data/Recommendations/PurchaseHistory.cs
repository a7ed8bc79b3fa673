using System.Globalization;
using Valora.Analytics.Recommendations;
using Valora.Data.Baskets;
using Valora.Data.Tables;

namespace Valora.Data.Recommendations;

/// <summary>
/// Who bought what when, with customers and items interned to the dense ids the recommenders use: customer i is
/// <see cref="Customers"/>[i], item j is <see cref="Items"/>[j] (numbered in first-seen order).
/// </summary>
/// <param name="CustomerIds">The stored customer id of customer i (stored orders only; null for a user's table).</param>
public sealed record PurchaseHistory(Purchase[] Purchases, IReadOnlyList<string> Customers, IReadOnlyList<string> Items, long[]? CustomerIds)
{
    /// <summary>The latest purchase, or null when there is none.</summary>
    public DateTime? Latest => Purchases.Length == 0 ? null : Purchases.Max(p => p.At);

    /// <summary>All purchases as one matrix (for recommending to everyone from the whole history).</summary>
    public PurchaseMatrix Matrix() => PurchaseMatrix.FromPairs(Customers.Count, Items.Count, Purchases.Select(p => (p.Customer, p.Item)));

    /// <summary>
    /// The stored completed orders as purchases (as <see cref="OrderBaskets"/> reads them: merchandise SKUs, the line's
    /// SKU else its product's); a customer whose orders hold no merchandise has no purchase.
    /// </summary>
    public static async Task<PurchaseHistory> LoadAsync(ValoraDatabase database, CancellationToken ct = default)
    {
        var loaded = await OrderBaskets.LoadAsync(database, ct);
        var baskets = loaded.Baskets;
        var index = new Dictionary<long, int>();
        var ids = new List<long>();
        var purchases = new List<Purchase>((int)baskets.PairCount);
        for (var b = 0; b < baskets.Count; b++)
        {
            var customer = loaded.Customers[b];
            if (!index.TryGetValue(customer, out var c))
            {
                index[customer] = c = ids.Count;
                ids.Add(customer);
            }
            foreach (var item in baskets[b])
            {
                purchases.Add(new Purchase(c, item, loaded.OrderedAt[b]));
            }
        }
        return new PurchaseHistory([.. purchases],
            [.. ids.Select(i => i.ToString(CultureInfo.InvariantCulture))], baskets.ItemNames, [.. ids]);
    }

    /// <summary>
    /// A user's own table of purchases, one (customer, item, date) per row, read by <see cref="TableFile"/> (as
    /// <c>valora rules --data</c> reads its lines). Dates are ISO (yyyy-MM-dd, optionally with a time), taken as UTC. An
    /// empty customer or item, or a date that does not parse, is an error naming its line and column.
    /// </summary>
    /// <param name="customerOption">What named the customer column (e.g. "--customer"), for messages; likewise the others.</param>
    public static PurchaseHistory FromTable(TableFile table, string customerColumn, string itemColumn, string dateColumn,
        string customerOption = "--customer", string itemOption = "--item", string dateOption = "--date")
    {
        ArgumentNullException.ThrowIfNull(table);
        var ci = table.Require(customerColumn, customerOption);
        var ii = table.Require(itemColumn, itemOption);
        var di = table.Require(dateColumn, dateOption);
        var customers = new Dictionary<string, int>(StringComparer.Ordinal);
        var items = new Dictionary<string, int>(StringComparer.Ordinal);
        var purchases = new Purchase[table.Rows.Count];
        for (var r = 0; r < table.Rows.Count; r++)
        {
            var row = table.Rows[r];
            var customer = row[ci].Trim();
            var item = row[ii].Trim();
            var date = row[di].Trim();
            foreach (var (value, column) in new[] { (customer, ci), (item, ii), (date, di) })
            {
                if (value.Length == 0)
                {
                    throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                        $"'{table.Path}' line {table.Lines[r]}: column '{table.Columns[column]}' is empty; every line needs a customer, an item and a date."));
                }
            }
            if (!DateTime.TryParse(date, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                    $"'{table.Path}' line {table.Lines[r]}: column '{table.Columns[di]}' holds '{date}', which is not a date (yyyy-MM-dd or yyyy-MM-dd HH:mm:ss)."));
            }
            if (!customers.TryGetValue(customer, out var c))
            {
                customers[customer] = c = customers.Count;
            }
            if (!items.TryGetValue(item, out var i))
            {
                items[item] = i = items.Count;
            }
            purchases[r] = new Purchase(c, i, DateTime.SpecifyKind(at, DateTimeKind.Utc));
        }
        if (purchases.Length == 0)
        {
            throw new InvalidDataException($"'{table.Path}' has no data rows: there are no purchases to evaluate.");
        }
        return new PurchaseHistory(purchases, [.. customers.Keys], [.. items.Keys], null);
    }
}
