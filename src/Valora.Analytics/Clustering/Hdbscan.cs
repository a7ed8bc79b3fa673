using System.Globalization;

namespace Valora.Analytics.Clustering;

/// <summary>
/// HDBSCAN (Campello, Moulavi &amp; Sander 2013, "Density-based clustering based on hierarchical density estimates",
/// PAKDD; McInnes, Healy &amp; Astels 2017, the hdbscan library), with a <see cref="KdTree"/> for the core distances.
/// </summary>
/// <remarks>
/// <para><b>Steps.</b> (1) Core distance of each point = distance to its MinSamples-th nearest point, the point itself
/// counted (scikit-learn's convention), found with the k-d tree. (2) Mutual reachability distance
/// d_mr(a, b) = max(core(a), core(b), ‖a − b‖). (3) A minimum spanning tree of the complete d_mr graph: up to
/// <see cref="PrimLimit"/> points by Prim, computing d_mr on the fly (O(n²·d) time, O(n) memory — no n × n matrix);
/// above, by Borůvka with nearest-other-component searches in the k-d tree (see <see cref="HdbscanSpanningTree"/>).
/// (4) Single-linkage hierarchy from the tree's edges sorted by weight (equal weights in the order the spanning tree
/// found them; the side of an edge's lower row is the left child). (5) Condensed tree with λ = 1/d: walking down from the root,
/// a split is a real split only when both sides have ≥ MinClusterSize points; otherwise the smaller side's points fall
/// out of the cluster at that λ, and the cluster lives on under the same id. (6) Stability of a cluster C =
/// Σ over its points and child clusters (λ_leave − λ_birth(C)) · size. (7) Excess of mass: bottom up, a cluster is kept
/// when its own stability is at least the sum of its selected descendants'; or with <see cref="HdbscanSelection.Leaf"/>
/// the leaves of the cluster tree. The root is not a candidate unless AllowSingleCluster.</para>
/// <para><b>Outputs, as the hdbscan library defines them.</b> Labels 0..k−1 numbered in condensed-tree order (the order
/// clusters are born walking down breadth first), −1 for noise. Probability of a clustered point = min(λ_p, λ_max(C)) /
/// λ_max(C) with λ_p the λ at which the point leaves the tree and λ_max(C) the largest λ among C's direct children
/// (1 when λ_max is 0 or λ_p infinite); 0 for noise. <see cref="HdbscanResult.Stabilities"/> are the raw stabilities;
/// <see cref="HdbscanResult.Persistence"/> is the library's <c>cluster_persistence_</c>, stability / (size · largest λ of
/// the whole tree), in [0, 1].</para>
/// <para><b>Ties.</b> Where mutual reachability distances tie (common: d_mr is often a core distance), the graph has
/// several minimum spanning trees. They share their merge heights, but the order of merges at one height can decide
/// whether a point joining there falls out of the parent (noise) or of a child cluster; Prim and Borůvka may then
/// differ on such points. Each is deterministic (ties broken by rows).</para>
/// <para><b>Duplicates.</b> Points at distance 0 give λ = ∞, as in the library; a stability term ∞ − ∞ (a cluster born
/// at λ = ∞) counts 0.</para>
/// </remarks>
public static class Hdbscan
{
    /// <summary>Above this many points <see cref="HdbscanSpanningTree.Auto"/> builds the spanning tree by Borůvka.</summary>
    public const int PrimLimit = 2000;

    /// <summary>Clusters with <paramref name="minClusterSize"/> and MinSamples = MinClusterSize, excess of mass.</summary>
    public static HdbscanResult Fit(FeatureMatrix points, int minClusterSize) =>
        Fit(points, new HdbscanOptions { MinClusterSize = minClusterSize });

