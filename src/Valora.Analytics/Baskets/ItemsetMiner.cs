namespace Valora.Analytics.Baskets;

/// <summary>Which frequent-itemset algorithm mines; all three give identical itemsets.</summary>
public enum MiningAlgorithm
{
    /// <summary>FP-Growth (Han, Pei &amp; Yin 2000): a prefix tree of the baskets, mined by conditional trees.</summary>
    FpGrowth = 0,
    /// <summary>Apriori (Agrawal &amp; Srikant 1994): level-wise candidates counted through a candidate trie.</summary>
    Apriori = 1,
    /// <summary>Eclat (Zaki 2000): depth-first intersections of vertical tid-lists, as bitsets where dense.</summary>
    Eclat = 2,
}

/// <summary>What to mine.</summary>
public sealed record ItemsetOptions
{
    /// <summary>Default minimum support (1 % of baskets).</summary>
    public const double DefaultMinSupport = 0.01;

    /// <summary>Minimum support, a fraction of baskets in (0, 1]: an itemset is frequent when count ÷ baskets ≥ it.</summary>
    public double MinSupport { get; init; } = DefaultMinSupport;

    /// <summary>Longest itemset kept (null: no limit). Rules are at most this long too.</summary>
    public int? MaxLength { get; init; }

    /// <summary>The algorithm.</summary>
    public MiningAlgorithm Algorithm { get; init; } = MiningAlgorithm.FpGrowth;
}

/// <summary>Mines frequent itemsets.</summary>
public static class ItemsetMiner
{
    /// <summary>Frequent itemsets of <paramref name="data"/> at <paramref name="minSupport"/>, by FP-Growth.</summary>
    public static FrequentItemsets Mine(BasketData data, double minSupport = ItemsetOptions.DefaultMinSupport) =>
        Mine(data, new ItemsetOptions { MinSupport = minSupport });

    /// <summary>Frequent itemsets of <paramref name="data"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The minimum support is not in (0, 1] or the maximum length is below 1.</exception>
    public static FrequentItemsets Mine(BasketData data, ItemsetOptions options)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        if (!(options.MinSupport > 0 && options.MinSupport <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MinSupport,
                "The minimum support must be a fraction of baskets in (0, 1], e.g. 0.01 for 1 %.");
        }
        if (options.MaxLength is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxLength, "The maximum itemset length must be at least 1.");
        }
        var minCount = MinCount(options.MinSupport, data.Count);
        var maxLength = options.MaxLength ?? int.MaxValue;
        var found = new List<FrequentItemset>();
        if (data.Count > 0)
        {
            switch (options.Algorithm)
            {
                case MiningAlgorithm.FpGrowth:
                    FpGrowth.Mine(data, minCount, maxLength, found);
                    break;
                case MiningAlgorithm.Apriori:
                    Apriori.Mine(data, minCount, maxLength, found);
                    break;
                case MiningAlgorithm.Eclat:
                    Eclat.Mine(data, minCount, maxLength, found);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(options), options.Algorithm, "Unknown mining algorithm.");
            }
        }
        return new FrequentItemsets(found, data.Count, minCount, data.ItemNames);
    }

    /// <summary>
    /// The least count c ≥ 1 with c ÷ <paramref name="baskets"/> ≥ <paramref name="minSupport"/> in double arithmetic —
    /// the comparison mlxtend and pandas make on the support column, so a support of exactly 0.01 is in.
    /// </summary>
    public static int MinCount(double minSupport, int baskets)
    {
        if (baskets == 0)
        {
            return 1;
        }
        var c = (long)Math.Ceiling(minSupport * baskets);
        while (c > 1 && (double)(c - 1) / baskets >= minSupport)
        {
            c--;
        }
        while ((double)c / baskets < minSupport)
        {
            c++;
        }
        return (int)Math.Max(1, c);
    }

    /// <summary>Frequent single items recoded to ranks 0..m-1 (by descending count, then id), and the map back.</summary>
    internal static (int[] RankOfItem, int[] ItemOfRank, int[] CountOfRank) FrequentItems(BasketData data, int minCount)
    {
        var freq = data.ItemFrequencies();
        var items = Enumerable.Range(0, freq.Length).Where(i => freq[i] >= minCount)
            .OrderByDescending(i => freq[i]).ThenBy(i => i).ToArray();
        var rank = new int[freq.Length];
        Array.Fill(rank, -1);
        for (var r = 0; r < items.Length; r++)
        {
            rank[items[r]] = r;
        }
        return (rank, items, items.Select(i => freq[i]).ToArray());
    }

    /// <summary>An itemset given as ranks, returned as item ids ascending.</summary>
    internal static int[] ToItems(ReadOnlySpan<int> ranks, int[] itemOfRank)
    {
        var items = new int[ranks.Length];
        for (var i = 0; i < ranks.Length; i++)
        {
            items[i] = itemOfRank[ranks[i]];
        }
        Array.Sort(items);
        return items;
    }
}
