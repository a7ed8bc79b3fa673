namespace Valora.Analytics.Baskets;

/// <summary>
/// Baskets (transactions) with their items interned to dense ints: item <c>i</c> is named <see cref="ItemNames"/>[i].
/// Each basket holds its distinct items in ascending id order, all baskets in one flat array (compressed rows), so
/// ten million order lines cost two ints each and no object per basket. Built with <see cref="BasketBuilder"/>.
/// </summary>
public sealed class BasketData
{
    readonly int[] _offsets;
    readonly int[] _items;

    internal BasketData(string[] itemNames, string[] basketKeys, int[] offsets, int[] items)
    {
        ItemNames = itemNames;
        BasketKeys = basketKeys;
        _offsets = offsets;
        _items = items;
    }

    /// <summary>Item names by id.</summary>
    public IReadOnlyList<string> ItemNames { get; }

    /// <summary>Basket keys (e.g. invoice numbers) by basket index, in first-seen order.</summary>
    public IReadOnlyList<string> BasketKeys { get; }

    /// <summary>Number of baskets, the denominator of every support.</summary>
    public int Count => _offsets.Length - 1;

    /// <summary>Number of distinct items.</summary>
    public int ItemCount => ItemNames.Count;

    /// <summary>Total (basket, item) pairs after de-duplication.</summary>
    public long PairCount => _items.Length;

    /// <summary>The distinct item ids of basket <paramref name="basket"/>, ascending.</summary>
    public ReadOnlySpan<int> this[int basket] => _items.AsSpan(_offsets[basket], _offsets[basket + 1] - _offsets[basket]);

    /// <summary>The id of an item name, or -1.</summary>
    public int IdOf(string item)
    {
        for (var i = 0; i < ItemNames.Count; i++)
        {
            if (string.Equals(ItemNames[i], item, StringComparison.Ordinal))
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>Baskets from lists of item names (repeats inside a basket count once); keys are "1", "2", ….</summary>
    public static BasketData FromBaskets(IEnumerable<IEnumerable<string>> baskets)
    {
        ArgumentNullException.ThrowIfNull(baskets);
        var builder = new BasketBuilder();
        var n = 0;
        foreach (var basket in baskets)
        {
            n++;
            var key = n.ToString(System.Globalization.CultureInfo.InvariantCulture);
            builder.AddBasket(key);
            foreach (var item in basket)
            {
                builder.Add(key, item);
            }
        }
        return builder.Build();
    }

    /// <summary>The number of baskets holding each item, by item id.</summary>
    public int[] ItemFrequencies()
    {
        var counts = new int[ItemCount];
        foreach (var id in _items)
        {
            counts[id]++;
        }
        return counts;
    }
}

/// <summary>
/// Collects (basket, item) lines in any order — an order line's invoice and product code — and interns both.
/// Memory: two ints per line while collecting, plus one string per distinct basket and item.
/// </summary>
public sealed class BasketBuilder
{
    readonly Dictionary<string, int> _itemIds = new(StringComparer.Ordinal);
    readonly List<string> _itemNames = [];
    readonly Dictionary<string, int> _basketIds = new(StringComparer.Ordinal);
    readonly List<string> _basketKeys = [];
    int[] _lineBasket = new int[1024];
    int[] _lineItem = new int[1024];
    int _lines;

    /// <summary>Number of distinct baskets so far.</summary>
    public int BasketCount => _basketKeys.Count;

    /// <summary>Declares a basket (so an empty basket still counts in the denominator).</summary>
    public int AddBasket(string basket)
    {
        ArgumentNullException.ThrowIfNull(basket);
        if (!_basketIds.TryGetValue(basket, out var b))
        {
            b = _basketKeys.Count;
            _basketIds.Add(basket, b);
            _basketKeys.Add(basket);
        }
        return b;
    }

    /// <summary>Adds one line: <paramref name="item"/> was in <paramref name="basket"/>.</summary>
    public void Add(string basket, string item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var b = AddBasket(basket);
        if (!_itemIds.TryGetValue(item, out var i))
        {
            i = _itemNames.Count;
            _itemIds.Add(item, i);
            _itemNames.Add(item);
        }
        if (_lines == _lineBasket.Length)
        {
            Array.Resize(ref _lineBasket, _lines * 2);
            Array.Resize(ref _lineItem, _lines * 2);
        }
        _lineBasket[_lines] = b;
        _lineItem[_lines] = i;
        _lines++;
    }

    /// <summary>Groups the lines by basket (counting sort), sorts and de-duplicates each basket's items.</summary>
    public BasketData Build()
    {
        var baskets = _basketKeys.Count;
        var offsets = new int[baskets + 1];
        for (var l = 0; l < _lines; l++)
        {
            offsets[_lineBasket[l] + 1]++;
        }
        for (var b = 0; b < baskets; b++)
        {
            offsets[b + 1] += offsets[b];
        }
        var items = new int[_lines];
        var fill = offsets[..^1].ToArray();
        for (var l = 0; l < _lines; l++)
        {
            items[fill[_lineBasket[l]]++] = _lineItem[l];
        }
        // Sort and de-duplicate in place, compacting as we go.
        var write = 0;
        var start = 0;
        for (var b = 0; b < baskets; b++)
        {
            var end = offsets[b + 1];
            var span = items.AsSpan(start, end - start);
            span.Sort();
            var basketStart = write;
            for (var k = 0; k < span.Length; k++)
            {
                // Compare with the last value kept: the write position never passes the read position.
                if (write == basketStart || span[k] != items[write - 1])
                {
                    items[write++] = span[k];
                }
            }
            offsets[b] = basketStart;
            start = end;
        }
        offsets[baskets] = write;
        if (write != items.Length)
        {
            Array.Resize(ref items, write);
        }
        return new BasketData([.. _itemNames], [.. _basketKeys], offsets, items);
    }
}
