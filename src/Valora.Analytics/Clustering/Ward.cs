using System.Globalization;

namespace Valora.Analytics.Clustering;

/// <summary>
/// Agglomerative clustering with Ward's criterion (Ward 1963, J. Am. Stat. Assoc. 58, 236–244) by the
/// nearest-neighbour-chain algorithm (Benzécri 1982; Murtagh 1983; Müllner 2011, "Modern hierarchical, agglomerative
/// clustering algorithms", arXiv:1109.2378, fig. 4 and §3.3).
/// </summary>
/// <remarks>
/// <para><b>Heights</b> are those of scipy's <c>linkage(method='ward')</c>: merging clusters A and B costs
/// d(A, B) = √(2·|A|·|B| / (|A| + |B|)) · ‖c_A − c_B‖ (c = centroid), so two single points merge at their Euclidean
/// distance and the height is √(2 · increase in total within-cluster sum of squares).</para>
/// <para><b>Time and memory.</b> The chain follows nearest neighbours until two clusters are each other's nearest
/// (ties prefer the previous chain element, which guarantees termination) and merges them; Ward's criterion is
/// reducible, so such a pair is also merged by the greedy algorithm. Each nearest-neighbour search scans the active
/// clusters using their centroids and sizes (no distance matrix), so time is O(n²·d) and memory O(n·d) — the centroids
/// — plus O(n) for the chain and the merges.</para>
/// <para><b>Large populations.</b> Above <see cref="WardOptions.MaxExactPoints"/> points, the tree is built on a
/// seeded random sample of that many points and every other point is assigned to the cluster with the nearest centroid
/// (<see cref="WardResult.Sampled"/> says so).</para>
/// </remarks>
public static class Ward
{
    /// <summary>The full merge tree of all points (n − 1 merges in increasing height, scipy's linkage format).</summary>
    /// <exception cref="ArgumentException">No points.</exception>
    public static Dendrogram Tree(FeatureMatrix points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var n = points.Rows;
        if (n == 0)
        {
            throw new ArgumentException("There are no points to cluster.", nameof(points));
        }
        var d = points.Columns;
        var centroid = (double[])points.Values.Clone();
        var size = Enumerable.Repeat(1L, n).ToArray();
        var leaf = Enumerable.Range(0, n).ToArray(); // a leaf of each slot's cluster, for the relabelling
        var active = Enumerable.Range(0, n).ToArray();
        var position = Enumerable.Range(0, n).ToArray();
        var activeCount = n;
        var chain = new int[n];
        var chainLength = 0;
        var raw = new List<(int LeafA, int LeafB, double Height)>(n - 1);

        double Cost(int a, int b)
        {
            var na = size[a];
            var nb = size[b];
            return 2.0 * na * nb / (na + nb) * KMeans.SquaredDistance(centroid.AsSpan(a * d, d), centroid.AsSpan(b * d, d));
        }

        while (activeCount > 1)
        {
            if (chainLength == 0)
            {
                chain[chainLength++] = active[0];
            }
            int a, b;
            double cost;
            while (true)
            {
                a = chain[chainLength - 1];
                var previous = chainLength >= 2 ? chain[chainLength - 2] : -1;
                var best = previous;
                var bestCost = previous >= 0 ? Cost(a, previous) : double.PositiveInfinity;
                for (var i = 0; i < activeCount; i++)
                {
                    var c = active[i];
                    if (c == a || c == previous)
                    {
                        continue;
                    }
                    var cc = Cost(a, c);
                    if (cc < bestCost)
                    {
                        bestCost = cc;
                        best = c;
                    }
                }
                if (best == previous)
                {
                    b = previous;
                    cost = bestCost;
                    chainLength -= 2;
                    break;
                }
                chain[chainLength++] = best;
            }
            raw.Add((leaf[a], leaf[b], Math.Sqrt(cost)));
            // The merged cluster lives in slot a; slot b leaves the active list.
            var total = size[a] + size[b];
            for (var f = 0; f < d; f++)
            {
                centroid[a * d + f] = (size[a] * centroid[a * d + f] + size[b] * centroid[b * d + f]) / total;
            }
            size[a] = total;
            var at = position[b];
            var last = active[--activeCount];
            active[at] = last;
            position[last] = at;
        }
        return Dendrogram.FromMerges(n, raw);
    }

