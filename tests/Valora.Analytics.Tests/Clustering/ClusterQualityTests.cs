using Valora.Analytics.Clustering;

namespace Valora.Analytics.Tests.Clustering;

/// <summary>Silhouette, Davies–Bouldin and Calinski–Harabasz against scikit-learn 1.2.1 (<c>bench/peers/clustering.py</c>).</summary>
public class ClusterQualityTests
{
    static (FeatureMatrix X, int[] Y) Data()
    {
        var (points, labels) = PeerData.Metrics();
        return (FeatureMatrix.FromRows(points), labels);
    }

    [Fact]
    public void Scores_OnPeerBlobs_MatchScikitLearn()
    {
        var (x, y) = Data();
        Assert.Equal(PeerValues.Silhouette, Silhouette.Score(x, y), 1e-9);
        Assert.Equal(PeerValues.DaviesBouldin, ClusterQuality.DaviesBouldin(x, y), 1e-9);
        Assert.Equal(PeerValues.CalinskiHarabasz, ClusterQuality.CalinskiHarabasz(x, y), 1e-9);
    }

    [Fact]
    public void Samples_OnPeerBlobs_MatchScikitLearnPointByPoint()
    {
        var (x, y) = Data();
        var s = Silhouette.Samples(x, y);
        var expected = PeerData.Doubles(PeerValues.SilhouetteSamples_0_1_2_399);
        int[] rows = [0, 1, 2, 399];
        for (var i = 0; i < rows.Length; i++)
        {
            Assert.Equal(expected[i], s[rows[i]], 1e-12);
        }
    }

    [Fact]
    public void Scores_WithASingletonCluster_FollowScikitLearnConventions()
    {
        var (x, y) = Data();
        y[0] = 9; // point 0 alone in its cluster: its silhouette is 0
        Assert.Equal(PeerValues.SingletonSilhouette, Silhouette.Score(x, y), 1e-9);
        Assert.Equal(0, Silhouette.Samples(x, y)[0]);
        Assert.Equal(PeerValues.SingletonDaviesBouldin, ClusterQuality.DaviesBouldin(x, y), 1e-9);
        Assert.Equal(PeerValues.SingletonCalinskiHarabasz, ClusterQuality.CalinskiHarabasz(x, y), 1e-9);
    }

    [Fact]
    public void Scores_IgnoreNoisePoints_AsIfTheyWereNotThere()
    {
        var (x, y) = Data();
        var noisy = (int[])y.Clone();
        var kept = new List<double[]>();
        var keptLabels = new List<int>();
        for (var i = 0; i < y.Length; i++)
        {
            if (i % 7 == 3)
            {
                noisy[i] = -1;
            }
            else
            {
                kept.Add(x.Row(i).ToArray());
                keptLabels.Add(y[i]);
            }
        }
        var subset = FeatureMatrix.FromRows(kept);
        Assert.Equal(Silhouette.Score(subset, keptLabels), Silhouette.Score(x, noisy), 1e-12);
        Assert.Equal(ClusterQuality.DaviesBouldin(subset, keptLabels), ClusterQuality.DaviesBouldin(x, noisy), 1e-12);
        Assert.Equal(ClusterQuality.CalinskiHarabasz(subset, keptLabels), ClusterQuality.CalinskiHarabasz(x, noisy), 1e-9);
        Assert.True(double.IsNaN(Silhouette.Samples(x, noisy)[3]));
        var scores = ClusterQuality.Evaluate(x, noisy);
        Assert.Equal(y.Length - kept.Count, scores.Noise);
        Assert.Equal(4, scores.Clusters);
    }

    [Fact]
    public void Silhouette_OnAHandWorkedExample_IsTheDefinition()
    {
        // 1-d points 0, 1 | 5: a(0) = 1, b(0) = 5 → s = 0.8; a(1) = 1, b(1) = 4 → 0.75; point 5 is alone → 0.
        var x = FeatureMatrix.FromRows([[0.0], [1.0], [5.0]]);
        var s = Silhouette.Samples(x, [0, 0, 1]);
        Assert.Equal(0.8, s[0], 1e-15);
        Assert.Equal(0.75, s[1], 1e-15);
        Assert.Equal(0, s[2]);
        Assert.Equal((0.8 + 0.75) / 3, Silhouette.Score(x, [0, 0, 1]), 1e-15);
    }

    [Fact]
    public void Silhouette_DoesNotDependOnThreadCount()
    {
        var (x, y) = Data();
        Assert.Equal(Silhouette.Score(x, y, maxDegreeOfParallelism: 1), Silhouette.Score(x, y));
    }

    [Fact]
    public void Estimate_WithTheWholePopulation_IsExactWithZeroWidth()
    {
        var (x, y) = Data();
        var e = Silhouette.Estimate(x, y, sampleSize: 400, seed: 3);
        Assert.Equal(PeerValues.Silhouette, e.Mean, 1e-9);
        Assert.Equal(0, e.StandardError);
        Assert.Equal(400, e.SampleSize);
    }

    [Fact]
    public void Estimate_FromSamples_CoversTheExactValueAtAboutTheNominalRate()
    {
        var (x, y) = Data();
        var covered = 0;
        const int Trials = 200;
        for (var seed = 0; seed < Trials; seed++)
        {
            var e = Silhouette.Estimate(x, y, sampleSize: 60, seed: seed);
            Assert.True(e.Lower < e.Mean && e.Mean < e.Upper);
            if (e.Lower <= PeerValues.Silhouette && PeerValues.Silhouette <= e.Upper)
            {
                covered++;
            }
        }
        // 95 % nominal; 200 trials give a binomial sd of about 1.5 points.
        Assert.InRange(covered / (double)Trials, 0.89, 0.99);
    }

    [Fact]
    public void Scores_WithOneCluster_AreRejectedOrNull()
    {
        var (x, _) = Data();
        var one = new int[x.Rows];
        var error = Assert.Throws<ArgumentException>(() => Silhouette.Score(x, one));
        Assert.Contains("clusters", error.Message, StringComparison.Ordinal);
        var scores = ClusterQuality.Evaluate(x, one);
        Assert.Null(scores.Silhouette);
        Assert.Null(scores.DaviesBouldin);
    }

    [Fact]
    public void Scores_WithWrongLabelCount_NameTheMismatch()
    {
        var (x, y) = Data();
        var error = Assert.Throws<ArgumentException>(() => ClusterQuality.DaviesBouldin(x, y[..10]));
        Assert.Contains("10 labels for 400 points", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_AboveTheExactLimit_UsesTheSampledEstimateAndSaysSo()
    {
        var (x, y) = Data();
        var scores = ClusterQuality.Evaluate(x, y, exactSilhouetteLimit: 100, silhouetteSample: 150);
        Assert.False(scores.SilhouetteIsExact);
        Assert.NotNull(scores.SilhouetteSampled);
        Assert.Equal(150, scores.SilhouetteSampled!.SampleSize);
        Assert.InRange(PeerValues.Silhouette, scores.SilhouetteSampled.Lower - 0.05, scores.SilhouetteSampled.Upper + 0.05);
        Assert.True(ClusterQuality.Evaluate(x, y).SilhouetteIsExact);
    }
}
