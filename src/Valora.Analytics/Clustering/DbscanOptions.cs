namespace Valora.Analytics.Clustering;

/// <summary>Settings for <see cref="Dbscan"/> (the names of scikit-learn's <c>DBSCAN(eps, min_samples)</c>).</summary>
public sealed record DbscanOptions
{
    /// <summary>Neighbourhood radius ε (Euclidean, in the units of the features; &gt; 0). Points at distance ≤ ε are neighbours.</summary>
    public double Epsilon { get; init; } = 0.5;

    /// <summary>A point is a core point when its ε-neighbourhood, the point itself included, holds at least this many
    /// points (≥ 1; scikit-learn's <c>min_samples</c>, default 5).</summary>
    public int MinPoints { get; init; } = 5;

    /// <summary>Threads for the neighbour counts; null = all cores. The result does not depend on it.</summary>
    public int? MaxDegreeOfParallelism { get; init; }
}
