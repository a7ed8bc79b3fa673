using System.Globalization;

namespace Valora.Analytics.Clustering;

/// <summary>
/// DBSCAN (Ester, Kriegel, Sander &amp; Xu 1996, "A density-based algorithm for discovering clusters in large spatial
/// databases with noise", KDD-96), with a <see cref="KdTree"/> for the ε-neighbourhood queries.
/// </summary>
/// <remarks>
/// <para><b>Definition.</b> Core points have ≥ MinPoints points (themselves included) within ε; clusters are the
/// connected components of core points linked when within ε of each other; a non-core point within ε of a core point
/// is a border point; every other point is noise (−1).</para>
/// <para><b>Border points and numbering (deterministic).</b> Points are visited in row order; each unlabelled core point
/// starts a new cluster (numbered 0, 1, … in that order) that is expanded completely before the next starts. A border
/// point within ε of core points of several clusters therefore belongs to the one numbered lowest — the cluster whose
/// lowest-row core point comes first. This is exactly what scikit-learn's <c>DBSCAN</c> does, so labels agree with it
/// point for point.</para>
/// <para><b>Memory.</b> Neighbourhoods are never stored: one pass counts each point's neighbours (in parallel) to find
/// the core points, and the expansion queries each core point's neighbourhood once more. Beyond the tree (O(n·d)) memory
/// is O(n) for the labels, core flags and the expansion stack.</para>
/// </remarks>
public static class Dbscan
{
    /// <summary>Clusters with radius <paramref name="epsilon"/> and <paramref name="minPoints"/>.</summary>
    public static DbscanResult Fit(FeatureMatrix points, double epsilon, int minPoints) =>
        Fit(points, new DbscanOptions { Epsilon = epsilon, MinPoints = minPoints });

    /// <summary>Clusters the points.</summary>
    /// <exception cref="ArgumentException">ε not positive and finite, or MinPoints below 1.</exception>
    public static DbscanResult Fit(FeatureMatrix points, DbscanOptions options)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(options);
        if (!(options.Epsilon > 0) || !double.IsFinite(options.Epsilon))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Epsilon must be a positive number but was {options.Epsilon}."), nameof(options));
        }
        if (options.MinPoints < 1)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"MinPoints must be at least 1 but was {options.MinPoints}."), nameof(options));
        }
        var n = points.Rows;
        var eps = options.Epsilon;
        var tree = new KdTree(points);
        var core = new bool[n];
        Parallel.For(0, n, new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism ?? -1 },
            i => core[i] = tree.CountWithin(points.Row(i), eps) >= options.MinPoints);

        var labels = new int[n];
        Array.Fill(labels, -1);
        var stack = new Stack<int>();
        var neighbours = new List<int>();
        var clusters = 0;
        for (var i = 0; i < n; i++)
        {
            if (labels[i] != -1 || !core[i])
            {
                continue;
            }
            var cluster = clusters++;
            labels[i] = cluster;
            stack.Push(i);
            while (stack.TryPop(out var p))
            {
                neighbours.Clear();
                tree.Within(points.Row(p), eps, neighbours);
                foreach (var q in neighbours)
                {
                    if (labels[q] != -1)
                    {
                        continue;
                    }
                    labels[q] = cluster;
                    if (core[q])
                    {
                        stack.Push(q);
                    }
                }
            }
        }
        var coreCount = core.Count(c => c);
        var noise = labels.Count(l => l < 0);
        return new DbscanResult(labels, core, clusters, coreCount, noise);
    }
}

/// <summary>A DBSCAN partition.</summary>
/// <param name="Labels">Cluster 0..Clusters−1 per point, −1 for noise.</param>
/// <param name="IsCore">Whether each point is a core point.</param>
/// <param name="Clusters">Number of clusters.</param>
/// <param name="CorePoints">Number of core points.</param>
/// <param name="Noise">Number of noise points.</param>
public sealed record DbscanResult(int[] Labels, bool[] IsCore, int Clusters, int CorePoints, int Noise);
