namespace Valora.Analytics.Recommendations;

/// <summary>One recommended item for a customer.</summary>
/// <param name="Item">The item id (one the customer has not bought).</param>
/// <param name="Score">What it was ranked by: the blended score, or for <see cref="ItemRecommender.Popular"/> its buyers.</param>
/// <param name="Similarity">Σ cosine similarity of the item to the items the customer bought (0: none is similar).</param>
/// <param name="Because">The reason: the bought item most similar to it ("often bought with X"); null when it is
/// offered because it is popular.</param>
public sealed record ItemRecommendation(int Item, double Score, double Similarity, int? Because);

/// <summary>Settings of <see cref="ItemRecommender"/>.</summary>
public sealed record ItemRecommenderOptions
{
    /// <summary>The default <see cref="PopularityWeight"/>.</summary>
    public const double DefaultPopularityWeight = 0.1;

    /// <summary>The default <see cref="TopK"/>.</summary>
    public const int DefaultTopK = 10;

    /// <summary>
    /// Neighbours kept per item (null: every co-purchased item). The default 10 and the default weight were chosen on
    /// a validation split of Online Retail that never sees the test period (train before 2011-06-01, test June to
    /// August): k = 5 … 100 and all neighbours with w = 0, 0.1, 0.2; k = 10 had the best hit rate (0.576 at w = 0.1,
    /// against 0.559 for k = 20, 0.538 for k = 50 and 0.565 for k = 5), and w moved it by under a point (0.573 at 0,
    /// 0.581 at 0.2, which costs 2 points of coverage); bench/peers/recommend.py --until 2011-09-01 --split 2011-06-01.
    /// </summary>
    public int? TopK { get; init; } = DefaultTopK;

    /// <summary>
    /// w in score = (1 − w)·cf/max cf + w·buyers/max buyers, in [0, 1]. 0 is pure item-based collaborative filtering
    /// (popularity then only breaks ties and fills the list past the last similar item); 1 is pure popularity.
    /// </summary>
    public double PopularityWeight { get; init; } = DefaultPopularityWeight;
}

/// <summary>
/// Item-based collaborative filtering blended with popularity. Trained on a purchase matrix: the cosine
/// <see cref="ItemSimilarity"/> of items and each item's number of buyers. For a customer who bought B, every item
/// j ∉ B scores cf(j) = Σ_{i ∈ B} sim(i, j); the blend is
/// <c>(1 − w)·cf(j)/max_j cf + w·buyers(j)/max buyers</c> (the similarity part scaled by the customer's best offerable
/// item, the popularity part by the most-bought item; w =
/// <see cref="ItemRecommenderOptions.PopularityWeight"/>), ranked by the blend, then buyers, then item id. A customer
/// with no history, or whose items have no co-purchased neighbour, gets the most popular items. Each offer's reason is
/// the bought item with the highest similarity to it when the similarity part of its score is at least the
/// popularity part, else "popular".
/// </summary>
public sealed class ItemRecommender
{
    readonly int[] _buyers;
    readonly int[] _byPopularity;
    readonly int _maxBuyers;

    ItemRecommender(ItemSimilarity similarity, int[] buyers, ItemRecommenderOptions options)
    {
        Similarity = similarity;
        Options = options;
        _buyers = buyers;
        _maxBuyers = buyers.Length == 0 ? 0 : buyers.Max();
        _byPopularity = [.. Enumerable.Range(0, buyers.Length).Where(i => buyers[i] > 0)
            .OrderByDescending(i => buyers[i]).ThenBy(i => i)];
    }

    /// <summary>The trained item-to-item cosine similarity.</summary>
    public ItemSimilarity Similarity { get; }

    /// <summary>The settings trained with.</summary>
    public ItemRecommenderOptions Options { get; }

    /// <summary>Number of item ids.</summary>
    public int ItemCount => _buyers.Length;

    /// <summary>Distinct buyers of an item in the training matrix.</summary>
    public int Buyers(int item) => _buyers[item];

    /// <summary>Items with at least one buyer, most buyers first (ties by item id).</summary>
    public IReadOnlyList<int> ByPopularity => _byPopularity;

