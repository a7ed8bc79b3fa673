using Valora.Analytics.Churn;

namespace Valora.Analytics.Tests.Churn;

public class ThresholdPresetsTests
{
    // Descending: 0.9 (+) P=1 R=½ F1=⅔; 0.8 (−) P=½ R=½ F1=½; 0.7 (+) P=⅔ R=1 F1=0.8; 0.6 (−) P=½ R=1 F1=⅔.
    static readonly PrecisionRecallCurve Curve = PrecisionRecallCurve.Of([true, false, true, false], [0.9, 0.8, 0.7, 0.6]);

    [Fact]
    public void Curve_points_count_contacts_and_catches()
    {
        Assert.Equal([0.9, 0.8, 0.7, 0.6], Curve.Points.Select(p => p.Threshold));
        Assert.Equal([1L, 2, 3, 4], Curve.Points.Select(p => p.Contacts));
        Assert.Equal([1L, 1, 2, 2], Curve.Points.Select(p => p.Caught));
        Assert.Equal(0.8, Curve.At(0.75).Threshold);
        Assert.Equal(0, Curve.At(0.95).Contacts);
    }

    [Fact]
    public void Presets_by_hand()
    {
        Assert.Equal(0.9, ThresholdPresets.TargetRecall(Curve, 0.5).Threshold);
        Assert.Equal(0.7, ThresholdPresets.TargetRecall(Curve, 0.75).Threshold);
        Assert.Equal(0.7, ThresholdPresets.TargetPrecision(Curve, 0.6)!.Threshold);
        Assert.Equal(0.9, ThresholdPresets.TargetPrecision(Curve, 1.0)!.Threshold);
        var f1 = ThresholdPresets.MaxF1(Curve);
        Assert.Equal(0.7, f1.Threshold);
        Assert.Equal(0.8, f1.F1, 12);
        Assert.Throws<ArgumentOutOfRangeException>(() => ThresholdPresets.TargetRecall(Curve, 0));
    }

    [Fact]
    public void By_value_ranks_by_expected_loss_and_keeps_only_profitable_contacts()
    {
        // cost 10, save rate ½. Savings p·CLV·½ − 10: 0.9·10 → −5.5; 0.5·1000 → 240; 0.2·100 → 0.
        // By probability: {0.9} −5.5, {0.9, 0.5} 234.5, all 234.5 (not better) → t = 0.5, 2 contacts.
        // By expected loss (9, 500, 20): {500} 240, {500, 20} 240 (not better), all 234.5 → t = 500, 1 contact.
        var v = ThresholdPresets.ByValue([0.9, 0.5, 0.2], [10, 1000, 100], contactCost: 10, saveRate: 0.5);
        Assert.Equal(0.5, v.ByProbability.Threshold);
        Assert.Equal(2, v.ByProbability.Contacts);
        Assert.Equal(234.5, v.ByProbability.ExpectedNetSaving, 12);
        Assert.Equal(1.4, v.ByProbability.ExpectedChurnersCaught, 12);
        Assert.Equal(509, v.ByProbability.ExpectedLossCovered, 12);
        Assert.Equal(500, v.ByExpectedLoss.Threshold, 12);
        Assert.Equal(1, v.ByExpectedLoss.Contacts);
        Assert.Equal(240, v.ByExpectedLoss.ExpectedNetSaving, 12);
    }

    [Fact]
    public void By_value_contacts_nobody_when_no_contact_pays()
    {
        var v = ThresholdPresets.ByValue([0.1, 0.2], [10, 10], contactCost: 5, saveRate: 0.5);
        Assert.Equal(double.PositiveInfinity, v.ByProbability.Threshold);
        Assert.Equal(0, v.ByExpectedLoss.Contacts);
        Assert.Throws<ArgumentOutOfRangeException>(() => ThresholdPresets.ByValue([0.1], [1], 1, 0));
        Assert.Throws<ArgumentException>(() => ThresholdPresets.ByValue([0.1], [-1], 1, 0.5));
    }
}
