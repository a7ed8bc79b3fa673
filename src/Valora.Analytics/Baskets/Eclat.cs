using System.Numerics;

namespace Valora.Analytics.Baskets;

/// <summary>
/// Eclat (Zaki, "Scalable algorithms for association mining", IEEE TKDE 2000): the vertical layout — for each item the
/// set of baskets holding it — mined depth first, an itemset's baskets being the intersection of its items'. A set is
/// a sorted tid-list (4 bytes a basket) when sparse and a bitset (1 bit a basket) when more than 1 basket in 32 holds
/// it, whichever is smaller; intersections pick the matching merge, filter or AND-and-popcount. Memory: the current
/// path's equivalence classes only.
/// </summary>
static class Eclat
{
    public static void Mine(BasketData data, int minCount, int maxLength, List<FrequentItemset> found)
    {
        var (rankOfItem, itemOfRank, countOfRank) = ItemsetMiner.FrequentItems(data, minCount);
        var m = itemOfRank.Length;
        if (m == 0)
        {
            return;
        }
        var n = data.Count;
        var words = (n + 63) / 64;
        var sets = new TidSet[m];
        var fill = new int[m];
        for (var r = 0; r < m; r++)
        {
            sets[r] = IsDense(countOfRank[r], n)
                ? new TidSet(null, new ulong[words], countOfRank[r])
                : new TidSet(new int[countOfRank[r]], null, countOfRank[r]);
        }
        for (var b = 0; b < n; b++)
        {
            foreach (var item in data[b])
            {
                var r = rankOfItem[item];
                if (r < 0)
                {
                    continue;
                }
                if (sets[r].Bits is { } bits)
                {
                    bits[b >> 6] |= 1UL << (b & 63);
                }
                else
                {
                    sets[r].Tids![fill[r]++] = b;
                }
            }
        }
        // Least frequent first: their classes are smallest, which keeps the intersections short.
        var order = new List<(int Rank, TidSet Set)>(m);
        for (var r = m - 1; r >= 0; r--)
        {
            order.Add((r, sets[r]));
        }
        Search(order, [], minCount, maxLength, n, itemOfRank, found);
    }

    static bool IsDense(int count, int n) => (long)count * 32 > n;

    static void Search(List<(int Rank, TidSet Set)> cls, List<int> prefix, int minCount, int maxLength, int n,
        int[] itemOfRank, List<FrequentItemset> found)
    {
        for (var i = 0; i < cls.Count; i++)
        {
            var (rank, set) = cls[i];
            prefix.Add(rank);
            found.Add(new FrequentItemset(ItemsetMiner.ToItems(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(prefix), itemOfRank), set.Count));
            if (prefix.Count < maxLength && i + 1 < cls.Count)
            {
                var next = new List<(int, TidSet)>();
                for (var j = i + 1; j < cls.Count; j++)
                {
                    var joined = Intersect(set, cls[j].Set, minCount, n);
                    if (joined.Count >= minCount)
                    {
                        next.Add((cls[j].Rank, joined));
                    }
                }
                if (next.Count > 0)
                {
                    Search(next, prefix, minCount, maxLength, n, itemOfRank, found);
                }
            }
            prefix.RemoveAt(prefix.Count - 1);
        }
    }

    static TidSet Intersect(TidSet a, TidSet b, int minCount, int n)
    {
        if (Math.Min(a.Count, b.Count) < minCount)
        {
            return default;
        }
        if (a.Bits is { } x && b.Bits is { } y)
        {
            var bits = new ulong[x.Length];
            var count = 0;
            for (var w = 0; w < x.Length; w++)
            {
                var v = x[w] & y[w];
                bits[w] = v;
                count += BitOperations.PopCount(v);
            }
            return IsDense(count, n) ? new TidSet(null, bits, count) : ToTids(bits, count);
        }
        if (a.Tids is { } s && b.Tids is { } t)
        {
            var result = new int[Math.Min(s.Length, t.Length)];
            int i = 0, j = 0, c = 0;
            while (i < s.Length && j < t.Length)
            {
                if (s[i] < t[j])
                {
                    i++;
                }
                else if (s[i] > t[j])
                {
                    j++;
                }
                else
                {
                    result[c++] = s[i];
                    i++;
                    j++;
                }
            }
            Array.Resize(ref result, c);
            return new TidSet(result, null, c);
        }
        var (list, mask) = a.Tids is not null ? (a.Tids, b.Bits!) : (b.Tids!, a.Bits!);
        var kept = new int[list.Length];
        var k = 0;
        foreach (var tid in list)
        {
            if ((mask[tid >> 6] & (1UL << (tid & 63))) != 0)
            {
                kept[k++] = tid;
            }
        }
        Array.Resize(ref kept, k);
        return new TidSet(kept, null, k);
    }

    static TidSet ToTids(ulong[] bits, int count)
    {
        var tids = new int[count];
        var k = 0;
        for (var w = 0; w < bits.Length; w++)
        {
            var v = bits[w];
            while (v != 0)
            {
                tids[k++] = (w << 6) + BitOperations.TrailingZeroCount(v);
                v &= v - 1;
            }
        }
        return new TidSet(tids, null, count);
    }

    /// <summary>The baskets of an itemset: a sorted tid-list or a bitset, and how many.</summary>
    readonly record struct TidSet(int[]? Tids, ulong[]? Bits, int Count);
}
