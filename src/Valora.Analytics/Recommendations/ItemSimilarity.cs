namespace Valora.Analytics.Recommendations;

/// <summary>
/// Item-to-item cosine similarity over the customer × item purchase incidence (<see cref="PurchaseMatrix"/>):
/// sim(i, j) = |buyers(i) ∩ buyers(j)| / √(|buyers(i)|·|buyers(j)|), the cosine of the two 0/1 item columns. Sparse:
/// only pairs some customer bought both of are kept (every other cosine is 0). Each item's neighbours are held most
/// similar first (ties by item id); with a top-k only the k most similar are kept, so the kept relation is no longer
/// symmetric (item-based top-N of Deshpande and Karypis, 2004).
/// </summary>
public sealed class ItemSimilarity
{
    readonly int[] _offsets;
    readonly int[] _neighbours;
    readonly double[] _similarities;

    ItemSimilarity(int[] offsets, int[] neighbours, double[] similarities, int? topK)
    {
        _offsets = offsets;
        _neighbours = neighbours;
        _similarities = similarities;
        TopK = topK;
    }

    /// <summary>Most neighbours kept per item (null: all co-purchased items).</summary>
    public int? TopK { get; }

    /// <summary>Number of item ids.</summary>
    public int ItemCount => _offsets.Length - 1;

    /// <summary>Kept (item, neighbour) pairs.</summary>
    public int PairCount => _neighbours.Length;

    /// <summary>The neighbours of <paramref name="item"/>, most similar first.</summary>
    public ReadOnlySpan<int> NeighboursOf(int item) => _neighbours.AsSpan(_offsets[item], _offsets[item + 1] - _offsets[item]);

    /// <summary>The similarities of <see cref="NeighboursOf"/>, in the same order.</summary>
    public ReadOnlySpan<double> SimilaritiesOf(int item) => _similarities.AsSpan(_offsets[item], _offsets[item + 1] - _offsets[item]);

    /// <summary>sim(item, other) as kept for <paramref name="item"/> (0 when not a kept neighbour, and for an item with itself).</summary>
    public double Of(int item, int other)
    {
        var n = NeighboursOf(item);
        for (var k = 0; k < n.Length; k++)
        {
            if (n[k] == other)
            {
                return SimilaritiesOf(item)[k];
            }
        }
        return 0;
    }

    /// <summary>Cosine similarity of every co-purchased pair of items, computed item by item in parallel.</summary>
    /// <param name="matrix">The purchase incidence.</param>
    /// <param name="topK">Keep only each item's k most similar neighbours (null: all).</param>
    public static ItemSimilarity Cosine(PurchaseMatrix matrix, int? topK = null)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        if (topK is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(topK), topK, "topK must be at least 1.");
        }
        var n = matrix.ItemCount;
        var rows = new (int[] Items, double[] Values)[n];
        Parallel.For(0, n, () => new Scratch(n), (i, _, scratch) =>
        {
            rows[i] = Row(matrix, i, scratch, topK);
            return scratch;
        }, _ => { });
        var offsets = new int[n + 1];
        for (var i = 0; i < n; i++)
        {
            offsets[i + 1] = offsets[i] + rows[i].Items.Length;
        }
        var neighbours = new int[offsets[n]];
        var values = new double[offsets[n]];
        for (var i = 0; i < n; i++)
        {
            rows[i].Items.CopyTo(neighbours, offsets[i]);
            rows[i].Values.CopyTo(values, offsets[i]);
        }
        return new ItemSimilarity(offsets, neighbours, values, topK);
    }

    /// <summary>A neighbour, ordered most similar first, then by item id.</summary>
    readonly record struct Neighbour(int Item, double Value) : IComparable<Neighbour>
    {
        public int CompareTo(Neighbour other) =>
            Value != other.Value ? other.Value.CompareTo(Value) : Item.CompareTo(other.Item);
    }

    sealed class Scratch(int items)
    {
        public readonly int[] Counts = new int[items];
        public readonly List<int> Touched = [];
    }

    // Hot and run once per item: compiled fully optimised at once rather than through the tiers.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    static (int[] Items, double[] Values) Row(PurchaseMatrix matrix, int item, Scratch scratch, int? topK)
    {
        var counts = scratch.Counts;
        var touched = scratch.Touched;
        touched.Clear();
        foreach (var customer in matrix.BuyersOf(item))
        {
            foreach (var other in matrix.ItemsOf(customer))
            {
                if (other != item && counts[other]++ == 0)
                {
                    touched.Add(other);
                }
            }
        }
        var found = new Neighbour[touched.Count];
        double ni = matrix.Buyers(item);
        for (var k = 0; k < found.Length; k++)
        {
            var other = touched[k];
            found[k] = new Neighbour(other, counts[other] / Math.Sqrt(ni * matrix.Buyers(other)));
            counts[other] = 0;
        }
        var keep = Math.Min(topK ?? found.Length, found.Length);
        if (keep < found.Length / 4)
        {
            // A few of many: keep the best k by insertion (most similar first, ties by item id) instead of sorting all.
            var best = new Neighbour[keep];
            var count = 0;
            foreach (var n in found)
            {
                if (count == keep && n.CompareTo(best[keep - 1]) >= 0)
                {
                    continue;
                }
                var at = count < keep ? count++ : keep - 1;
                while (at > 0 && n.CompareTo(best[at - 1]) < 0)
                {
                    best[at] = best[at - 1];
                    at--;
                }
                best[at] = n;
            }
            found = best;
        }
        else
        {
            Array.Sort(found);
        }
        var outItems = new int[keep];
        var outValues = new double[keep];
        for (var k = 0; k < keep; k++)
        {
            outItems[k] = found[k].Item;
            outValues[k] = found[k].Value;
        }
        return (outItems, outValues);
    }
}
