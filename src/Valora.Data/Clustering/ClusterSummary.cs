using Valora.Analytics.Clustering;

namespace Valora.Data.Clustering;

/// <summary>The run-level results of a clustering kept in the run's summary (and returned by the API): what was
/// found, its quality, the k tried and each cluster's profile.</summary>
public sealed record ClusterSummary(
    string Algorithm,
    IReadOnlyList<string> Features,
    bool Log1p,
    bool Standardised,
    int Clusters,
    int Noise,
    string ChosenBy,
    int? ElbowK,
    IReadOnlyList<KChoice> Candidates,
    ClusterQualityView Quality,
    IReadOnlyList<ClusterProfile> Profiles,
    IReadOnlyList<string> Notes)
{
    public static ClusterSummary Of(ClusterOutcome o)
    {
        ArgumentNullException.ThrowIfNull(o);
        return new(ClusterAlgorithms.Of(o.Algorithm), o.Features, o.Prepared.Options.Log1p, o.Prepared.Options.Standardise, o.Clusters,
            o.Quality.Noise, o.ChosenBy, o.ElbowK, o.Candidates, ClusterQualityView.Of(o.Quality), o.Profiles, o.Notes);
    }
}

/// <summary>The quality scores flat: silhouette (exact, or estimated with its 95 % interval), Davies–Bouldin, Calinski–Harabasz.</summary>
public sealed record ClusterQualityView(int Clusters, int Noise, double? Silhouette, bool SilhouetteIsExact, double? SilhouetteLower,
    double? SilhouetteUpper, double? DaviesBouldin, double? CalinskiHarabasz)
{
    public static ClusterQualityView Of(ClusterScores s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new(s.Clusters, s.Noise, s.Silhouette, s.SilhouetteIsExact, s.SilhouetteSampled?.Lower, s.SilhouetteSampled?.Upper,
            s.DaviesBouldin, s.CalinskiHarabasz);
    }
}
