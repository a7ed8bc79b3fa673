using System.Globalization;
using Valora.Analytics.Clustering;
using Valora.Data.Analysis;

namespace Valora.Data.Clustering;

/// <summary>
/// The clustering step both use cases share (a user's table, Valora's customers): prepare the features, run the
/// algorithm (choosing k by silhouette when it is not given), score the partition and profile and name each cluster.
/// </summary>
public static class ClusterPoints
{
    /// <summary>Clusters <paramref name="raw"/> (raw units; profiles are reported in them).</summary>
    /// <exception cref="ArgumentException">A setting is out of range (see <see cref="ClusterSettings.Check"/>).</exception>
    /// <exception cref="NotAnalysableException">Too few points for the request.</exception>
    public static ClusterOutcome Run(FeatureMatrix raw, ClusterSettings settings, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(raw);
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Check() is { } bad)
        {
            throw new ArgumentException(bad.Rule, bad.Setting);
        }
        var n = raw.Rows;
        if (n < 3)
        {
            throw new NotAnalysableException(NotAnalysableReason.NotEnoughData,
                string.Create(CultureInfo.InvariantCulture, $"Clustering needs at least 3 points; there are {n}."));
        }
        if (settings.K is { } given && given > n - 1)
        {
            throw new NotAnalysableException(NotAnalysableReason.NotEnoughData,
                string.Create(CultureInfo.InvariantCulture, $"k = {given} needs at least {given + 1} points; there are {n}."));
        }
        var notes = new List<string>();
        var prepared = FeaturePreparation.Prepare(raw, new FeatureOptions { Log1p = settings.Log1p, Standardise = settings.Standardise });
        var points = prepared.Matrix;
        var kmeans = new KMeansOptions { Restarts = settings.Restarts, Seed = settings.Seed };
        if (n > ClusterQuality.DefaultExactSilhouetteLimit)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"{n} points: the silhouette is estimated on a seeded sample of {ClusterQuality.DefaultSilhouetteSample} (interval reported) rather than computed exactly."));
        }

        int[] labels;
        double[]? probabilities = null;
        double[]? centroids = null;
        IReadOnlyList<KChoice> candidates = [];
        int? elbow = null;
        var chosenBy = "given";
        switch (settings.Algorithm)
        {
            case ClusterAlgorithm.KMeans when settings.K is { } k:
                progress?.Invoke(string.Create(CultureInfo.InvariantCulture, $"k-means with k = {k} …"));
                var model = KMeans.Fit(points, kmeans with { Clusters = k });
                (labels, centroids) = (model.Labels, model.Centroids);
                break;
            case ClusterAlgorithm.KMeans:
            {
                var (lo, hi) = Range(settings, n, notes);
                progress?.Invoke(string.Create(CultureInfo.InvariantCulture, $"k-means for k = {lo}..{hi}, keeping the best silhouette …"));
                var choice = KSelection.Choose(points, lo, hi, kmeans);
                (labels, centroids) = (choice.Model.Labels, choice.Model.Centroids);
                candidates = [.. choice.Candidates.Select(c => KChoice.Of(c.K, c.Inertia, c.Scores))];
                elbow = choice.ElbowK;
                chosenBy = "silhouette";
                break;
            }
            case ClusterAlgorithm.Ward:
            {
                var ward = new WardOptions { Seed = settings.Seed };
                if (settings.K is { } wk)
                {
                    progress?.Invoke(string.Create(CultureInfo.InvariantCulture, $"Ward with k = {wk} …"));
                    var fit = Ward.Fit(points, ward with { Clusters = wk });
                    labels = fit.Labels;
                    NoteSampled(fit, n, notes);
                    break;
                }
                var (lo, hi) = Range(settings, n, notes);
                progress?.Invoke(string.Create(CultureInfo.InvariantCulture, $"Ward tree, cut at k = {lo}..{hi}, keeping the best silhouette …"));
                var first = Ward.Fit(points, ward with { Clusters = lo });
                NoteSampled(first, n, notes);
                var list = new List<KChoice>();
                int[]? best = null;
                var bestScore = double.NegativeInfinity;
                for (var c = lo; c <= hi; c++)
                {
                    // The exact tree is built once and cut at each k; a sampled tree is refitted (same seed, same sample).
                    var cut = c == lo ? first.Labels : first.Sampled ? Ward.Fit(points, ward with { Clusters = c }).Labels : first.Tree.Cut(c);
                    var scores = ClusterQuality.Evaluate(points, cut, seed: settings.Seed);
                    list.Add(KChoice.Of(c, Inertia(points, cut), scores));
                    if ((scores.Silhouette ?? double.NegativeInfinity) > bestScore)
                    {
                        bestScore = scores.Silhouette ?? double.NegativeInfinity;
                        best = cut;
                    }
                }
                labels = best!;
                candidates = list;
                elbow = KSelection.Elbow([.. list.Select(c => new KCandidate(c.K, c.Inertia, new ClusterScores(0, 0, null, null, false, null, null)))]);
                chosenBy = "silhouette";
                break;
            }
            case ClusterAlgorithm.Hdbscan:
            {
                var minSamples = settings.MinSamples ?? settings.MinClusterSize;
                if (minSamples > n)
                {
                    throw new NotAnalysableException(NotAnalysableReason.NotEnoughData, string.Create(CultureInfo.InvariantCulture,
                        $"HDBSCAN with minimum samples {minSamples} needs at least {minSamples} points; there are {n}."));
                }
                progress?.Invoke(string.Create(CultureInfo.InvariantCulture,
                    $"HDBSCAN with minimum cluster size {settings.MinClusterSize}, minimum samples {minSamples}, {ClusterSettings.NameOf(settings.ClusterSelection)} selection …"));
                var hdbscan = Hdbscan.Fit(points, new HdbscanOptions
                {
                    MinClusterSize = settings.MinClusterSize, MinSamples = minSamples, Selection = settings.ClusterSelection,
                });
                (labels, probabilities) = (hdbscan.Labels, hdbscan.Probabilities);
                chosenBy = "density";
                break;
            }
            default:
                progress?.Invoke(string.Create(CultureInfo.InvariantCulture, $"DBSCAN with ε = {settings.Epsilon}, minimum points {settings.MinPoints} …"));
                labels = Dbscan.Fit(points, settings.Epsilon, settings.MinPoints).Labels;
                chosenBy = "density";
                break;
        }

        progress?.Invoke("scoring and profiling …");
        var quality = ClusterQuality.Evaluate(points, labels, seed: settings.Seed);
        if (quality.Clusters < 2)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"Only {quality.Clusters} cluster found: the quality scores need at least 2 (for DBSCAN, try a larger ε or fewer minimum points; for HDBSCAN, a smaller minimum cluster size)."));
        }
        var profiles = quality.Clusters == 0 ? [] : ClusterProfiler.Profile(raw, points, labels);
        return new ClusterOutcome(settings.Algorithm, n, raw.Names, labels, quality.Clusters, chosenBy, candidates, elbow,
            quality, profiles, prepared, centroids, notes) { Probabilities = probabilities };
    }

    /// <summary>The name of each point's cluster ("noise" for −1).</summary>
    public static string NameOf(ClusterOutcome outcome, int label)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return label < 0 ? "noise" : outcome.Profiles.FirstOrDefault(p => p.Cluster == label)?.Name ?? "noise";
    }

    static (int Lo, int Hi) Range(ClusterSettings settings, int n, List<string> notes)
    {
        var hi = Math.Min(settings.MaxK, n - 1);
        var lo = Math.Min(settings.MinK, hi);
        if (hi < settings.MaxK)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"k searched up to {hi} (n − 1) rather than {settings.MaxK}."));
        }
        return (lo, hi);
    }

    static void NoteSampled(WardResult fit, int n, List<string> notes)
    {
        if (fit.Sampled)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"{n} points: Ward's tree was built on a seeded sample of {fit.TreePoints} and every point assigned to the nearest cluster centroid."));
        }
    }

    /// <summary>Within-cluster sum of squared distances to each cluster's mean (the elbow curve of Ward's cuts).</summary>
    static double Inertia(FeatureMatrix points, int[] labels)
    {
        var d = points.Columns;
        var k = labels.Max() + 1;
        var sums = new double[k * d];
        var counts = new int[k];
        for (var r = 0; r < points.Rows; r++)
        {
            counts[labels[r]]++;
            for (var f = 0; f < d; f++)
            {
                sums[labels[r] * d + f] += points[r, f];
            }
        }
        double total = 0;
        for (var r = 0; r < points.Rows; r++)
        {
            var c = labels[r];
            for (var f = 0; f < d; f++)
            {
                var dev = points[r, f] - sums[c * d + f] / counts[c];
                total += dev * dev;
            }
        }
        return total;
    }
}

