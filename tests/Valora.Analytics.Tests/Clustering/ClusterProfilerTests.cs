using Valora.Analytics.Clustering;

namespace Valora.Analytics.Tests.Clustering;

public class ClusterProfilerTests
{
    [Fact]
    public void Profile_OnAHandCase_GivesSizesMediansZScoresAndNames()
    {
        // Cluster 0: recent, frequent, high spend; cluster 1: lapsed, infrequent, low spend; one noise point ignored.
        double[][] rows =
        [
            [5, 20, 900], [10, 30, 1100], [3, 25, 1000],
            [200, 1, 20], [300, 2, 40], [250, 1, 30],
            [9999, 9999, 9999],
        ];
        var raw = FeatureMatrix.FromRows(rows, ["recency", "frequency", "monetary"]);
        var profiles = ClusterProfiler.Profile(raw, null, [0, 0, 0, 1, 1, 1, -1]);
        Assert.Equal(2, profiles.Count);
        var best = profiles[0];
        Assert.Equal(3, best.Size);
        Assert.Equal(0.5, best.Share);
        Assert.Equal(5, best.Features[0].Median);
        Assert.Equal(1000, best.Features[2].Median);
        Assert.Equal(6, best.Features[0].Mean);
        // Recency: overall mean (6 + 250) / 2 = 128, population sd over the six points; cluster mean 6.
        var recency = new[] { 5.0, 10, 3, 200, 300, 250 };
        var sd = Math.Sqrt(recency.Select(v => (v - 128) * (v - 128)).Sum() / 6);
        Assert.Equal((6 - 128) / sd, best.Features[0].ZScore, 1e-12);
        Assert.Equal("recent, frequent, high spend", best.Name);
        Assert.Equal("lapsed, infrequent, low spend", profiles[1].Name);
    }

    [Fact]
    public void Name_KeepsTheStrongestTermsInFeatureOrderAndFallsBackToTypical()
    {
        FeatureProfile[] features =
        [
            new("tenure", 0, 0, 0.6), new("spend", 0, 0, -2.0), new("visits", 0, 0, 0.1), new("orders", 0, 0, 1.0),
        ];
        Assert.Equal("high tenure, low spend, frequent", ClusterProfiler.Name(features));
        Assert.Equal("low spend, frequent", ClusterProfiler.Name(features, maxTerms: 2));
        Assert.Equal("low spend", ClusterProfiler.Name(features, maxTerms: 1));
        Assert.Equal("typical", ClusterProfiler.Name([new("x", 0, 0, 0.2)]));
    }

    [Fact]
    public void Profile_TwoClustersWithTheSameName_AreNumbered()
    {
        var raw = FeatureMatrix.FromRows([[0.0], [0.1], [0.0], [0.1], [10.0], [10.1]], ["x"]);
        var profiles = ClusterProfiler.Profile(raw, null, [0, 0, 1, 1, 2, 2]);
        Assert.Equal("low x", profiles[0].Name);
        Assert.Equal("low x (2)", profiles[1].Name);
        Assert.Equal("high x", profiles[2].Name);
    }
}