    /// <summary>Clusters the points.</summary>
    /// <exception cref="ArgumentException">MinClusterSize below 2, MinSamples below 1 or above the number of points.</exception>
    public static HdbscanResult Fit(FeatureMatrix points, HdbscanOptions options)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(options);
        if (options.MinClusterSize < 2)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"MinClusterSize must be at least 2 but was {options.MinClusterSize}."), nameof(options));
        }
        var minSamples = options.EffectiveMinSamples;
        if (minSamples < 1)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"MinSamples must be at least 1 but was {minSamples}."), nameof(options));
        }
        var n = points.Rows;
        if (minSamples > n)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"MinSamples ({minSamples}) must not exceed the number of points ({n})."), nameof(options));
        }
        if (!Enum.IsDefined(options.Selection))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Selection {options.Selection} is not eom or leaf."), nameof(options));
        }
        var tree = new KdTree(points);
        var core = new double[n];
        Parallel.For(0, n, new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism ?? -1 },
            i => core[i] = tree.KthNearestDistance(points.Row(i), minSamples));
        if (n < 2)
        {
            return new HdbscanResult(new int[n].Select(_ => -1).ToArray(), new double[n], [], [], core, [], 0, n) { MergeDistances = [] };
        }
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism ?? -1 };
        var boruvka = options.SpanningTree == HdbscanSpanningTree.Boruvka || (options.SpanningTree == HdbscanSpanningTree.Auto && n > PrimLimit);
        var edges = boruvka ? BoruvkaSpanningTree(points, tree, core, parallel) : PrimSpanningTree(points, core);
        var hierarchy = SingleLinkage(edges, n);
        var condensed = Condense(hierarchy, n, options.MinClusterSize);
        return Select(condensed, n, options, core) with { MergeDistances = [.. hierarchy.Select(h => h.Distance)] };
    }

    /// <summary>Prim's algorithm on the complete mutual-reachability graph, d_mr computed on the fly.</summary>
    static (int A, int B, double Weight)[] PrimSpanningTree(FeatureMatrix points, double[] core)
    {
        var n = points.Rows;
        var inTree = new bool[n];
        var best = new double[n];
        var from = new int[n];
        Array.Fill(best, double.PositiveInfinity);
        var edges = new (int, int, double)[n - 1];
        var current = 0;
        inTree[0] = true;
        for (var step = 0; step < n - 1; step++)
        {
            var x = points.Row(current);
            var coreCurrent = core[current];
            var next = -1;
            var nextWeight = double.PositiveInfinity;
            for (var j = 0; j < n; j++)
            {
                if (inTree[j])
                {
                    continue;
                }
                var d = Math.Max(Math.Max(coreCurrent, core[j]), Math.Sqrt(KMeans.SquaredDistance(x, points.Row(j))));
                if (d < best[j])
                {
                    best[j] = d;
                    from[j] = current;
                }
                if (next < 0 || best[j] < nextWeight)
                {
                    nextWeight = best[j];
                    next = j;
                }
            }
            edges[step] = (Math.Min(from[next], next), Math.Max(from[next], next), nextWeight);
            inTree[next] = true;
            current = next;
        }
        return edges;
    }

    /// <summary>Borůvka's algorithm: each round every component takes its lightest edge to another component (ties broken
    /// by the rows, so the choices are consistent and form no cycle) until one component remains; ≤ log₂ n rounds.</summary>
    static (int A, int B, double Weight)[] BoruvkaSpanningTree(FeatureMatrix points, KdTree tree, double[] core, ParallelOptions parallel)
    {
        var n = points.Rows;
        var parent = Enumerable.Range(0, n).ToArray();
        int Find(int x)
        {
            while (parent[x] != x)
            {
                parent[x] = parent[parent[x]];
                x = parent[x];
            }
            return x;
        }
        var component = new int[n];
        var nodeComponent = new int[tree.NodeCount];
        var nodeMinCore = new double[tree.NodeCount];
        var nearest = new (int Row, double Distance)[n];
        var edges = new List<(int, int, double)>(n - 1);
        var bestOf = new Dictionary<int, (int A, int B, double W)>();
        while (edges.Count < n - 1)
        {
            for (var i = 0; i < n; i++)
            {
                component[i] = Find(i);
            }
            tree.Summarise(component, core, nodeComponent, nodeMinCore);
            Parallel.For(0, n, parallel, i => nearest[i] = tree.NearestOtherComponent(i, points.Row(i), core, component, nodeComponent, nodeMinCore));
            bestOf.Clear();
            for (var i = 0; i < n; i++)
            {
                var (j, w) = nearest[i];
                if (j < 0)
                {
                    continue;
                }
                var edge = (A: Math.Min(i, j), B: Math.Max(i, j), W: w);
                if (!bestOf.TryGetValue(component[i], out var held) || Lighter(edge, held))
                {
                    bestOf[component[i]] = edge;
                }
            }
            foreach (var (a, b, w) in bestOf.Values.OrderBy(e => e.W).ThenBy(e => e.A).ThenBy(e => e.B))
            {
                var ra = Find(a);
                var rb = Find(b);
                if (ra != rb)
                {
                    parent[Math.Max(ra, rb)] = Math.Min(ra, rb);
                    edges.Add((a, b, w));
                }
            }
        }
        return [.. edges];

        static bool Lighter((int A, int B, double W) x, (int A, int B, double W) y) =>
            x.W < y.W || (x.W == y.W && (x.A < y.A || (x.A == y.A && x.B < y.B)));
    }

    /// <summary>Merges (left, right, distance, size) with node ids n, n+1, … for the merges, as scipy and the library.</summary>
    static (int Left, int Right, double Distance, int Size)[] SingleLinkage((int A, int B, double Weight)[] edges, int n)
    {
        var sorted = edges.OrderBy(e => e.Weight).ToArray(); // stable: ties keep Prim's order
        var parent = new int[2 * n - 1];
        var size = new int[2 * n - 1];
        for (var i = 0; i < parent.Length; i++)
        {
            parent[i] = i;
            size[i] = i < n ? 1 : 0;
        }
        int Find(int x)
        {
            var root = x;
            while (parent[root] != root)
            {
                root = parent[root];
            }
            while (parent[x] != root)
            {
                (parent[x], x) = (root, parent[x]);
            }
            return root;
        }
        var merges = new (int, int, double, int)[n - 1];
        for (var i = 0; i < sorted.Length; i++)
        {
            var a = Find(sorted[i].A);
            var b = Find(sorted[i].B);
            var node = n + i;
            size[node] = size[a] + size[b];
            parent[a] = node;
            parent[b] = node;
            merges[i] = (a, b, sorted[i].Weight, size[node]);
        }
        return merges;
    }

    /// <summary>The condensed tree (the library's <c>condense_tree</c>): root id n, new clusters n+1, … in breadth-first order.</summary>
    static List<HdbscanEdge> Condense((int Left, int Right, double Distance, int Size)[] hierarchy, int n, int minClusterSize)
    {
        var root = 2 * n - 2;
        var relabel = new int[root + 1];
        relabel[root] = n;
        var nextLabel = n + 1;
        var ignore = new bool[root + 1];
        var result = new List<HdbscanEdge>(2 * n);
        var queue = new Queue<int>();
        var sub = new Queue<int>();
        queue.Enqueue(root);
        int Count(int node) => node >= n ? hierarchy[node - n].Size : 1;
        void FallOut(int top, int parent, double lambda)
        {
            sub.Clear();
            sub.Enqueue(top);
            while (sub.TryDequeue(out var s))
            {
                ignore[s] = true;
                if (s < n)
                {
                    result.Add(new HdbscanEdge(parent, s, lambda, 1));
                    continue;
                }
                sub.Enqueue(hierarchy[s - n].Left);
                sub.Enqueue(hierarchy[s - n].Right);
            }
        }
        while (queue.TryDequeue(out var node))
        {
            if (node < n || ignore[node])
            {
                continue;
            }
            var (left, right, distance, _) = hierarchy[node - n];
            queue.Enqueue(left);
            queue.Enqueue(right);
            var lambda = distance > 0 ? 1 / distance : double.PositiveInfinity;
            var leftCount = Count(left);
            var rightCount = Count(right);
            var label = relabel[node];
            if (leftCount >= minClusterSize && rightCount >= minClusterSize)
            {
                relabel[left] = nextLabel++;
                result.Add(new HdbscanEdge(label, relabel[left], lambda, leftCount));
                relabel[right] = nextLabel++;
                result.Add(new HdbscanEdge(label, relabel[right], lambda, rightCount));
            }
            else if (leftCount < minClusterSize && rightCount < minClusterSize)
            {
                FallOut(left, label, lambda);
                FallOut(right, label, lambda);
            }
            else if (leftCount < minClusterSize)
            {
                relabel[right] = label;
                FallOut(left, label, lambda);
            }
            else
            {
                relabel[left] = label;
                FallOut(right, label, lambda);
            }
        }
        return result;
    }

    static HdbscanResult Select(List<HdbscanEdge> tree, int n, HdbscanOptions options, double[] core)
    {
        var clusterCount = tree.Count == 0 ? 1 : tree.Max(e => Math.Max(e.Parent, e.Child)) - n + 1;
        clusterCount = Math.Max(clusterCount, 1);
        var birth = new double[clusterCount];
        var clusterParent = new int[clusterCount];
        clusterParent[0] = -1;
        var pointParent = new int[n];
        var pointLambda = new double[n];
        foreach (var e in tree)
        {
            if (e.Child >= n)
            {
                birth[e.Child - n] = e.Lambda;
                clusterParent[e.Child - n] = e.Parent - n;
            }
            else
            {
                pointParent[e.Child] = e.Parent - n;
                pointLambda[e.Child] = e.Lambda;
            }
        }
        var stability = new double[clusterCount];
        var death = new double[clusterCount]; // largest λ among a cluster's direct children
        var hasChildCluster = new bool[clusterCount];
        foreach (var e in tree)
        {
            var p = e.Parent - n;
            var gain = double.IsPositiveInfinity(e.Lambda) && double.IsPositiveInfinity(birth[p]) ? 0 : (e.Lambda - birth[p]) * e.Size;
            stability[p] += gain;
            death[p] = Math.Max(death[p], e.Lambda);
            if (e.Child >= n)
            {
                hasChildCluster[p] = true;
            }
        }
        var selected = new bool[clusterCount];
        var first = options.AllowSingleCluster ? 0 : 1;
        if (options.Selection == HdbscanSelection.ExcessOfMass)
        {
            var best = (double[])stability.Clone();
            var subtree = new double[clusterCount];
            var keep = new bool[clusterCount];
            for (var c = clusterCount - 1; c >= first; c--) // children have larger ids than their parents
            {
                keep[c] = !(subtree[c] > best[c]);
                best[c] = keep[c] ? best[c] : subtree[c];
                if (c > 0)
                {
                    subtree[clusterParent[c]] += best[c];
                }
            }
            // A kept cluster is selected unless a kept ancestor (which deselects its whole subtree) lies above it.
            var blocked = new bool[clusterCount];
            for (var c = first; c < clusterCount; c++)
            {
                blocked[c] = c > 0 && (blocked[clusterParent[c]] || keep[clusterParent[c]]);
                selected[c] = keep[c] && !blocked[c];
            }
        }
        else
        {
            var leaves = 0;
            for (var c = 1; c < clusterCount; c++)
            {
                selected[c] = !hasChildCluster[c];
                leaves += selected[c] ? 1 : 0;
            }
            selected[0] = leaves == 0 && options.AllowSingleCluster;
        }

        // Labels: each cluster's nearest selected ancestor (itself included); parents come before children.
        var owner = new int[clusterCount];
        var number = new int[clusterCount];
        var clusters = 0;
        for (var c = 0; c < clusterCount; c++)
        {
            owner[c] = selected[c] ? c : c == 0 ? -1 : owner[clusterParent[c]];
            number[c] = selected[c] ? clusters++ : -1;
        }
        var labels = new int[n];
        var probabilities = new double[n];
        var sizes = new int[clusters];
        var rootAlone = clusters == 1 && selected[0];
        for (var i = 0; i < n; i++)
        {
            var c = owner[pointParent[i]];
            if (c < 0 || (c == 0 && !(rootAlone && pointLambda[i] >= death[0])))
            {
                labels[i] = -1;
                continue;
            }
            labels[i] = number[c];
            sizes[number[c]]++;
            var max = death[c];
            probabilities[i] = max == 0 || !double.IsFinite(pointLambda[i]) ? 1 : Math.Min(pointLambda[i], max) / max;
        }
        var maxLambda = tree.Count == 0 ? 0 : tree.Max(e => e.Lambda);
        var stabilities = new double[clusters];
        var persistence = new double[clusters];
        for (var c = 0; c < clusterCount; c++)
        {
            if (!selected[c])
            {
                continue;
            }
            var k = number[c];
            stabilities[k] = stability[c];
            persistence[k] = double.IsInfinity(maxLambda) || maxLambda == 0 || sizes[k] == 0 ? 1 : stability[c] / (sizes[k] * maxLambda);
        }
        return new HdbscanResult(labels, probabilities, stabilities, persistence, core, tree, clusters, labels.Count(l => l < 0));
    }
}

