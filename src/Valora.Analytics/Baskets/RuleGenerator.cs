namespace Valora.Analytics.Baskets;

/// <summary>Which rules to keep.</summary>
public sealed record RuleOptions
{
    /// <summary>Least confidence kept (0: all).</summary>
    public double MinConfidence { get; init; }

    /// <summary>Least lift kept (null: all).</summary>
    public double? MinLift { get; init; }

    /// <summary>Least support kept, above the mining's (null: all mined).</summary>
    public double? MinSupport { get; init; }

    /// <summary>Longest rule kept (|A| + |C|; null: all).</summary>
    public int? MaxLength { get; init; }

    /// <summary>Keep only rules holding this item id on either side (null: all).</summary>
    public int? Item { get; init; }

    /// <summary>Keep only the best <see cref="Top"/> rules by <see cref="By"/> (null: all, ranked by it).</summary>
    public int? Top { get; init; }

    /// <summary>The measure rules are ranked by (descending).</summary>
    public RuleMetric By { get; init; } = RuleMetric.Lift;
}

/// <summary>
/// Association rules from frequent itemsets: every split of each itemset I (|I| ≥ 2) into a non-empty antecedent A and
/// consequent C = I \ A. Both A and C are frequent (downward closure), so their supports are looked up, never counted.
/// With <see cref="RuleOptions.Top"/> only the best k are held (a heap), so memory stays bounded however many rules
/// the itemsets give.
/// </summary>
public static class RuleGenerator
{
    /// <summary>The rules of <paramref name="itemsets"/> passing <paramref name="options"/>, best first by its metric
    /// (ties: higher support, then item ids).</summary>
    public static IReadOnlyList<AssociationRule> Generate(FrequentItemsets itemsets, RuleOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(itemsets);
        options ??= new RuleOptions();
        if (options.Top is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Top, "Top must be at least 1.");
        }
        if (options.MaxLength is < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxLength, "A rule has at least 2 items: max length must be ≥ 2.");
        }
        var n = (double)itemsets.BasketCount;
        var by = options.By;
        var comparer = Comparer<AssociationRule>.Create((a, b) => Compare(a, b, by));
        var kept = new List<AssociationRule>();
        // Min-heap of the best k so far: the root is the worst kept rule.
        var heap = options.Top is { } k ? new PriorityQueue<AssociationRule, AssociationRule>(k + 1, Comparer<AssociationRule>.Create((a, b) => -Compare(a, b, by))) : null;
        foreach (var set in itemsets.Itemsets)
        {
            var len = set.Items.Length;
            if (len < 2 || len > (options.MaxLength ?? int.MaxValue))
            {
                continue;
            }
            if (len > 30)
            {
                throw new ArgumentException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"An itemset of {len} items splits into 2^{len} − 2 rules; give a max length of at most 30."), nameof(options));
            }
            if (options.Item is { } item && Array.BinarySearch(set.Items, item) < 0)
            {
                continue;
            }
            var sAC = set.Count / n;
            if (options.MinSupport is { } ms && sAC < ms)
            {
                continue;
            }
            var full = (1 << len) - 1;
            for (var mask = 1; mask < full; mask++)
            {
                var a = Pick(set.Items, mask);
                var c = Pick(set.Items, full & ~mask);
                var sA = itemsets.CountOf(a) / n;
                var sC = itemsets.CountOf(c) / n;
                var rule = AssociationRule.From(a, c, set.Count, sAC, sA, sC);
                if (rule.Confidence < options.MinConfidence || (options.MinLift is { } ml && rule.Lift < ml))
                {
                    continue;
                }
                if (heap is null)
                {
                    kept.Add(rule);
                }
                else
                {
                    heap.Enqueue(rule, rule);
                    if (heap.Count > options.Top)
                    {
                        heap.Dequeue();
                    }
                }
            }
        }
        if (heap is not null)
        {
            while (heap.Count > 0)
            {
                kept.Add(heap.Dequeue());
            }
        }
        kept.Sort(comparer);
        return kept;
    }

    /// <summary>Best first: higher metric, then higher support, then antecedent and consequent ids.</summary>
    static int Compare(AssociationRule a, AssociationRule b, RuleMetric by)
    {
        var c = b.Metric(by).CompareTo(a.Metric(by));
        if (c != 0)
        {
            return c;
        }
        c = b.Support.CompareTo(a.Support);
        if (c != 0)
        {
            return c;
        }
        c = CompareIds(a.Antecedent, b.Antecedent);
        return c != 0 ? c : CompareIds(a.Consequent, b.Consequent);
    }

    static int CompareIds(int[] a, int[] b)
    {
        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            var c = a[i].CompareTo(b[i]);
            if (c != 0)
            {
                return c;
            }
        }
        return a.Length.CompareTo(b.Length);
    }

    static int[] Pick(int[] items, int mask)
    {
        var result = new int[System.Numerics.BitOperations.PopCount((uint)mask)];
        var w = 0;
        for (var i = 0; i < items.Length; i++)
        {
            if ((mask & (1 << i)) != 0)
            {
                result[w++] = items[i];
            }
        }
        return result;
    }
}
