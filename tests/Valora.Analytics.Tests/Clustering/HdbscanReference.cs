namespace Valora.Analytics.Tests.Clustering;

/// <summary>
/// A naive HDBSCAN written from Campello et al.'s definitions, independently of <c>Hdbscan</c>: the full n × n mutual
/// reachability matrix, Kruskal's spanning tree, and the condensed tree found level by level — at each distinct spanning
/// tree weight d (descending), every live cluster is split into the connected components of the edges lighter than d;
/// components of ≥ MinClusterSize points are clusters born at λ = 1/d (or the cluster carrying on, when only one is),
/// the rest of its points fall out at λ. Stabilities, excess of mass and labels as defined. O(n²) memory: tests only.
/// </summary>
internal static class HdbscanReference
{
    public sealed record Result(int[] Labels, double[] SelectedStabilities);

    public static Result Fit(double[][] points, int minClusterSize, int minSamples)
    {
        var n = points.Length;
        var distance = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                distance[i, j] = Math.Sqrt(points[i].Zip(points[j], (a, b) => (a - b) * (a - b)).Sum());
            }
        }
        var core = Enumerable.Range(0, n).Select(i => Enumerable.Range(0, n).Select(j => distance[i, j]).Order().ElementAt(minSamples - 1)).ToArray();
        var pairs = new List<(int A, int B, double W)>();
        for (var i = 0; i < n; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                pairs.Add((i, j, Math.Max(Math.Max(core[i], core[j]), distance[i, j])));
            }
        }
        var forest = Enumerable.Range(0, n).ToArray();
        int Find(int[] p, int x) => p[x] == x ? x : p[x] = Find(p, p[x]);
        var mst = new List<(int A, int B, double W)>();
        foreach (var e in pairs.OrderBy(e => e.W))
        {
            int a = Find(forest, e.A), b = Find(forest, e.B);
            if (a != b)
            {
                forest[a] = b;
                mst.Add(e);
            }
        }

        // Clusters: parent, birth λ, live points; per point the cluster it fell out of and when.
        var parent = new List<int> { -1 };
        var birth = new List<double> { 0 };
        var stability = new List<double> { 0 };
        var live = new Dictionary<int, List<int>> { [0] = [.. Enumerable.Range(0, n)] };
        var fellFrom = new int[n];
        foreach (var d in mst.Select(e => e.W).Distinct().OrderDescending())
        {
            var lambda = 1 / d;
            var components = Enumerable.Range(0, n).ToArray();
            foreach (var e in mst.Where(e => e.W < d))
            {
                components[Find(components, e.A)] = Find(components, e.B);
            }
            foreach (var (c, members) in live.ToArray())
            {
                var groups = members.GroupBy(p => Find(components, p)).Select(g => g.ToList()).ToList();
                var big = groups.Where(g => g.Count >= minClusterSize).ToList();
                foreach (var p in groups.Where(g => g.Count < minClusterSize).SelectMany(g => g))
                {
                    fellFrom[p] = c;
                    stability[c] += lambda - birth[c];
                }
                if (big.Count == 1)
                {
                    live[c] = big[0];
                    continue;
                }
                live.Remove(c);
                foreach (var g in big)
                {
                    stability[c] += g.Count * (lambda - birth[c]);
                    parent.Add(c);
                    birth.Add(lambda);
                    stability.Add(0);
                    live[parent.Count - 1] = g;
                }
            }
        }

        // Excess of mass, the root excluded: bottom up (children were created after their parents).
        var k = parent.Count;
        var best = stability.ToArray();
        var keep = new bool[k];
        var subtree = new double[k];
        for (var c = k - 1; c >= 1; c--)
        {
            keep[c] = subtree[c] <= best[c];
            best[c] = Math.Max(best[c], subtree[c]);
            subtree[parent[c]] += best[c];
        }
        var selected = new bool[k];
        for (var c = 1; c < k; c++)
        {
            var a = parent[c];
            var blocked = false;
            while (a > 0)
            {
                blocked |= keep[a];
                a = parent[a];
            }
            selected[c] = keep[c] && !blocked;
        }
        var labels = new int[n];
        for (var p = 0; p < n; p++)
        {
            var c = fellFrom[p];
            while (c > 0 && !selected[c])
            {
                c = parent[c];
            }
            labels[p] = c > 0 ? c : -1;
        }
        return new Result(labels, [.. Enumerable.Range(0, k).Where(c => selected[c]).Select(c => stability[c]).Order()]);
    }
}
