namespace Valora.Data.Clustering;

/// <summary>The clustering algorithms a run can use.</summary>
public enum ClusterAlgorithm
{
    /// <summary>k-means (k-means++ seeding, restarts); k given or chosen by silhouette.</summary>
    KMeans,
    /// <summary>DBSCAN (ε and minimum points; −1 = noise).</summary>
    Dbscan,
    /// <summary>Agglomerative Ward (nearest-neighbour chain; sample-and-assign above 30,000 points); k given or chosen by silhouette.</summary>
    Ward,
    /// <summary>HDBSCAN (minimum cluster size and minimum samples; −1 = noise; clusters of varying density).</summary>
    Hdbscan,
}

/// <summary>Parsing and naming of <see cref="ClusterAlgorithm"/> as users write it (kmeans, dbscan, ward, hdbscan).</summary>
public static class ClusterAlgorithms
{
    public static readonly IReadOnlyList<string> Names = ["kmeans", "dbscan", "ward", "hdbscan"];

    public static string Of(ClusterAlgorithm algorithm) => algorithm switch
    {
        ClusterAlgorithm.KMeans => "kmeans",
        ClusterAlgorithm.Dbscan => "dbscan",
        ClusterAlgorithm.Hdbscan => "hdbscan",
        _ => "ward",
    };

    public static bool TryParse(string? text, out ClusterAlgorithm algorithm)
    {
        algorithm = default;
        switch (text?.Trim().ToLowerInvariant())
        {
            case "kmeans" or "k-means":
                algorithm = ClusterAlgorithm.KMeans;
                return true;
            case "dbscan":
                algorithm = ClusterAlgorithm.Dbscan;
                return true;
            case "ward":
                algorithm = ClusterAlgorithm.Ward;
                return true;
            case "hdbscan":
                algorithm = ClusterAlgorithm.Hdbscan;
                return true;
            default:
                return false;
        }
    }
}
