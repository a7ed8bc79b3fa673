using System.Globalization;

namespace Valora.Analytics.Clustering;

/// <summary>
/// Profiles of clusters (size, raw means and medians, z-scores of the means) and an automatic readable name for each.
/// </summary>
/// <remarks>
/// <para><b>Names.</b> A feature distinguishes a cluster when the z-score of its mean is at least
/// <see cref="DefaultThreshold"/> in size; the name lists the <see cref="DefaultMaxTerms"/> strongest such
/// features (largest |z|), in feature order so names of one run read alike, each as a word for its direction. Known measure names get marketing words: a name containing
/// "recen" or "days_since" is recency in days (low = "recent", high = "lapsed"); "freq", "orders" or "count" is
/// frequency ("frequent" / "infrequent"); "monet", "spend", "revenue", "amount" or "value" is money ("high spend" /
/// "low spend"); any other feature reads "high x" / "low x". A cluster with no distinguishing feature is "typical".
/// Two clusters with the same name get " (2)", " (3)" … in cluster order.</para>
/// </remarks>
public static class ClusterProfiler
{
    /// <summary>Smallest |z| that makes a feature part of a name.</summary>
    public const double DefaultThreshold = 0.5;

    /// <summary>Most features in one name.</summary>
    public const int DefaultMaxTerms = 3;

    /// <summary>Profiles every cluster (noise points excluded).</summary>
    /// <param name="raw">The points in their raw units (for means and medians).</param>
    /// <param name="used">The features the clustering used (for z-scores); the raw points when null. Same shape as raw.</param>
    /// <param name="labels">Cluster per point, −1 for noise.</param>
    /// <param name="threshold">Smallest |z| that names a feature.</param>
    /// <param name="maxTerms">Most features in a name.</param>
    public static IReadOnlyList<ClusterProfile> Profile(FeatureMatrix raw, FeatureMatrix? used, IReadOnlyList<int> labels,
        double threshold = DefaultThreshold, int maxTerms = DefaultMaxTerms)
    {
        ArgumentNullException.ThrowIfNull(raw);
        ArgumentNullException.ThrowIfNull(labels);
        used ??= raw;
        if (used.Rows != raw.Rows || used.Columns != raw.Columns)
        {
            throw new ArgumentException("The used features must have the raw points' shape.", nameof(used));
        }
        if (labels.Count != raw.Rows)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"There are {labels.Count} labels for {raw.Rows} points."), nameof(labels));
        }
        var d = raw.Columns;
        var clusters = labels.Where(l => l >= 0).Distinct().Order().ToArray();
        var members = clusters.ToDictionary(c => c, _ => new List<int>());
        var overallMean = new double[d];
        var total = 0;
        for (var r = 0; r < raw.Rows; r++)
        {
            if (labels[r] < 0)
            {
                continue;
            }
            members[labels[r]].Add(r);
            total++;
            for (var f = 0; f < d; f++)
            {
                overallMean[f] += used[r, f];
            }
        }
        var overallSd = new double[d];
        for (var f = 0; f < d; f++)
        {
            overallMean[f] /= Math.Max(1, total);
        }
        for (var r = 0; r < raw.Rows; r++)
        {
            if (labels[r] >= 0)
            {
                for (var f = 0; f < d; f++)
                {
                    var dev = used[r, f] - overallMean[f];
                    overallSd[f] += dev * dev;
                }
            }
        }
        for (var f = 0; f < d; f++)
        {
            overallSd[f] = Math.Sqrt(overallSd[f] / Math.Max(1, total));
        }
        var profiles = new List<ClusterProfile>();
        var nameCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        var buffer = new double[raw.Rows];
        foreach (var c in clusters)
        {
            var rows = members[c];
            var features = new FeatureProfile[d];
            for (var f = 0; f < d; f++)
            {
                double rawSum = 0, usedSum = 0;
                for (var i = 0; i < rows.Count; i++)
                {
                    buffer[i] = raw[rows[i], f];
                    rawSum += buffer[i];
                    usedSum += used[rows[i], f];
                }
                Array.Sort(buffer, 0, rows.Count);
                var m = rows.Count;
                var median = m % 2 == 1 ? buffer[m / 2] : (buffer[m / 2 - 1] + buffer[m / 2]) / 2;
                var z = overallSd[f] > 0 ? (usedSum / m - overallMean[f]) / overallSd[f] : 0;
                features[f] = new FeatureProfile(raw.Names[f], rawSum / m, median, z);
            }
            var name = Name(features, threshold, maxTerms);
            var seen = nameCounts.GetValueOrDefault(name) + 1;
            nameCounts[name] = seen;
            if (seen > 1)
            {
                name = string.Create(CultureInfo.InvariantCulture, $"{name} ({seen})");
            }
            profiles.Add(new ClusterProfile(c, name, rows.Count, (double)rows.Count / total, features));
        }
        return profiles;
    }

    /// <summary>The readable name of a cluster from its feature z-scores (see the class remarks).</summary>
    public static string Name(IReadOnlyList<FeatureProfile> features, double threshold = DefaultThreshold, int maxTerms = DefaultMaxTerms)
    {
        ArgumentNullException.ThrowIfNull(features);
        var terms = features
            .Select((f, i) => (Feature: f, Order: i))
            .Where(t => Math.Abs(t.Feature.ZScore) >= threshold)
            .OrderByDescending(t => Math.Abs(t.Feature.ZScore))
            .Take(maxTerms)
            .OrderBy(t => t.Order)
            .Select(t => Word(t.Feature.Feature, t.Feature.ZScore > 0))
            .ToArray();
        return terms.Length == 0 ? "typical" : string.Join(", ", terms);
    }

    /// <summary>The word for a feature being high (or low) in a cluster.</summary>
    public static string Word(string feature, bool high)
    {
        ArgumentNullException.ThrowIfNull(feature);
        var name = feature.ToLowerInvariant();
        if (name.Contains("recen", StringComparison.Ordinal) || name.Contains("days_since", StringComparison.Ordinal))
        {
            return high ? "lapsed" : "recent";
        }
        if (name.Contains("freq", StringComparison.Ordinal) || name.Contains("orders", StringComparison.Ordinal) || name.Contains("count", StringComparison.Ordinal))
        {
            return high ? "frequent" : "infrequent";
        }
        if (new[] { "monet", "spend", "revenue", "amount", "value" }.Any(w => name.Contains(w, StringComparison.Ordinal)))
        {
            return high ? "high spend" : "low spend";
        }
        return (high ? "high " : "low ") + feature;
    }
}