    /// <summary>Similarities and buyer counts of <paramref name="matrix"/>.</summary>
    /// <param name="matrix">The training purchases.</param>
    /// <param name="options">Top-k and popularity weight (null: the defaults).</param>
    public static ItemRecommender Train(PurchaseMatrix matrix, ItemRecommenderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        options ??= new ItemRecommenderOptions();
        if (!(options.PopularityWeight >= 0 && options.PopularityWeight <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.PopularityWeight, "PopularityWeight must be in [0, 1].");
        }
        var buyers = new int[matrix.ItemCount];
        for (var i = 0; i < buyers.Length; i++)
        {
            buyers[i] = matrix.Buyers(i);
        }
        return new ItemRecommender(ItemSimilarity.Cosine(matrix, options.TopK), buyers, options);
    }

    /// <summary>The popularity baseline: the <paramref name="top"/> items with most buyers not in <paramref name="bought"/>.</summary>
    /// <param name="bought">Item ids the customer bought, ascending.</param>
    /// <param name="top">Most items to return (at least 1).</param>
    public List<ItemRecommendation> Popular(ReadOnlySpan<int> bought, int top)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        var found = new List<ItemRecommendation>(top);
        foreach (var item in _byPopularity)
        {
            if (bought.BinarySearch(item) < 0)
            {
                found.Add(new ItemRecommendation(item, _buyers[item], 0, null));
                if (found.Count == top)
                {
                    break;
                }
            }
        }
        return found;
    }

    /// <summary>The <paramref name="top"/> best items not in <paramref name="bought"/> by the blend, each with its reason.</summary>
    /// <param name="bought">Item ids the customer bought, ascending (ids past the training items are ignored).</param>
    /// <param name="top">Most items to return (at least 1).</param>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public List<ItemRecommendation> Recommend(ReadOnlySpan<int> bought, int top)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        var n = _buyers.Length;
        var cf = new double[n];
        var best = new double[n];
        var because = new int[n];
        var max = 0.0;
        foreach (var i in bought)
        {
            if ((uint)i >= (uint)n)
            {
                continue;
            }
            var neighbours = Similarity.NeighboursOf(i);
            var sims = Similarity.SimilaritiesOf(i);
            for (var k = 0; k < neighbours.Length; k++)
            {
                var j = neighbours[k];
                var s = sims[k];
                cf[j] += s;
                // bought is ascending, so on equal similarity the lower id stays.
                if (s > best[j])
                {
                    best[j] = s;
                    because[j] = i;
                }
            }
        }
        // The largest similarity among the items that can be offered (a bought item's own sum does not count).
        for (var j = 0; j < n; j++)
        {
            if (cf[j] > max && bought.BinarySearch(j) < 0)
            {
                max = cf[j];
            }
        }
        var w = Options.PopularityWeight;
        var cfScale = max > 0 ? (1 - w) / max : 0;
        var popScale = _maxBuyers > 0 ? w / _maxBuyers : 0;
        var items = new int[top];
        var scores = new double[top];
        var count = 0;
        for (var j = 0; j < n; j++)
        {
            if ((cf[j] == 0 && _buyers[j] == 0) || bought.BinarySearch(j) >= 0)
            {
                continue;
            }
            var score = cf[j] * cfScale + _buyers[j] * popScale;
            if (count == top && !Better(score, j, scores[top - 1], items[top - 1]))
            {
                continue;
            }
            var at = count < top ? count++ : top - 1;
            while (at > 0 && Better(score, j, scores[at - 1], items[at - 1]))
            {
                items[at] = items[at - 1];
                scores[at] = scores[at - 1];
                at--;
            }
            items[at] = j;
            scores[at] = score;
        }
        var found = new List<ItemRecommendation>(count);
        for (var k = 0; k < count; k++)
        {
            var j = items[k];
            var similar = cf[j] > 0 && cf[j] * cfScale >= _buyers[j] * popScale;
            found.Add(new ItemRecommendation(j, scores[k], cf[j], similar ? because[j] : null));
        }
        return found;
    }

    bool Better(double score, int item, double otherScore, int other) =>
        score != otherScore ? score > otherScore
        : _buyers[item] != _buyers[other] ? _buyers[item] > _buyers[other]
        : item < other;
}
