namespace Valora.Analytics.Baskets;

/// <summary>
/// FP-Growth (Han, Pei &amp; Yin, "Mining frequent patterns without candidate generation", SIGMOD 2000). Frequent items
/// are ranked by descending count; each basket's frequent items, in rank order, form a path of a prefix tree (the
/// FP-tree) whose nodes count the baskets through them. Itemsets ending in an item are mined from that item's
/// conditional tree: the tree of the paths above its nodes, weighted by their counts, restricted to items still
/// frequent there. The tree is a set of flat arrays; memory is the tree (at most one node per basket item) plus one
/// conditional tree per level of the recursion.
/// </summary>
static class FpGrowth
{
    public static void Mine(BasketData data, int minCount, int maxLength, List<FrequentItemset> found)
    {
        var (rankOfItem, itemOfRank, _) = ItemsetMiner.FrequentItems(data, minCount);
        if (itemOfRank.Length == 0)
        {
            return;
        }
        var tree = new FpTree(itemOfRank.Length, (int)Math.Min(1 << 20, data.PairCount + 1));
        var path = new List<int>();
        for (var b = 0; b < data.Count; b++)
        {
            path.Clear();
            foreach (var item in data[b])
            {
                if (rankOfItem[item] >= 0)
                {
                    path.Add(rankOfItem[item]);
                }
            }
            if (path.Count > 0)
            {
                path.Sort();
                tree.Insert(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(path), 1);
            }
        }
        var prefix = new List<int>();
        MineTree(tree, prefix, minCount, maxLength, itemOfRank, found, new List<int>());
    }

    static void MineTree(FpTree tree, List<int> prefix, int minCount, int maxLength, int[] itemOfRank,
        List<FrequentItemset> found, List<int> buffer)
    {
        for (var r = tree.Ranks - 1; r >= 0; r--)
        {
            var support = tree.ItemCount[r];
            if (support < minCount)
            {
                continue;
            }
            prefix.Add(r);
            found.Add(new FrequentItemset(ItemsetMiner.ToItems(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(prefix), itemOfRank), support));
            if (prefix.Count < maxLength && r > 0)
            {
                // Counts of the items above r's nodes (the conditional pattern base).
                var local = new int[r];
                var nodes = 0;
                for (var node = tree.Head[r]; node >= 0; node = tree.NextSame[node])
                {
                    var c = tree.Count[node];
                    for (var p = tree.Parent[node]; p > 0; p = tree.Parent[p])
                    {
                        local[tree.Item[p]] += c;
                        nodes++;
                    }
                }
                var any = false;
                for (var x = 0; x < r && !any; x++)
                {
                    any = local[x] >= minCount;
                }
                if (any)
                {
                    var conditional = new FpTree(r, nodes + 1);
                    for (var node = tree.Head[r]; node >= 0; node = tree.NextSame[node])
                    {
                        buffer.Clear();
                        for (var p = tree.Parent[node]; p > 0; p = tree.Parent[p])
                        {
                            if (local[tree.Item[p]] >= minCount)
                            {
                                buffer.Add(tree.Item[p]);
                            }
                        }
                        if (buffer.Count > 0)
                        {
                            // Walking up gave descending ranks; the tree takes them most frequent (lowest rank) first.
                            buffer.Reverse();
                            conditional.Insert(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(buffer), tree.Count[node]);
                        }
                    }
                    MineTree(conditional, prefix, minCount, maxLength, itemOfRank, found, buffer);
                }
            }
            prefix.RemoveAt(prefix.Count - 1);
        }
    }
}

/// <summary>An FP-tree over item ranks 0..Ranks-1 in flat arrays; node 0 is the root.</summary>
sealed class FpTree
{
    public int[] Item;
    public int[] Count;
    public int[] Parent;
    int[] _firstChild;
    int[] _nextSibling;
    public int[] NextSame;
    int _nodes;

    public FpTree(int ranks, int capacity)
    {
        Ranks = ranks;
        capacity = Math.Max(capacity, 4);
        Item = new int[capacity];
        Count = new int[capacity];
        Parent = new int[capacity];
        _firstChild = new int[capacity];
        _nextSibling = new int[capacity];
        NextSame = new int[capacity];
        Head = new int[ranks];
        Array.Fill(Head, -1);
        ItemCount = new int[ranks];
        _nodes = 1;
        Item[0] = -1;
        Parent[0] = -1;
        _firstChild[0] = -1;
        _nextSibling[0] = -1;
    }

    /// <summary>Number of item ranks the tree may hold.</summary>
    public int Ranks { get; }

    /// <summary>First node of each rank (then <see cref="NextSame"/>), -1 when absent.</summary>
    public int[] Head { get; }

    /// <summary>Total count of each rank in the tree.</summary>
    public int[] ItemCount { get; }

    /// <summary>Adds a path of ascending ranks with weight <paramref name="count"/>.</summary>
    public void Insert(ReadOnlySpan<int> ranks, int count)
    {
        var node = 0;
        foreach (var r in ranks)
        {
            var child = _firstChild[node];
            while (child >= 0 && Item[child] != r)
            {
                child = _nextSibling[child];
            }
            if (child < 0)
            {
                child = NewNode(r, node);
            }
            Count[child] += count;
            ItemCount[r] += count;
            node = child;
        }
    }

    int NewNode(int rank, int parent)
    {
        if (_nodes == Item.Length)
        {
            var size = Item.Length * 2;
            Array.Resize(ref Item, size);
            Array.Resize(ref Count, size);
            Array.Resize(ref Parent, size);
            Array.Resize(ref _firstChild, size);
            Array.Resize(ref _nextSibling, size);
            Array.Resize(ref NextSame, size);
        }
        var n = _nodes++;
        Item[n] = rank;
        Count[n] = 0;
        Parent[n] = parent;
        _firstChild[n] = -1;
        _nextSibling[n] = _firstChild[parent];
        _firstChild[parent] = n;
        NextSame[n] = Head[rank];
        Head[rank] = n;
        return n;
    }
}
