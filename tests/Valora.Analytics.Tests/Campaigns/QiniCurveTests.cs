using Valora.Analytics.Campaigns;
using Valora.TestSupport;

namespace Valora.Analytics.Tests.Campaigns;

public class QiniCurveTests
{
    [Fact]
    public void Worked_example_by_hand()
    {
        // Sorted by score: (T,1) (C,0) (T,0) (C,1).
        //   k=1: nT=1 yT=1 nC=0 → Q = 1 (no controls yet: 1 − 0)      (scikit-uplift: y_ctrl·0 when nC = 0)
        //   k=2: nT=1 yT=1 nC=1 yC=0 → 1;  k=3: nT=2 yT=1 nC=1 yC=0 → 1;  k=4: nT=2 yT=1 nC=2 yC=1 → 1 − 1·2/2 = 0.
        double[] score = [4, 3, 2, 1];
        bool[] treated = [true, false, true, false];
        bool[] outcome = [true, false, false, true];
        var curve = QiniCurve.Of(score, treated, outcome);
        Assert.Equal([0.0, 1, 2, 3, 4], curve.Targeted);
        Assert.Equal([0.0, 1, 1, 1, 0], curve.Incremental);
        // Area: .5 + 1 + 1 + .5 = 3; random line ends at 0 → baseline 0.
        Assert.Equal(3, curve.Area(), 12);
        // Perfect ranking: treated responder (1), zeros, control responder (−1):
        // the tie between the two zeros (index 1 and 2) is one threshold → points k=1:1, k=3:1, k=4:0 → area .5+2+.5 = 3.
        Assert.Equal(3, QiniCurve.Perfect(treated, outcome).Area(), 12);
        Assert.Equal(1.0, QiniCurve.Coefficient(score, treated, outcome), 12);
    }

    [Fact]
    public void Tied_scores_form_one_point()
    {
        var curve = QiniCurve.Of([1, 1, 1, 1], [true, false, true, false], [true, false, false, true]);
        Assert.Equal([0.0, 4], curve.Targeted);
        Assert.Equal([0.0, 0], curve.Incremental);
    }

    [RealDataFact(Hillstrom.File)]
    public void Hillstrom_qini_coefficients_match_the_scikit_uplift_port()
    {
        var rows = Hillstrom.Load().Where(r => r.Segment != "Womens E-Mail").ToList();
        var treated = rows.Select(r => r.Segment == "Mens E-Mail").ToArray();
        var visit = rows.Select(r => r.Visit).ToArray();
        // Peer: bench/peers/campaign_uplift.py (a port of scikit-uplift's qini_auc_score).
        Assert.Equal(0.018433401260, QiniCurve.Coefficient(rows.Select(r => r.History).ToArray(), treated, visit), 10);
        Assert.Equal(-0.011283688007, QiniCurve.Coefficient(rows.Select(r => (double)r.Recency).ToArray(), treated, visit), 10);
    }
}
