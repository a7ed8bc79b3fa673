using Valora.Analytics.Clustering;

namespace Valora.Analytics.Tests.Clustering;

public class KMeansTests
{
    static FeatureMatrix Data() => FeatureMatrix.FromRows(PeerData.Metrics().Points);

    [Fact]
    public void Fit_OnPeerBlobs_InertiaAtLeastAsGoodAsScikitLearn()
    {
        // sklearn KMeans(n_init=10, random_state=0) inertia, bench/peers/clustering.py.
        var x = Data();
        var expected = PeerData.Doubles(PeerValues.KMeansInertia_2_to_6);
        for (var k = 2; k <= 6; k++)
        {
            var model = KMeans.Fit(x, new KMeansOptions { Clusters = k, Seed = 0 });
            Assert.True(model.Inertia <= expected[k - 2] * (1 + 1e-6), $"k = {k}: inertia {model.Inertia} vs scikit-learn {expected[k - 2]}");
        }
    }

    [Fact]
    public void Fit_InertiaAndLabels_AreConsistent()
    {
        var x = Data();
        var model = KMeans.Fit(x, 4);
        double inertia = 0;
        for (var r = 0; r < x.Rows; r++)
        {
            Assert.Equal(model.Predict(x.Row(r)), model.Labels[r]);
            var c = model.Labels[r];
            for (var f = 0; f < x.Columns; f++)
            {
                var diff = x[r, f] - model.Centroids[c * x.Columns + f];
                inertia += diff * diff;
            }
        }
        Assert.Equal(inertia, model.Inertia, 1e-9 * inertia);
    }

    [Fact]
    public void Fit_WithOneCluster_GivesTheTotalSumOfSquares()
    {
        var x = FeatureMatrix.FromRows([[1.0, 0], [3.0, 0], [5.0, 6]]);
        // mean (3, 2): squared distances 4 + 4, 0 + 4, 4 + 16 → 32
        Assert.Equal(32, KMeans.Fit(x, 1).Inertia, 1e-12);
    }

    [Fact]
    public void Fit_SameSeed_SameResult_AnyThreadCount()
    {
        var x = Data();
        var a = KMeans.Fit(x, new KMeansOptions { Clusters = 5, Seed = 42, MaxDegreeOfParallelism = 1 });
        var b = KMeans.Fit(x, new KMeansOptions { Clusters = 5, Seed = 42 });
        Assert.Equal(a.Labels, b.Labels);
        Assert.Equal(a.Inertia, b.Inertia);
    }

    [Fact]
    public void Fit_OnSeparatedBlobs_RecoversThem()
    {
        var (points, truth) = PeerData.Blobs(300, [[0, 0], [10, 0], [0, 10]], 0.5, 3);
        var model = KMeans.Fit(FeatureMatrix.FromRows(points), 3);
        // Same partition up to relabelling: each true blob maps to one fitted cluster.
        var map = new Dictionary<int, int>();
        for (var i = 0; i < truth.Length; i++)
        {
            if (!map.TryAdd(truth[i], model.Labels[i]))
            {
                Assert.Equal(map[truth[i]], model.Labels[i]);
            }
        }
        Assert.Equal(3, map.Values.Distinct().Count());
    }

    [Fact]
    public void Fit_WithDuplicatePointsAndKEqualToDistinctCount_HasZeroInertia()
    {
        var x = FeatureMatrix.FromRows([[0.0], [0.0], [1.0], [1.0], [2.0]]);
        var model = KMeans.Fit(x, 3);
        Assert.Equal(0, model.Inertia);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(401)]
    public void Fit_WithKOutOfRange_SaysSo(int k)
    {
        var error = Assert.Throws<ArgumentException>(() => KMeans.Fit(Data(), k));
        Assert.Contains("between 1 and the number of points (400)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Choose_OnSeparatedBlobs_PicksTheirNumberBySilhouetteAndElbow()
    {
        var (points, _) = PeerData.Blobs(400, [[0, 0], [8, 0], [0, 8], [8, 8]], 0.7, 9);
        var result = KSelection.Choose(FeatureMatrix.FromRows(points), 2, 8);
        Assert.Equal(4, result.ChosenK);
        Assert.Equal(4, result.ElbowK);
        Assert.Equal(7, result.Candidates.Count);
        // The elbow curve only goes down as k grows (each k's best fit).
        for (var i = 1; i < result.Candidates.Count; i++)
        {
            Assert.True(result.Candidates[i].Inertia <= result.Candidates[i - 1].Inertia);
        }
    }

    [Fact]
    public void Choose_WithABadRange_SaysSo()
    {
        var error = Assert.Throws<ArgumentException>(() => KSelection.Choose(Data(), 1, 5));
        Assert.Contains("2 ≤ min ≤ max", error.Message, StringComparison.Ordinal);
    }
}
