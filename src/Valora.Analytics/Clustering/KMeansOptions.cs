namespace Valora.Analytics.Clustering;

/// <summary>Settings for <see cref="KMeans"/>. Defaults follow scikit-learn's <c>KMeans</c> (10 restarts, 300
/// iterations, tolerance 1e-4 of the mean feature variance).</summary>
public sealed record KMeansOptions
{
    /// <summary>Default number of restarts.</summary>
    public const int DefaultRestarts = 10;

    /// <summary>Number of clusters k, 1 ≤ k ≤ number of points.</summary>
    public int Clusters { get; init; } = 3;

    /// <summary>Independent k-means++ starts; the one with the lowest inertia wins. ≥ 1.</summary>
    public int Restarts { get; init; } = DefaultRestarts;

    /// <summary>Most Lloyd iterations per start. ≥ 1.</summary>
    public int MaxIterations { get; init; } = 300;

    /// <summary>A start stops when the squared centroid movement summed over clusters is at most this fraction of the
    /// mean per-feature variance (or when no label changes). ≥ 0. The winning start is then iterated on until no
    /// label changes, so its inertia is that of a Lloyd fixed point.</summary>
    public double Tolerance { get; init; } = 1e-4;

    /// <summary>Seed of the random generator (seeding and restarts): the same seed gives the same result.</summary>
    public int Seed { get; init; }

    /// <summary>Threads used for the assignment step; null = all cores. The result does not depend on it.</summary>
    public int? MaxDegreeOfParallelism { get; init; }
}