    /// <summary>Cuts Ward's tree into <paramref name="clusters"/> clusters (see <see cref="WardOptions"/> for large n).</summary>
    public static WardResult Fit(FeatureMatrix points, int clusters) => Fit(points, new WardOptions { Clusters = clusters });

    /// <summary>Ward clustering into <see cref="WardOptions.Clusters"/> clusters.</summary>
    /// <exception cref="ArgumentException">Clusters outside 1..n, or MaxExactPoints below 2.</exception>
    public static WardResult Fit(FeatureMatrix points, WardOptions options)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(options);
        var n = points.Rows;
        var k = options.Clusters;
        if (k < 1 || k > n)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"Clusters must be between 1 and the number of points ({n}) but was {k}."), nameof(options));
        }
        if (options.MaxExactPoints < 2)
        {
            throw new ArgumentException("MaxExactPoints must be at least 2.", nameof(options));
        }
        if (n <= options.MaxExactPoints)
        {
            var tree = Tree(points);
            return new WardResult(tree.Cut(k), k, tree, false, n);
        }
        // Sample, build the tree on it, then assign every point to the nearest cluster centroid of the sample.
        var m = options.MaxExactPoints;
        var random = new Random(options.Seed);
        var order = Enumerable.Range(0, n).ToArray();
        for (var i = 0; i < m; i++)
        {
            var j = i + random.Next(n - i);
            (order[i], order[j]) = (order[j], order[i]);
        }
        var chosen = order[..m];
        Array.Sort(chosen);
        var d = points.Columns;
        var sample = new double[m * d];
        for (var i = 0; i < m; i++)
        {
            Array.Copy(points.Values, chosen[i] * d, sample, i * d, d);
        }
        var sampleTree = Tree(new FeatureMatrix(sample, points.Names));
        var sampleLabels = sampleTree.Cut(Math.Min(k, m));
        var kk = sampleLabels.Max() + 1;
        var centroids = new double[kk * d];
        var counts = new int[kk];
        for (var i = 0; i < m; i++)
        {
            counts[sampleLabels[i]]++;
            for (var f = 0; f < d; f++)
            {
                centroids[sampleLabels[i] * d + f] += sample[i * d + f];
            }
        }
        for (var c = 0; c < kk; c++)
        {
            for (var f = 0; f < d; f++)
            {
                centroids[c * d + f] /= counts[c];
            }
        }
        var labels = new int[n];
        Parallel.For(0, n, r => labels[r] = KMeans.Nearest(points.Row(r), centroids, kk, out _));
        return new WardResult(labels, kk, sampleTree, true, m);
    }
}

/// <summary>Settings for <see cref="Ward.Fit(FeatureMatrix, WardOptions)"/>.</summary>
public sealed record WardOptions
{
    /// <summary>Default exact-tree limit: the O(n²) tree takes seconds at this size.</summary>
    public const int DefaultMaxExactPoints = 30_000;

    /// <summary>Number of clusters to cut the tree into.</summary>
    public int Clusters { get; init; } = 3;

    /// <summary>Above this many points, fit on a random sample of this size and assign the rest to the nearest cluster centroid.</summary>
    public int MaxExactPoints { get; init; } = DefaultMaxExactPoints;

    /// <summary>Seed of the sample (used only above <see cref="MaxExactPoints"/>).</summary>
    public int Seed { get; init; }
}

/// <summary>A Ward partition.</summary>
/// <param name="Labels">Cluster 0..Clusters−1 per point, numbered in order of first appearance.</param>
/// <param name="Clusters">Number of clusters.</param>
/// <param name="Tree">The merge tree (of the sample when <paramref name="Sampled"/>).</param>
/// <param name="Sampled">True when the tree was built on a sample and the other points assigned to the nearest centroid.</param>
/// <param name="TreePoints">Points the tree was built on.</param>
public sealed record WardResult(int[] Labels, int Clusters, Dendrogram Tree, bool Sampled, int TreePoints);
