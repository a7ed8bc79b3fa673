using Valora.Analytics.Clustering;
using Valora.Data.Analysis;
using Valora.Data.Clustering;

namespace Valora.Data.Tests.Clustering;

public sealed class ClusterPointsTests
{
    static readonly FeatureMatrix Line = FeatureMatrix.FromRows([[0.0], [1], [2], [3.5], [4.5], [5.5], [20], [21], [22]]);

    [Fact]
    public void Run_HdbscanWithMoreMinSamplesThanPoints_IsNotAnalysableSayingSo()
    {
        // Default min cluster size 15 → min samples 15 on 9 points.
        var error = Assert.Throws<NotAnalysableException>(() => ClusterPoints.Run(Line, new ClusterSettings { Algorithm = ClusterAlgorithm.Hdbscan }));
        Assert.Equal(NotAnalysableReason.NotEnoughData, error.Reason);
        Assert.Contains("minimum samples 15 needs at least 15 points; there are 9", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_Hdbscan_GivesTheHandComputedLabelsProbabilitiesAndProfiles()
    {
        // HdbscanTests' nested case (min cluster size 3, min samples 2): excess of mass keeps 0–5.5 together, 20–22 apart;
        // every point leaves at λ = 1, capped at its cluster's largest child λ → probability 1. No preparation.
        var outcome = ClusterPoints.Run(Line, new ClusterSettings { Algorithm = ClusterAlgorithm.Hdbscan, MinClusterSize = 3, MinSamples = 2 });
        Assert.Equal([0, 0, 0, 0, 0, 0, 1, 1, 1], outcome.Labels);
        Assert.Equal(Enumerable.Repeat(1.0, 9), outcome.Probabilities!);
        Assert.Equal(("density", 2), (outcome.ChosenBy, outcome.Clusters));
        Assert.Equal([6, 3], outcome.Profiles.OrderBy(p => p.Cluster).Select(p => p.Size));
        var leaf = ClusterPoints.Run(Line, new ClusterSettings
        {
            Algorithm = ClusterAlgorithm.Hdbscan, MinClusterSize = 3, MinSamples = 2, ClusterSelection = HdbscanSelection.Leaf,
        });
        Assert.Equal([1, 1, 1, 2, 2, 2, 0, 0, 0], leaf.Labels);
        Assert.Null(ClusterPoints.Run(Line, new ClusterSettings { K = 2 }).Probabilities); // k-means has none
    }

    [Theory]
    [InlineData(1, null, "minClusterSize")]
    [InlineData(3, 0, "minSamples")]
    public void Check_BadHdbscanSettings_NameThem(int minClusterSize, int? minSamples, string setting)
    {
        var bad = new ClusterSettings { Algorithm = ClusterAlgorithm.Hdbscan, MinClusterSize = minClusterSize, MinSamples = minSamples }.Check();
        Assert.Equal(setting, bad?.Setting);
    }
}