/// <summary>One row of the condensed tree: <paramref name="Child"/> (a point 0..n−1, or a cluster n, n+1, … with n the
/// root) leaves <paramref name="Parent"/> at <paramref name="Lambda"/> = 1/distance carrying <paramref name="Size"/> points.</summary>
public readonly record struct HdbscanEdge(int Parent, int Child, double Lambda, int Size);

/// <summary>An HDBSCAN partition.</summary>
/// <param name="Labels">Cluster 0..Clusters−1 per point, −1 for noise.</param>
/// <param name="Probabilities">Per point, the strength of its membership in its cluster (0..1; 0 for noise).</param>
/// <param name="Stabilities">Per cluster, its stability Σ (λ_leave − λ_birth) · size.</param>
/// <param name="Persistence">Per cluster, stability / (size · the tree's largest λ), as the library's <c>cluster_persistence_</c>.</param>
/// <param name="CoreDistances">Per point, the distance to its MinSamples-th nearest point (itself counted).</param>
/// <param name="CondensedTree">The condensed tree, parents before children.</param>
/// <param name="Clusters">Number of clusters.</param>
/// <param name="Noise">Number of noise points.</param>
public sealed record HdbscanResult(int[] Labels, double[] Probabilities, double[] Stabilities, double[] Persistence,
    double[] CoreDistances, IReadOnlyList<HdbscanEdge> CondensedTree, int Clusters, int Noise)
{
    /// <summary>The single-linkage merge heights in ascending order: the minimum spanning tree's weights, which are the
    /// same for every minimum spanning tree of the mutual reachability graph.</summary>
    public double[] MergeDistances { get; init; } = [];
}
