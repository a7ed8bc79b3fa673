namespace Valora.Analytics.Clustering;

/// <summary>
/// A merge tree in scipy's linkage format: n leaves 0..n−1; merge i joins clusters <see cref="Merge.Left"/> and
/// <see cref="Merge.Right"/> (leaf ids, or n + j for the cluster made by merge j) at <see cref="Merge.Height"/> into
/// cluster n + i. Merges are in increasing height (stable among equal heights).
/// </summary>
public sealed class Dendrogram
{
    Dendrogram(int leaves, Merge[] merges)
    {
        Leaves = leaves;
        Merges = merges;
    }

    /// <summary>Number of points.</summary>
    public int Leaves { get; }

    /// <summary>The n − 1 merges.</summary>
    public IReadOnlyList<Merge> Merges { get; }

    /// <summary>Sorts merges given as (a leaf of each side, height) by height and numbers them as scipy does.</summary>
    internal static Dendrogram FromMerges(int leaves, List<(int LeafA, int LeafB, double Height)> raw)
    {
        var sorted = raw.Select((m, i) => (m, i)).OrderBy(t => t.m.Height).ThenBy(t => t.i).Select(t => t.m).ToArray();
        var parent = Enumerable.Range(0, 2 * leaves).ToArray();
        var id = Enumerable.Range(0, leaves).ToArray(); // cluster id of each union-find root (a leaf)
        var size = Enumerable.Repeat(1, leaves).ToArray();
        var merges = new Merge[sorted.Length];
        for (var i = 0; i < sorted.Length; i++)
        {
            var ra = Find(parent, sorted[i].LeafA);
            var rb = Find(parent, sorted[i].LeafB);
            var (x, y) = (id[ra], id[rb]);
            merges[i] = new Merge(Math.Min(x, y), Math.Max(x, y), sorted[i].Height, size[ra] + size[rb]);
            parent[rb] = ra;
            size[ra] += size[rb];
            id[ra] = leaves + i;
        }
        return new Dendrogram(leaves, merges);
    }

    /// <summary>
    /// Labels of the partition into <paramref name="clusters"/> clusters: the tree without its last clusters − 1
    /// merges. Clusters are numbered 0, 1, … in order of their first point.
    /// </summary>
    public int[] Cut(int clusters)
    {
        if (clusters < 1 || clusters > Leaves)
        {
            throw new ArgumentOutOfRangeException(nameof(clusters), clusters, $"Clusters must be between 1 and {Leaves}.");
        }
        var parent = Enumerable.Range(0, 2 * Leaves).ToArray();
        for (var i = 0; i < Leaves - clusters; i++)
        {
            parent[Find(parent, Merges[i].Left)] = Leaves + i;
            parent[Find(parent, Merges[i].Right)] = Leaves + i;
        }
        var labels = new int[Leaves];
        var number = new Dictionary<int, int>();
        for (var p = 0; p < Leaves; p++)
        {
            var root = Find(parent, p);
            if (!number.TryGetValue(root, out var label))
            {
                label = number.Count;
                number[root] = label;
            }
            labels[p] = label;
        }
        return labels;
    }

    static int Find(int[] parent, int x)
    {
        while (parent[x] != x)
        {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        return x;
    }
}

/// <summary>One merge of a <see cref="Dendrogram"/>.</summary>
/// <param name="Left">The smaller id of the two clusters joined.</param>
/// <param name="Right">The larger id.</param>
/// <param name="Height">Merge height (for Ward: √(2·ΔSSE)).</param>
/// <param name="Size">Points in the new cluster.</param>
public readonly record struct Merge(int Left, int Right, double Height, int Size);
