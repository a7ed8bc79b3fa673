using System.Globalization;

namespace Valora.Analytics.Clustering;

/// <summary>
/// Chooses k for k-means: fits every k in a range and keeps the one with the highest silhouette; the inertia of each k
/// (the elbow curve) and the other indices are reported beside it.
/// </summary>
public static class KSelection
{
    /// <summary>Fits k = <paramref name="minK"/>..<paramref name="maxK"/> and picks the best silhouette (ties: smaller k).</summary>
    /// <param name="points">Prepared features.</param>
    /// <param name="minK">Smallest k, ≥ 2.</param>
    /// <param name="maxK">Largest k, ≥ minK and ≤ n − 1.</param>
    /// <param name="options">k-means settings (its Clusters is ignored).</param>
    /// <param name="exactSilhouetteLimit">Above this many points, silhouettes are sampled estimates (see
    /// <see cref="ClusterQuality.Evaluate"/>).</param>
    public static KSelectionResult Choose(FeatureMatrix points, int minK, int maxK, KMeansOptions? options = null,
        int exactSilhouetteLimit = ClusterQuality.DefaultExactSilhouetteLimit)
    {
        ArgumentNullException.ThrowIfNull(points);
        options ??= new KMeansOptions();
        if (minK < 2 || maxK < minK || maxK > points.Rows - 1)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"The k range must satisfy 2 ≤ min ≤ max ≤ n − 1 = {points.Rows - 1} but was {minK}..{maxK}."), nameof(minK));
        }
        var candidates = new List<KCandidate>();
        KMeansModel? best = null;
        var bestScore = double.NegativeInfinity;
        for (var k = minK; k <= maxK; k++)
        {
            var model = KMeans.Fit(points, options with { Clusters = k });
            var scores = ClusterQuality.Evaluate(points, model.Labels, exactSilhouetteLimit, seed: options.Seed);
            candidates.Add(new KCandidate(k, model.Inertia, scores));
            var s = scores.Silhouette ?? double.NegativeInfinity;
            if (s > bestScore)
            {
                bestScore = s;
                best = model;
            }
        }
        return new KSelectionResult(best!.Clusters, best, candidates, Elbow(candidates));
    }

    /// <summary>
    /// The elbow of the inertia curve: the k whose point lies farthest from the straight line joining the first and
    /// last (k, inertia) points, both axes scaled to [0, 1] (the "kneedle" idea, Satopää et al. 2011). Null with
    /// fewer than three candidates.
    /// </summary>
    public static int? Elbow(IReadOnlyList<KCandidate> candidates)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        if (candidates.Count < 3)
        {
            return null;
        }
        var first = candidates[0];
        var last = candidates[^1];
        var spanK = last.K - first.K;
        var spanI = first.Inertia - last.Inertia;
        if (spanI <= 0)
        {
            return null;
        }
        var best = first.K;
        var bestGap = double.NegativeInfinity;
        foreach (var c in candidates)
        {
            var x = (double)(c.K - first.K) / spanK;
            var y = (first.Inertia - c.Inertia) / spanI;
            var gap = y - x;
            if (gap > bestGap)
            {
                bestGap = gap;
                best = c.K;
            }
        }
        return best;
    }
}

/// <summary>The k-means fit of one k: its inertia (elbow curve) and quality.</summary>
public sealed record KCandidate(int K, double Inertia, ClusterScores Scores);

/// <summary>The chosen k, its model, every candidate and the elbow of the inertia curve.</summary>
public sealed record KSelectionResult(int ChosenK, KMeansModel Model, IReadOnlyList<KCandidate> Candidates, int? ElbowK);
