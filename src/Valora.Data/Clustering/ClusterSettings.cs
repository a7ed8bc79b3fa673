using System.Globalization;
using Valora.Analytics.Clustering;

namespace Valora.Data.Clustering;

/// <summary>How to cluster: the algorithm, k (or the range auto-k searches), DBSCAN's ε and minimum points, HDBSCAN's minimum cluster size and samples, and the
/// feature preparation. Defaults are named; <see cref="Check"/> names the setting that is out of range.</summary>
public sealed record ClusterSettings
{
    public const int DefaultMinK = 2;
    public const int DefaultMaxK = 8;

    public ClusterAlgorithm Algorithm { get; init; } = ClusterAlgorithm.KMeans;

    /// <summary>Clusters for k-means and Ward; null: the k in <see cref="MinK"/>..<see cref="MaxK"/> with the best silhouette.</summary>
    public int? K { get; init; }

    public int MinK { get; init; } = DefaultMinK;

    public int MaxK { get; init; } = DefaultMaxK;

    /// <summary>DBSCAN radius, in the units of the prepared features.</summary>
    public double Epsilon { get; init; } = 0.5;

    /// <summary>DBSCAN: points (the point itself included) within ε that make a core point.</summary>
    public int MinPoints { get; init; } = 5;

    /// <summary>HDBSCAN: the smallest group kept as a cluster (≥ 2).</summary>
    public int MinClusterSize { get; init; } = 15;

    /// <summary>HDBSCAN: core distance = distance to the MinSamples-th nearest point, itself counted (≥ 1); null = MinClusterSize.</summary>
    public int? MinSamples { get; init; }

    /// <summary>HDBSCAN: clusters chosen by excess of mass ("eom", default) or the condensed tree's leaves ("leaf").</summary>
    public HdbscanSelection ClusterSelection { get; init; } = HdbscanSelection.ExcessOfMass;

    /// <summary>Parses "eom" or "leaf" as users write them.</summary>
    public static bool TryParseSelection(string? text, out HdbscanSelection selection)
    {
        selection = HdbscanSelection.ExcessOfMass;
        switch (text?.Trim().ToLowerInvariant())
        {
            case "eom":
                return true;
            case "leaf":
                selection = HdbscanSelection.Leaf;
                return true;
            default:
                return false;
        }
    }

    /// <summary>"eom" or "leaf".</summary>
    public static string NameOf(HdbscanSelection selection) => selection == HdbscanSelection.Leaf ? "leaf" : "eom";

    /// <summary>log1p each feature before anything else (skewed counts and money).</summary>
    public bool Log1p { get; init; }

    /// <summary>Standardise each feature to mean 0, sd 1 (after log1p).</summary>
    public bool Standardise { get; init; }

    /// <summary>k-means restarts (each seeded by k-means++).</summary>
    public int Restarts { get; init; } = KMeansOptions.DefaultRestarts;

    /// <summary>Seed of k-means seeding, Ward's sample and the silhouette sample.</summary>
    public int Seed { get; init; }

    /// <summary>The first setting out of range, as (setting, rule); null when all are fine. Setting names are the
    /// request's field names (k, minK, maxK, epsilon, minPoints, minClusterSize, minSamples, restarts).</summary>
    public (string Setting, string Rule)? Check()
    {
        if (K is { } k && k < 2)
        {
            return ("k", string.Create(CultureInfo.InvariantCulture, $"k must be at least 2 but was {k}."));
        }
        if (K is null && Algorithm is not (ClusterAlgorithm.Dbscan or ClusterAlgorithm.Hdbscan))
        {
            if (MinK < 2)
            {
                return ("minK", string.Create(CultureInfo.InvariantCulture, $"The smallest k searched must be at least 2 but was {MinK}."));
            }
            if (MaxK < MinK)
            {
                return ("maxK", string.Create(CultureInfo.InvariantCulture, $"The largest k searched ({MaxK}) must be at least the smallest ({MinK})."));
            }
            if (MaxK > 50)
            {
                return ("maxK", string.Create(CultureInfo.InvariantCulture, $"The largest k searched must be at most 50 but was {MaxK}."));
            }
        }
        if (!(Epsilon > 0) || !double.IsFinite(Epsilon))
        {
            return ("epsilon", "ε must be a finite number > 0 (in the units of the prepared features).");
        }
        if (MinPoints < 1)
        {
            return ("minPoints", string.Create(CultureInfo.InvariantCulture, $"The minimum points must be at least 1 but was {MinPoints}."));
        }
        if (MinClusterSize < 2)
        {
            return ("minClusterSize", string.Create(CultureInfo.InvariantCulture, $"The minimum cluster size must be at least 2 but was {MinClusterSize}."));
        }
        if (MinSamples is < 1)
        {
            return ("minSamples", string.Create(CultureInfo.InvariantCulture, $"The minimum samples must be at least 1 but was {MinSamples}."));
        }
        if (Restarts is < 1 or > 100)
        {
            return ("restarts", string.Create(CultureInfo.InvariantCulture, $"Restarts must be between 1 and 100 but was {Restarts}."));
        }
        return null;
    }
}
