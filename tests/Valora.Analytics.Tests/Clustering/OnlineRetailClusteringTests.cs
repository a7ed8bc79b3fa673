using Valora.Analytics.Clustering;
using Valora.TestSupport;

namespace Valora.Analytics.Tests.Clustering;

/// <summary>k-means on log1p-then-standardised RFM of the Online Retail customers (issue 13's "done when").</summary>
public class OnlineRetailClusteringTests
{
    [RealDataFact(OnlineRetailRfm.File)]
    public void KMeans_OnOnlineRetailRfm_SilhouettesMatchThePeerForK2To8()
    {
        var (ids, rfm) = OnlineRetailRfm.Load();
        Assert.Equal(4338, ids.Length);
        var prepared = FeaturePreparation.Prepare(FeatureMatrix.FromRows(rfm, ["recency", "frequency", "monetary"]),
            new FeatureOptions { Log1p = true, Standardise = true });
        // The issue's figures (scikit-learn) and the same run by bench/peers/clustering.py (KMeans n_init=10, random_state=0).
        double[] issue = [0.433, 0.336, 0.333, 0.318, 0.315, 0.310, 0.303];
        var peer = PeerData.Doubles(PeerValues.RetailSilhouette_2_to_8);
        var peerInertia = PeerData.Doubles(PeerValues.RetailInertia_2_to_8);
        var selection = KSelection.Choose(prepared.Matrix, 2, 8);
        for (var k = 2; k <= 8; k++)
        {
            var candidate = selection.Candidates[k - 2];
            Assert.True(candidate.Scores.SilhouetteIsExact);
            var silhouette = candidate.Scores.Silhouette!.Value;
            Assert.InRange(silhouette, issue[k - 2] - 0.02, issue[k - 2] + 0.02);
            Assert.InRange(silhouette, peer[k - 2] - 0.02, peer[k - 2] + 0.02);
            // k-means finds local minima: with 10 starts each side, k = 6 ends 0.007 % above scikit-learn's here
            // (another seed's draw), so real data gets 0.1 %; the exact "at least as good" check is in KMeansTests.
            Assert.True(candidate.Inertia <= peerInertia[k - 2] * (1 + 1e-3), $"k = {k}: inertia {candidate.Inertia} vs scikit-learn {peerInertia[k - 2]}");
        }
        Assert.Equal(2, selection.ChosenK);
        var profiles = ClusterProfiler.Profile(FeatureMatrix.FromRows(rfm, ["recency", "frequency", "monetary"]), prepared.Matrix, selection.Model.Labels);
        Assert.Contains(profiles, p => p.Name == "recent, frequent, high spend");
        // The larger cluster (62 %) sits less far from the overall mean: recency's |z| stays below the 0.5 threshold.
        Assert.Contains(profiles, p => p.Name == "infrequent, low spend");
    }
}
