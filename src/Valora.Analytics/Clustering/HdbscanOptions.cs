namespace Valora.Analytics.Clustering;

/// <summary>Settings for <see cref="Hdbscan"/> (the names and defaults of the hdbscan library and scikit-learn's
/// <c>HDBSCAN(min_cluster_size, min_samples, cluster_selection_method, allow_single_cluster)</c>).</summary>
public sealed record HdbscanOptions
{
    /// <summary>Smallest group the condensed tree keeps as a cluster (≥ 2; default 15). A split in which one side has
    /// fewer points is not a split: those points fall out of the parent as noise at that density.</summary>
    public int MinClusterSize { get; init; } = 15;

    /// <summary>A point's core distance is the distance to its MinSamples-th nearest point, the point itself counted
    /// (≥ 1; null = <see cref="MinClusterSize"/>). Larger values make the clustering more conservative (more noise).</summary>
    public int? MinSamples { get; init; }

    /// <summary>How clusters are chosen from the condensed tree: by excess of mass (default) or its leaves.</summary>
    public HdbscanSelection Selection { get; init; } = HdbscanSelection.ExcessOfMass;

    /// <summary>Whether the root (all points) may be the one cluster. Off by default: a single group is then noise.</summary>
    public bool AllowSingleCluster { get; init; }

    /// <summary>How the minimum spanning tree is built (default: Prim below <see cref="Hdbscan.PrimLimit"/> points,
    /// Borůvka on the k-d tree above). Both give a minimum spanning tree; they can differ only where distances tie.</summary>
    public HdbscanSpanningTree SpanningTree { get; init; } = HdbscanSpanningTree.Auto;

    /// <summary>Threads for the core distances and Borůvka's searches; null = all cores. The result does not depend on it.</summary>
    public int? MaxDegreeOfParallelism { get; init; }

    /// <summary>MinSamples, or MinClusterSize when it is not set.</summary>
    public int EffectiveMinSamples => MinSamples ?? MinClusterSize;
}

/// <summary>Minimum spanning tree algorithm of <see cref="Hdbscan"/>.</summary>
public enum HdbscanSpanningTree
{
    /// <summary>Prim up to <see cref="Hdbscan.PrimLimit"/> points, Borůvka above.</summary>
    Auto,

    /// <summary>Prim on the complete graph, distances computed on the fly: O(n²·d) time, O(n) memory.</summary>
    Prim,

    /// <summary>Borůvka: rounds in which each component joins its nearest other component, found with the k-d tree
    /// (pruned by box distance, smallest core distance and whole-component nodes); about O(n log² n) on low-dimensional data.</summary>
    Boruvka,
}

/// <summary>Cluster selection of <see cref="Hdbscan"/> (the library's <c>cluster_selection_method</c>).</summary>
public enum HdbscanSelection
{
    /// <summary>"eom": the set of non-nested clusters of greatest total stability (Campello et al. 2013).</summary>
    ExcessOfMass,

    /// <summary>"leaf": the leaves of the condensed cluster tree (many small, homogeneous clusters).</summary>
    Leaf,
}
