namespace Valora.Analytics.Clustering;

/// <summary>
/// Internal validity indices of a partition, as scikit-learn computes them (Euclidean). Noise points (label −1) are
/// left out of every index.
/// </summary>
public static class ClusterQuality
{
    /// <summary>Up to this many points the silhouette in <see cref="Evaluate"/> is exact; above, it is estimated.</summary>
    public const int DefaultExactSilhouetteLimit = 20_000;

    /// <summary>Sample size of the silhouette estimate in <see cref="Evaluate"/> above the exact limit.</summary>
    public const int DefaultSilhouetteSample = 5_000;

    /// <summary>
    /// Davies–Bouldin index (Davies &amp; Bouldin 1979, IEEE PAMI 1(2)): the mean over clusters i of
    /// max over j ≠ i of (S_i + S_j) / ‖c_i − c_j‖, S_i = mean distance of cluster i's points to its centroid c_i.
    /// Lower is better; 0 when every centroid coincides (scikit-learn's convention).
    /// </summary>
    public static double DaviesBouldin(FeatureMatrix points, IReadOnlyList<int> labels)
    {
        ArgumentNullException.ThrowIfNull(points);
        var set = LabelSet.From(labels, points.Rows, 2);
        var (centroids, _) = Centroids(points, set);
        var d = points.Columns;
        var k = set.Clusters;
        var spread = new double[k];
        for (var r = 0; r < points.Rows; r++)
        {
            var c = set.Compact[r];
            if (c >= 0)
            {
                spread[c] += Math.Sqrt(KMeans.SquaredDistance(points.Row(r), centroids.AsSpan(c * d, d)));
            }
        }
        for (var c = 0; c < k; c++)
        {
            spread[c] /= set.Sizes[c];
        }
        var allZeroSpread = spread.All(s => s == 0);
        double total = 0;
        var anyNonZeroDistance = false;
        for (var i = 0; i < k; i++)
        {
            var worst = 0.0;
            for (var j = 0; j < k; j++)
            {
                if (i == j)
                {
                    continue;
                }
                var between = Math.Sqrt(KMeans.SquaredDistance(centroids.AsSpan(i * d, d), centroids.AsSpan(j * d, d)));
                if (between == 0)
                {
                    continue; // scikit-learn: a zero centroid distance counts as infinite
                }
                anyNonZeroDistance = true;
                worst = Math.Max(worst, (spread[i] + spread[j]) / between);
            }
            total += worst;
        }
        return allZeroSpread || !anyNonZeroDistance ? 0 : total / k;
    }

    /// <summary>
    /// Calinski–Harabasz index (variance ratio criterion; Caliński &amp; Harabasz 1974, Commun. Stat. 3(1)):
    /// [B / (k − 1)] / [W / (n − k)], B = Σ n_c ‖c_c − c‖², W = Σ ‖x − c_label‖². Higher is better; 1 when W = 0
    /// (scikit-learn's convention).
    /// </summary>
    public static double CalinskiHarabasz(FeatureMatrix points, IReadOnlyList<int> labels)
    {
        ArgumentNullException.ThrowIfNull(points);
        var set = LabelSet.From(labels, points.Rows, 2);
        var (centroids, overall) = Centroids(points, set);
        var d = points.Columns;
        var k = set.Clusters;
        double between = 0;
        for (var c = 0; c < k; c++)
        {
            between += set.Sizes[c] * KMeans.SquaredDistance(centroids.AsSpan(c * d, d), overall);
        }
        double within = 0;
        for (var r = 0; r < points.Rows; r++)
        {
            var c = set.Compact[r];
            if (c >= 0)
            {
                within += KMeans.SquaredDistance(points.Row(r), centroids.AsSpan(c * d, d));
            }
        }
        return within == 0 ? 1.0 : between * (set.Used - k) / (within * (k - 1.0));
    }

    /// <summary>
    /// All three indices. The silhouette is exact up to <paramref name="exactSilhouetteLimit"/> points (not noise);
    /// above, it is the sampled estimate with its interval (<see cref="Silhouette.Estimate"/>), and
    /// <see cref="ClusterScores.SilhouetteIsExact"/> says which was used.
    /// </summary>
    public static ClusterScores Evaluate(FeatureMatrix points, IReadOnlyList<int> labels,
        int exactSilhouetteLimit = DefaultExactSilhouetteLimit, int silhouetteSample = DefaultSilhouetteSample, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(points);
        var set = LabelSet.From(labels, points.Rows, 0);
        var noise = points.Rows - set.Used;
        if (set.Clusters < 2 || set.Clusters > set.Used - 1)
        {
            return new ClusterScores(set.Clusters, noise, null, null, false, null, null);
        }
        double silhouette;
        SilhouetteEstimate? estimate = null;
        var exact = set.Used <= exactSilhouetteLimit;
        if (exact)
        {
            silhouette = Silhouette.Score(points, labels);
        }
        else
        {
            estimate = Silhouette.Estimate(points, labels, silhouetteSample, seed);
            silhouette = estimate.Mean;
        }
        return new ClusterScores(set.Clusters, noise, silhouette, estimate, exact, DaviesBouldin(points, labels), CalinskiHarabasz(points, labels));
    }

    static (double[] Centroids, double[] Overall) Centroids(FeatureMatrix points, LabelSet set)
    {
        var d = points.Columns;
        var centroids = new double[set.Clusters * d];
        var overall = new double[d];
        for (var r = 0; r < points.Rows; r++)
        {
            var c = set.Compact[r];
            if (c < 0)
            {
                continue;
            }
            for (var f = 0; f < d; f++)
            {
                centroids[c * d + f] += points.Values[r * d + f];
                overall[f] += points.Values[r * d + f];
            }
        }
        for (var c = 0; c < set.Clusters; c++)
        {
            for (var f = 0; f < d; f++)
            {
                centroids[c * d + f] /= set.Sizes[c];
            }
        }
        for (var f = 0; f < d; f++)
        {
            overall[f] /= set.Used;
        }
        return (centroids, overall);
    }
}

/// <summary>Quality of one partition. Scores are null when there are fewer than 2 clusters (or as many as points).</summary>
/// <param name="Clusters">Clusters, noise excluded.</param>
/// <param name="Noise">Points labelled −1, left out of every score.</param>
/// <param name="Silhouette">Mean silhouette (−1..1, higher is better): exact, or the sampled estimate.</param>
/// <param name="SilhouetteSampled">The sampled estimate with its interval, when the exact value was not computed.</param>
/// <param name="SilhouetteIsExact">True when <paramref name="Silhouette"/> is exact.</param>
/// <param name="DaviesBouldin">Davies–Bouldin index (≥ 0, lower is better).</param>
/// <param name="CalinskiHarabasz">Calinski–Harabasz index (higher is better).</param>
public sealed record ClusterScores(int Clusters, int Noise, double? Silhouette, SilhouetteEstimate? SilhouetteSampled, bool SilhouetteIsExact,
    double? DaviesBouldin, double? CalinskiHarabasz);
