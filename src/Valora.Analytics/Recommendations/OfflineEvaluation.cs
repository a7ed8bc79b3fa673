namespace Valora.Analytics.Recommendations;

/// <summary>One purchase of an item by a customer (dense ids) at a time.</summary>
public readonly record struct Purchase(int Customer, int Item, DateTime At);

/// <summary>A customer evaluated on a time split.</summary>
/// <param name="Customer">The customer id.</param>
/// <param name="Relevant">The items they bought in the test period and not in the training period, ascending.</param>
public sealed record HeldOut(int Customer, int[] Relevant);

/// <summary>Purchases split at a date.</summary>
/// <param name="Train">Purchases before the split (the only ones a recommender may see).</param>
/// <param name="Customers">The customers evaluated: active in both periods, with at least one new item in the test period.</param>
/// <param name="ActiveInBoth">Customers with purchases in both periods (the evaluated ones and those who only re-bought).</param>
/// <param name="OnlyRebought">Customers active in both periods whose test purchases were all of items bought before.</param>
/// <param name="CatalogueItems">Items with at least one buyer in the training period (what can be recommended).</param>
public sealed record TimeSplit(PurchaseMatrix Train, IReadOnlyList<HeldOut> Customers, int ActiveInBoth, int OnlyRebought, int CatalogueItems);

/// <summary>Top-N ranking quality over the evaluated customers.</summary>
/// <param name="Customers">Customers evaluated.</param>
/// <param name="Top">N.</param>
/// <param name="HitRate">Share of customers with at least one relevant item in their top N.</param>
/// <param name="Precision">Mean of hits / N (N even when fewer were offered).</param>
/// <param name="Recall">Mean of hits / |relevant|.</param>
/// <param name="Map">Mean average precision at N: mean over customers of Σ_{k ≤ N, item k relevant} P@k / min(|relevant|, N).</param>
/// <param name="Coverage">Distinct items recommended to anyone / catalogue items.</param>
/// <param name="ItemsRecommended">Distinct items recommended to anyone.</param>
/// <param name="CatalogueItems">Items that could be recommended (with a buyer in training).</param>
public sealed record RankingMetrics(int Customers, int Top, double HitRate, double Precision, double Recall, double Map,
    double Coverage, int ItemsRecommended, int CatalogueItems);

/// <summary>
/// Offline evaluation of a top-N recommender on a time split: train on the purchases before a date, recommend N items
/// per customer from those alone, and compare with what each bought after it. Only customers active in both periods
/// are evaluated, and an item counts as relevant only when it is new to the customer (bought in the test period, not
/// before): a recommender never offers what the customer already has, so a repeat purchase could never be a hit.
/// </summary>
public static class OfflineEvaluation
{
    /// <summary>Splits purchases at <paramref name="splitAt"/>: before it is training, at or after it is test.</summary>
    /// <param name="purchases">Every purchase.</param>
    /// <param name="customers">Number of customer ids.</param>
    /// <param name="items">Number of item ids.</param>
    /// <param name="splitAt">The first instant of the test period.</param>
    public static TimeSplit Split(IReadOnlyList<Purchase> purchases, int customers, int items, DateTime splitAt)
    {
        ArgumentNullException.ThrowIfNull(purchases);
        var train = PurchaseMatrix.FromPairs(customers, items, purchases.Where(p => p.At < splitAt).Select(p => (p.Customer, p.Item)));
        var test = PurchaseMatrix.FromPairs(customers, items, purchases.Where(p => p.At >= splitAt).Select(p => (p.Customer, p.Item)));
        var held = new List<HeldOut>();
        int both = 0, rebought = 0;
        for (var c = 0; c < customers; c++)
        {
            var before = train.ItemsOf(c);
            var after = test.ItemsOf(c);
            if (before.Length == 0 || after.Length == 0)
            {
                continue;
            }
            both++;
            var relevant = new List<int>();
            foreach (var i in after)
            {
                if (before.BinarySearch(i) < 0)
                {
                    relevant.Add(i);
                }
            }
            if (relevant.Count == 0)
            {
                rebought++;
                continue;
            }
            held.Add(new HeldOut(c, [.. relevant]));
        }
        var catalogue = 0;
        for (var i = 0; i < items; i++)
        {
            if (train.Buyers(i) > 0)
            {
                catalogue++;
            }
        }
        return new TimeSplit(train, held, both, rebought, catalogue);
    }

    /// <summary>Recommends for every evaluated customer (in parallel) and scores the lists.</summary>
    /// <param name="split">The split.</param>
    /// <param name="top">N.</param>
    /// <param name="recommend">The ranked items for a customer id (it may read <see cref="TimeSplit.Train"/>); must be thread-safe.</param>
    public static RankingMetrics Evaluate(TimeSplit split, int top, Func<int, IReadOnlyList<int>> recommend)
    {
        ArgumentNullException.ThrowIfNull(split);
        ArgumentNullException.ThrowIfNull(recommend);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        var lists = new IReadOnlyList<int>[split.Customers.Count];
        Parallel.For(0, lists.Length, k => lists[k] = recommend(split.Customers[k].Customer));
        return Score([.. lists.Select((l, k) => (l, (IReadOnlyList<int>)split.Customers[k].Relevant))], top, split.CatalogueItems);
    }

    /// <summary>The metrics of ranked lists against relevant sets (only the first N of each list count).</summary>
    /// <param name="lists">Per customer the ranked items and the relevant items (non-empty).</param>
    /// <param name="top">N.</param>
    /// <param name="catalogueItems">The coverage denominator.</param>
    public static RankingMetrics Score(IReadOnlyList<(IReadOnlyList<int> Ranked, IReadOnlyList<int> Relevant)> lists, int top, int catalogueItems)
    {
        ArgumentNullException.ThrowIfNull(lists);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        double hit = 0, precision = 0, recall = 0, map = 0;
        var recommended = new HashSet<int>();
        foreach (var (ranked, relevant) in lists)
        {
            if (relevant.Count == 0)
            {
                throw new ArgumentException("Every evaluated customer needs at least one relevant item.", nameof(lists));
            }
            var set = relevant as IReadOnlySet<int> ?? relevant.ToHashSet();
            var hits = 0;
            var sumPrecision = 0.0;
            for (var k = 0; k < Math.Min(top, ranked.Count); k++)
            {
                recommended.Add(ranked[k]);
                if (set.Contains(ranked[k]))
                {
                    hits++;
                    sumPrecision += (double)hits / (k + 1);
                }
            }
            hit += hits > 0 ? 1 : 0;
            precision += (double)hits / top;
            recall += (double)hits / set.Count;
            map += sumPrecision / Math.Min(set.Count, top);
        }
        var n = lists.Count;
        return n == 0
            ? new RankingMetrics(0, top, 0, 0, 0, 0, 0, 0, catalogueItems)
            : new RankingMetrics(n, top, hit / n, precision / n, recall / n, map / n,
                catalogueItems == 0 ? 0 : (double)recommended.Count / catalogueItems, recommended.Count, catalogueItems);
    }
}
