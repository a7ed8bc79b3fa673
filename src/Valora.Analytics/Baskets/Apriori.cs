namespace Valora.Analytics.Baskets;

/// <summary>
/// Apriori (Agrawal &amp; Srikant, "Fast algorithms for mining association rules", VLDB 1994). Level k's candidates
/// join two frequent (k-1)-itemsets that share their first k-2 items and are kept only when every (k-1)-subset is
/// frequent; each basket then counts the candidates it contains by walking a trie of the candidates (Borgelt's
/// prefix-tree counting), so a basket visits only trie branches made of its own items. Memory: one level's
/// candidates and the baskets recoded to frequent-item ranks.
/// </summary>
static class Apriori
{
    public static void Mine(BasketData data, int minCount, int maxLength, List<FrequentItemset> found)
    {
        var (rankOfItem, itemOfRank, countOfRank) = ItemsetMiner.FrequentItems(data, minCount);
        var m = itemOfRank.Length;
        if (m == 0)
        {
            return;
        }
        var level = new List<int[]>(m);
        for (var r = 0; r < m; r++)
        {
            found.Add(new FrequentItemset([itemOfRank[r]], countOfRank[r]));
            level.Add([r]);
        }
        // Baskets as ascending ranks of their frequent items (compressed rows).
        var offsets = new int[data.Count + 1];
        var ranks = new List<int>();
        for (var b = 0; b < data.Count; b++)
        {
            var start = ranks.Count;
            foreach (var item in data[b])
            {
                if (rankOfItem[item] >= 0)
                {
                    ranks.Add(rankOfItem[item]);
                }
            }
            ranks.Sort(start, ranks.Count - start, null);
            offsets[b + 1] = ranks.Count;
        }
        var flat = ranks.ToArray();
        for (var k = 2; k <= maxLength && level.Count >= 2; k++)
        {
            var candidates = Join(level, k);
            if (candidates.Count == 0)
            {
                break;
            }
            var counts = new int[candidates.Count];
            var trie = Trie.Build(candidates, 0, candidates.Count, 0, k);
            for (var b = 0; b < data.Count; b++)
            {
                var basket = flat.AsSpan(offsets[b], offsets[b + 1] - offsets[b]);
                if (basket.Length >= k)
                {
                    trie.Count(basket, 0, 0, k, counts);
                }
            }
            level = new List<int[]>();
            for (var c = 0; c < candidates.Count; c++)
            {
                if (counts[c] >= minCount)
                {
                    level.Add(candidates[c]);
                    found.Add(new FrequentItemset(ItemsetMiner.ToItems(candidates[c], itemOfRank), counts[c]));
                }
            }
        }
    }

    /// <summary>Candidates of length k from the frequent (k-1)-itemsets (each ascending, the list lexicographic).</summary>
    static List<int[]> Join(List<int[]> level, int k)
    {
        var frequent = new HashSet<int[]>(level, ItemsetComparer.Instance);
        var candidates = new List<int[]>();
        var subset = new int[k - 1];
        var start = 0;
        while (start < level.Count)
        {
            var end = start + 1;
            while (end < level.Count && level[end].AsSpan(0, k - 2).SequenceEqual(level[start].AsSpan(0, k - 2)))
            {
                end++;
            }
            for (var i = start; i < end; i++)
            {
                for (var j = i + 1; j < end; j++)
                {
                    var candidate = new int[k];
                    level[i].CopyTo(candidate, 0);
                    candidate[k - 1] = level[j][k - 2];
                    if (AllSubsetsFrequent(candidate, frequent, subset))
                    {
                        candidates.Add(candidate);
                    }
                }
            }
            start = end;
        }
        return candidates;
    }

    static bool AllSubsetsFrequent(int[] candidate, HashSet<int[]> frequent, int[] subset)
    {
        // Dropping either of the last two items gives the two joined itemsets; check dropping each earlier one.
        for (var drop = 0; drop < candidate.Length - 2; drop++)
        {
            var w = 0;
            for (var i = 0; i < candidate.Length; i++)
            {
                if (i != drop)
                {
                    subset[w++] = candidate[i];
                }
            }
            if (!frequent.Contains(subset))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>A trie of lexicographically sorted candidates; leaves index the candidates' counters.</summary>
    sealed class Trie
    {
        int[] _keys = [];
        Trie[]? _children;
        int _first;

        public static Trie Build(List<int[]> candidates, int lo, int hi, int depth, int k)
        {
            var keys = new List<int>();
            var bounds = new List<int>();
            for (var i = lo; i < hi; i++)
            {
                if (i == lo || candidates[i][depth] != candidates[i - 1][depth])
                {
                    keys.Add(candidates[i][depth]);
                    bounds.Add(i);
                }
            }
            bounds.Add(hi);
            var node = new Trie { _keys = [.. keys], _first = lo };
            if (depth < k - 1)
            {
                node._children = new Trie[keys.Count];
                for (var c = 0; c < keys.Count; c++)
                {
                    node._children[c] = Build(candidates, bounds[c], bounds[c + 1], depth + 1, k);
                }
            }
            return node;
        }

        /// <summary>Counts every candidate under this node contained in <paramref name="basket"/>[start..].</summary>
        public void Count(ReadOnlySpan<int> basket, int start, int depth, int k, int[] counts)
        {
            var need = k - depth;
            var keys = _keys;
            var last = keys[^1];
            var lo = 0;
            for (var i = start; i <= basket.Length - need; i++)
            {
                var item = basket[i];
                if (item > last)
                {
                    break;
                }
                var idx = Array.BinarySearch(keys, lo, keys.Length - lo, item);
                if (idx < 0)
                {
                    lo = ~idx;
                    if (lo == keys.Length)
                    {
                        break;
                    }
                    continue;
                }
                lo = idx + 1;
                if (_children is null)
                {
                    counts[_first + idx]++;
                }
                else
                {
                    _children[idx].Count(basket, i + 1, depth + 1, k, counts);
                }
                if (lo == keys.Length)
                {
                    break;
                }
            }
        }
    }
}
