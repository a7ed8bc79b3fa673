namespace Valora.Analytics.Recommendations;

/// <summary>
/// Which customer bought which item, as a sparse 0/1 incidence matrix (customers × items; a repeat purchase counts
/// once), held twice in compressed rows: each customer's items and each item's buyers, both ascending. Customers and
/// items are dense ids (0 … n−1) the caller interns.
/// </summary>
public sealed class PurchaseMatrix
{
    readonly int[] _customerOffsets;
    readonly int[] _customerItems;
    readonly int[] _itemOffsets;
    readonly int[] _itemCustomers;

    PurchaseMatrix(int customers, int items, int[] customerOffsets, int[] customerItems, int[] itemOffsets, int[] itemCustomers)
    {
        CustomerCount = customers;
        ItemCount = items;
        _customerOffsets = customerOffsets;
        _customerItems = customerItems;
        _itemOffsets = itemOffsets;
        _itemCustomers = itemCustomers;
    }

    /// <summary>Number of customer ids.</summary>
    public int CustomerCount { get; }

    /// <summary>Number of item ids.</summary>
    public int ItemCount { get; }

    /// <summary>Distinct (customer, item) pairs.</summary>
    public int PairCount => _customerItems.Length;

    /// <summary>The distinct items customer <paramref name="customer"/> bought, ascending.</summary>
    public ReadOnlySpan<int> ItemsOf(int customer) =>
        _customerItems.AsSpan(_customerOffsets[customer], _customerOffsets[customer + 1] - _customerOffsets[customer]);

    /// <summary>The customers who bought item <paramref name="item"/>, ascending.</summary>
    public ReadOnlySpan<int> BuyersOf(int item) =>
        _itemCustomers.AsSpan(_itemOffsets[item], _itemOffsets[item + 1] - _itemOffsets[item]);

    /// <summary>How many distinct customers bought item <paramref name="item"/>.</summary>
    public int Buyers(int item) => _itemOffsets[item + 1] - _itemOffsets[item];

    /// <summary>Builds the matrix from (customer, item) pairs in any order; repeats count once.</summary>
    /// <param name="customers">Number of customer ids (every pair's customer is below it).</param>
    /// <param name="items">Number of item ids (every pair's item is below it).</param>
    /// <param name="pairs">(customer, item) purchases.</param>
    public static PurchaseMatrix FromPairs(int customers, int items, IEnumerable<(int Customer, int Item)> pairs)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(customers);
        ArgumentOutOfRangeException.ThrowIfNegative(items);
        ArgumentNullException.ThrowIfNull(pairs);
        var keys = new List<long>();
        foreach (var (c, i) in pairs)
        {
            if ((uint)c >= (uint)customers)
            {
                throw new ArgumentOutOfRangeException(nameof(pairs), c, $"Customer id must be in [0, {customers}).");
            }
            if ((uint)i >= (uint)items)
            {
                throw new ArgumentOutOfRangeException(nameof(pairs), i, $"Item id must be in [0, {items}).");
            }
            keys.Add(((long)c << 32) | (uint)i);
        }
        var sorted = keys.ToArray();
        Array.Sort(sorted);
        var distinct = 0;
        for (var k = 0; k < sorted.Length; k++)
        {
            if (k == 0 || sorted[k] != sorted[k - 1])
            {
                sorted[distinct++] = sorted[k];
            }
        }
        var customerOffsets = new int[customers + 1];
        var customerItems = new int[distinct];
        var itemCounts = new int[items + 1];
        for (var k = 0; k < distinct; k++)
        {
            customerOffsets[(int)(sorted[k] >> 32) + 1]++;
            customerItems[k] = (int)(sorted[k] & 0xFFFFFFFF);
            itemCounts[customerItems[k] + 1]++;
        }
        for (var c = 0; c < customers; c++)
        {
            customerOffsets[c + 1] += customerOffsets[c];
        }
        for (var i = 0; i < items; i++)
        {
            itemCounts[i + 1] += itemCounts[i];
        }
        var itemOffsets = (int[])itemCounts.Clone();
        var itemCustomers = new int[distinct];
        var fill = (int[])itemCounts.Clone();
        // Pairs are sorted by customer, so each item's buyers come out ascending.
        for (var k = 0; k < distinct; k++)
        {
            var item = customerItems[k];
            itemCustomers[fill[item]++] = (int)(sorted[k] >> 32);
        }
        return new PurchaseMatrix(customers, items, customerOffsets, customerItems, itemOffsets, itemCustomers);
    }
}
