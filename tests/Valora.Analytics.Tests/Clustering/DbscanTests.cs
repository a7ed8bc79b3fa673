using Valora.Analytics.Clustering;

namespace Valora.Analytics.Tests.Clustering;

public class DbscanTests
{
    [Fact]
    public void Fit_OnPeerData_MatchesScikitLearnLabelsAndCorePointsExactly()
    {
        // sklearn DBSCAN(eps=0.3, min_samples=6), bench/peers/clustering.py: 3 clusters, 80 noise, 244 core points.
        var x = FeatureMatrix.FromRows(PeerData.Dbscan());
        var result = Dbscan.Fit(x, 0.3, 6);
        Assert.Equal(PeerData.Ints(PeerValues.DbscanLabels), result.Labels);
        Assert.Equal(PeerValues.DbscanCore, string.Concat(result.IsCore.Select(c => c ? '1' : '0')));
        Assert.Equal(3, result.Clusters);
        Assert.Equal(80, result.Noise);
        Assert.Equal(244, result.CorePoints);
    }

    [Fact]
    public void Fit_BorderPointBetweenTwoClusters_GoesToTheClusterFoundFirst()
    {
        // eps 1, min points 4. Chains 0, 0.5, …, 2 and 4, 4.5, …, 6: 2.0 has 1, 1.5, 2, 3 within 1 → core; 4.0 likewise.
        // The point 3.0 has only 2, 3 and 4 → not core, but within eps of both chains' core points: a border point of
        // both clusters. Rule: it joins the cluster numbered lowest, the one whose first core point comes first by row.
        double[][] left = [[0.0], [0.5], [1.0], [1.5], [2.0]];
        double[][] right = [[4.0], [4.5], [5.0], [5.5], [6.0]];
        double[][] rightFirst = [.. right, [3.0], .. left];
        var result = Dbscan.Fit(FeatureMatrix.FromRows(rightFirst), 1.0, 4);
        Assert.False(result.IsCore[5]);
        Assert.True(result.IsCore[0] && result.IsCore[10]);
        Assert.Equal(0, result.Labels[0]);   // the right chain is found first: cluster 0
        Assert.Equal(0, result.Labels[5]);   // so the border point joins it
        Assert.Equal(1, result.Labels[6]);
        double[][] leftFirst = [.. left, [3.0], .. right];
        var second = Dbscan.Fit(FeatureMatrix.FromRows(leftFirst), 1.0, 4);
        Assert.Equal(0, second.Labels[0]);   // now the left chain is cluster 0 and takes it
        Assert.Equal(0, second.Labels[5]);
        Assert.Equal(1, second.Labels[6]);
    }

    [Fact]
    public void Fit_OnAHandCheckedCase_FindsClustersAndNoise()
    {
        double[][] points = [[0, 0], [0, 1], [1, 0], [1, 1], [10, 10], [10, 11], [11, 10], [50, 50]];
        var result = Dbscan.Fit(FeatureMatrix.FromRows(points), 1.5, 3);
        Assert.Equal([0, 0, 0, 0, 1, 1, 1, -1], result.Labels);
        Assert.Equal(1, result.Noise);
    }

    [Fact]
    public void Fit_OnMoons_SeparatesThemWhereKMeansCannot()
    {
        // Two interleaved half circles (the "moons" shape); DBSCAN follows the arcs.
        var points = new List<double[]>();
        var truth = new List<int>();
        for (var i = 0; i < 200; i++)
        {
            var t = Math.PI * i / 199;
            points.Add([Math.Cos(t), Math.Sin(t)]);
            truth.Add(0);
            points.Add([1 - Math.Cos(t), 0.5 - Math.Sin(t)]);
            truth.Add(1);
        }
        var result = Dbscan.Fit(FeatureMatrix.FromRows(points), 0.1, 3);
        Assert.Equal(2, result.Clusters);
        Assert.Equal(0, result.Noise);
        for (var i = 0; i < truth.Count; i++)
        {
            Assert.Equal(truth[i], result.Labels[i]);
        }
    }

    [Fact]
    public void Fit_DoesNotDependOnThreadCount()
    {
        var x = FeatureMatrix.FromRows(PeerData.Dbscan());
        var a = Dbscan.Fit(x, new DbscanOptions { Epsilon = 0.25, MinPoints = 4, MaxDegreeOfParallelism = 1 });
        var b = Dbscan.Fit(x, new DbscanOptions { Epsilon = 0.25, MinPoints = 4 });
        Assert.Equal(a.Labels, b.Labels);
    }

    [Theory]
    [InlineData(0.0, 5, "Epsilon")]
    [InlineData(double.NaN, 5, "Epsilon")]
    [InlineData(0.5, 0, "MinPoints")]
    public void Fit_WithBadSettings_NamesThem(double eps, int minPoints, string name)
    {
        var error = Assert.Throws<ArgumentException>(() => Dbscan.Fit(FeatureMatrix.FromRows([[0.0], [1.0]]), eps, minPoints));
        Assert.StartsWith(name, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KdTree_CountsAndListsNeighbours_AsBruteForce()
    {
        var points = PeerData.Dbscan();
        var x = FeatureMatrix.FromRows(points);
        var tree = new KdTree(x);
        var found = new List<int>();
        foreach (var radius in new[] { 0.05, 0.3, 1.0, 10.0 })
        {
            for (var i = 0; i < points.Length; i += 7)
            {
                var expected = Enumerable.Range(0, points.Length)
                    .Where(j => Math.Pow(points[i][0] - points[j][0], 2) + Math.Pow(points[i][1] - points[j][1], 2) <= radius * radius)
                    .ToArray();
                Assert.Equal(expected.Length, tree.CountWithin(points[i], radius));
                found.Clear();
                tree.Within(points[i], radius, found);
                found.Sort();
                Assert.Equal(expected, found);
            }
        }
    }
}
