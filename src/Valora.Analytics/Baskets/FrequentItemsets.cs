namespace Valora.Analytics.Baskets;

/// <summary>One frequent itemset: its item ids (ascending) and the number of baskets holding all of them.</summary>
public sealed record FrequentItemset(int[] Items, int Count)
{
    /// <summary>Number of items.</summary>
    public int Length => Items.Length;
}

/// <summary>
/// The frequent itemsets of a <see cref="BasketData"/>, in a canonical order (by length, then by item ids) so the
/// three algorithms' results compare element by element. Support = <see cref="FrequentItemset.Count"/> ÷
/// <see cref="BasketCount"/>.
/// </summary>
public sealed class FrequentItemsets
{
    readonly Dictionary<int[], int> _counts;

    internal FrequentItemsets(List<FrequentItemset> itemsets, int basketCount, int minCount, IReadOnlyList<string> itemNames)
    {
        itemsets.Sort(static (a, b) =>
        {
            var c = a.Items.Length.CompareTo(b.Items.Length);
            if (c != 0)
            {
                return c;
            }
            for (var i = 0; i < a.Items.Length; i++)
            {
                c = a.Items[i].CompareTo(b.Items[i]);
                if (c != 0)
                {
                    return c;
                }
            }
            return 0;
        });
        Itemsets = itemsets;
        BasketCount = basketCount;
        MinCount = minCount;
        ItemNames = itemNames;
        _counts = new Dictionary<int[], int>(itemsets.Count, ItemsetComparer.Instance);
        foreach (var s in itemsets)
        {
            _counts[s.Items] = s.Count;
        }
    }

    /// <summary>The itemsets, shortest first, then by ascending item ids.</summary>
    public IReadOnlyList<FrequentItemset> Itemsets { get; }

    /// <summary>Number of baskets (the support denominator).</summary>
    public int BasketCount { get; }

    /// <summary>The smallest count an itemset needed: the least c with c ÷ baskets ≥ the minimum support.</summary>
    public int MinCount { get; }

    /// <summary>Item names by id (the basket data's).</summary>
    public IReadOnlyList<string> ItemNames { get; }

    /// <summary>The count of a frequent itemset (ids ascending), or 0 when it is not frequent.</summary>
    public int CountOf(int[] sortedItems) => _counts.TryGetValue(sortedItems, out var c) ? c : 0;

    /// <summary>Support of an itemset as a fraction of baskets (0 when not frequent).</summary>
    public double SupportOf(int[] sortedItems) => (double)CountOf(sortedItems) / BasketCount;

    /// <summary>The item names of an itemset.</summary>
    public string[] Names(int[] items) => Array.ConvertAll(items, i => ItemNames[i]);
}

/// <summary>Equality of itemsets by content (ids ascending).</summary>
sealed class ItemsetComparer : IEqualityComparer<int[]>
{
    public static readonly ItemsetComparer Instance = new();

    public bool Equals(int[]? x, int[]? y) => ReferenceEquals(x, y) || (x is not null && y is not null && x.AsSpan().SequenceEqual(y));

    public int GetHashCode(int[] obj)
    {
        var h = new HashCode();
        foreach (var i in obj)
        {
            h.Add(i);
        }
        return h.ToHashCode();
    }
}
