using Valora.Analytics.Clustering;

namespace Valora.Analytics.Tests.Clustering;

/// <summary>Ward by the nearest-neighbour chain against scipy <c>linkage(method='ward')</c> and scikit-learn
/// <c>AgglomerativeClustering(linkage='ward')</c> (<c>bench/peers/clustering.py</c>).</summary>
public class WardTests
{
    [Fact]
    public void Tree_OnPeerData_HasScipysMergeHeights()
    {
        var tree = Ward.Tree(FeatureMatrix.FromRows(PeerData.Ward60()));
        var expected = PeerData.Doubles(PeerValues.Ward60Heights);
        Assert.Equal(expected.Length, tree.Merges.Count);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], tree.Merges[i].Height, 1e-9 * Math.Max(1, expected[i]));
        }
        Assert.Equal(60, tree.Merges[^1].Size);
    }

    [Theory]
    [InlineData(2, PeerValues.Ward60Labels_k2)]
    [InlineData(3, PeerValues.Ward60Labels_k3)]
    [InlineData(4, PeerValues.Ward60Labels_k4)]
    [InlineData(6, PeerValues.Ward60Labels_k6)]
    public void Fit_OnPeerData_GivesScikitLearnsPartition(int k, string expected)
    {
        var result = Ward.Fit(FeatureMatrix.FromRows(PeerData.Ward60()), k);
        AssertSamePartition(PeerData.Ints(expected), result.Labels);
        Assert.False(result.Sampled);
    }

    [Theory]
    [InlineData(3, PeerValues.Ward500Labels_k3)]
    [InlineData(5, PeerValues.Ward500Labels_k5)]
    [InlineData(8, PeerValues.Ward500Labels_k8)]
    public void Fit_On500PointsIn3d_GivesScikitLearnsPartition(int k, string expected)
    {
        var result = Ward.Fit(FeatureMatrix.FromRows(PeerData.Ward500()), k);
        AssertSamePartition(PeerData.Ints(expected), result.Labels);
    }

    [Fact]
    public void Tree_On500PointsIn3d_HeightsSumAndTopMatchScipy()
    {
        var tree = Ward.Tree(FeatureMatrix.FromRows(PeerData.Ward500()));
        Assert.Equal(PeerValues.Ward500HeightSum, tree.Merges.Sum(m => m.Height), 1e-9 * PeerValues.Ward500HeightSum);
        Assert.Equal(PeerValues.Ward500LastHeight, tree.Merges[^1].Height, 1e-9 * PeerValues.Ward500LastHeight);
    }

    [Fact]
    public void Tree_OnAHandCase_MergesAsWardsFormulaSays()
    {
        // 0, 1 on a line and 10: {0,1} merge at 1; then {0,1} with 10: √(2·2·1/3)·|0.5 − 10| = 9.5·√(4/3).
        var tree = Ward.Tree(FeatureMatrix.FromRows([[0.0], [10.0], [1.0]]));
        Assert.Equal(new Merge(0, 2, 1.0, 2), tree.Merges[0]);
        Assert.Equal(1, tree.Merges[1].Left);
        Assert.Equal(3, tree.Merges[1].Right);
        Assert.Equal(9.5 * Math.Sqrt(4.0 / 3), tree.Merges[1].Height, 1e-12);
        Assert.Equal([0, 1, 0], tree.Cut(2));
    }

    [Fact]
    public void Fit_AboveTheExactLimit_SamplesAndAssignsTheRestAndSaysSo()
    {
        var (points, truth) = PeerData.Blobs(2000, [[0, 0], [10, 0], [0, 10]], 0.7, 21);
        var result = Ward.Fit(FeatureMatrix.FromRows(points), new WardOptions { Clusters = 3, MaxExactPoints = 300, Seed = 1 });
        Assert.True(result.Sampled);
        Assert.Equal(300, result.TreePoints);
        AssertSamePartition(truth, result.Labels);
    }

    [Fact]
    public void Fit_WithKOutOfRange_SaysSo()
    {
        var error = Assert.Throws<ArgumentException>(() => Ward.Fit(FeatureMatrix.FromRows([[0.0], [1.0]]), 3));
        Assert.Contains("between 1 and the number of points (2)", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Same partition up to relabelling: a one-to-one map between the two label sets.</summary>
    internal static void AssertSamePartition(int[] expected, int[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        var forward = new Dictionary<int, int>();
        var backward = new Dictionary<int, int>();
        for (var i = 0; i < expected.Length; i++)
        {
            if (!forward.TryAdd(expected[i], actual[i]))
            {
                Assert.True(forward[expected[i]] == actual[i], $"point {i}: expected cluster {expected[i]} maps to {forward[expected[i]]}, got {actual[i]}");
            }
            if (!backward.TryAdd(actual[i], expected[i]))
            {
                Assert.True(backward[actual[i]] == expected[i], $"point {i}: cluster {actual[i]} holds points of two expected clusters");
            }
        }
    }
}