/// <summary>One k tried when k was chosen: the elbow curve's inertia and the three indices.</summary>
public sealed record KChoice(int K, double Inertia, double? Silhouette, double? DaviesBouldin, double? CalinskiHarabasz)
{
    public static KChoice Of(int k, double inertia, ClusterScores s) => new(k, inertia, s.Silhouette, s.DaviesBouldin, s.CalinskiHarabasz);
}

/// <summary>What a clustering run found.</summary>
/// <param name="Labels">Cluster per point (0..k−1), −1 for DBSCAN or HDBSCAN noise.</param>
/// <param name="Clusters">Clusters found (noise excluded).</param>
/// <param name="ChosenBy">"given" (k was given), "silhouette" (k chosen over the range) or "density" (DBSCAN, HDBSCAN).</param>
/// <param name="Candidates">Every k tried when k was chosen (empty otherwise).</param>
/// <param name="ElbowK">The elbow of the inertia curve over the k tried, shown beside the silhouette's choice.</param>
/// <param name="Centroids">k-means centroids in prepared units (row-major k × d); null for the other algorithms.</param>
/// <param name="Notes">When an approximate path was used (sampled silhouette, sampled Ward tree) or the range was clipped.</param>
public sealed record ClusterOutcome(
    ClusterAlgorithm Algorithm,
    int Rows,
    IReadOnlyList<string> Features,
    int[] Labels,
    int Clusters,
    string ChosenBy,
    IReadOnlyList<KChoice> Candidates,
    int? ElbowK,
    ClusterScores Quality,
    IReadOnlyList<ClusterProfile> Profiles,
    PreparedFeatures Prepared,
    double[]? Centroids,
    IReadOnlyList<string> Notes)
{
    /// <summary>HDBSCAN: per point, the strength of its membership in its cluster (0..1, 0 for noise); null otherwise.</summary>
    public double[]? Probabilities { get; init; }
}
