namespace Valora.Analytics.Clustering;

/// <summary>A fitted k-means partition.</summary>
/// <param name="Centroids">Row-major k × d cluster centres (in the space of the fitted features).</param>
/// <param name="Clusters">k.</param>
/// <param name="Dimensions">d.</param>
/// <param name="Labels">Cluster (0..k−1) of each fitted point; every label is its nearest centroid.</param>
/// <param name="Inertia">Σ squared Euclidean distance of each point to its centroid.</param>
/// <param name="Iterations">Lloyd iterations of the winning start (including its final polish).</param>
/// <param name="WinningStart">Which start (0-based) gave the lowest inertia.</param>
public sealed record KMeansModel(double[] Centroids, int Clusters, int Dimensions, int[] Labels, double Inertia, int Iterations, int WinningStart)
{
    /// <summary>The nearest centroid of <paramref name="point"/> (ties go to the lower cluster number).</summary>
    public int Predict(ReadOnlySpan<double> point)
    {
        if (point.Length != Dimensions)
        {
            throw new ArgumentException($"The point has {point.Length} features; the model has {Dimensions}.", nameof(point));
        }
        return KMeans.Nearest(point, Centroids, Clusters, out _);
    }
}
