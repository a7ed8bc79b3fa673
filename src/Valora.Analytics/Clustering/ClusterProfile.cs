namespace Valora.Analytics.Clustering;

/// <summary>What one cluster looks like.</summary>
/// <param name="Cluster">Cluster number (−1 is never profiled: noise is reported by its count only).</param>
/// <param name="Name">Readable name from its distinguishing features, e.g. "recent, frequent, high spend".</param>
/// <param name="Size">Points in the cluster.</param>
/// <param name="Share">Size / points that are not noise.</param>
/// <param name="Features">Per feature, in feature order.</param>
public sealed record ClusterProfile(int Cluster, string Name, int Size, double Share, IReadOnlyList<FeatureProfile> Features);

/// <summary>One feature within one cluster.</summary>
/// <param name="Feature">Feature name.</param>
/// <param name="Mean">Cluster mean in raw units.</param>
/// <param name="Median">Cluster median in raw units (mean of the two middle values for an even count).</param>
/// <param name="ZScore">(cluster mean − overall mean) / overall population sd, on the features the clustering used
/// (after log1p when that was chosen); 0 for a constant feature.</param>
public sealed record FeatureProfile(string Feature, double Mean, double Median, double ZScore);
