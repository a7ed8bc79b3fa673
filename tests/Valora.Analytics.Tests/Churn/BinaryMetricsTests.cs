using Valora.Analytics.Churn;

namespace Valora.Analytics.Tests.Churn;

public class BinaryMetricsTests
{
    [Fact]
    public void Roc_auc_counts_a_tie_as_one_half()
    {
        // Positives at 0.8 and 0.4, negatives at 0.8 and 0.2. Pairs: (0.8+, 0.8−) tie ½, (0.8+, 0.2−) 1,
        // (0.4+, 0.8−) 0, (0.4+, 0.2−) 1 → 2.5 / 4.
        Assert.Equal(0.625, BinaryMetrics.RocAuc([true, false, true, false], [0.8, 0.8, 0.4, 0.2]), 12);
        Assert.Equal(0.5, BinaryMetrics.RocAuc([true, false, true, false], [0.3, 0.3, 0.3, 0.3]), 12);
        Assert.Equal(1.0, BinaryMetrics.RocAuc([false, true], [0.1, 0.9]), 12);
    }

    [Fact]
    public void Average_precision_by_hand()
    {
        // Descending: 0.9 (+) P=1 R=½; 0.8 (−) P=½ R=½; 0.7 (+) P=⅔ R=1; 0.6 (−) P=½ R=1.
        // AP = ½·1 + 0·½ + ½·⅔ + 0·½ = 5/6.
        Assert.Equal(5.0 / 6, BinaryMetrics.AveragePrecision([true, false, true, false], [0.9, 0.8, 0.7, 0.6]), 12);
    }

    [Fact]
    public void Log_loss_and_brier_by_hand()
    {
        bool[] y = [true, false];
        double[] p = [0.8, 0.3];
        Assert.Equal(-(Math.Log(0.8) + Math.Log(0.7)) / 2, BinaryMetrics.LogLoss(y, p), 12);
        Assert.Equal((0.04 + 0.09) / 2, BinaryMetrics.BrierScore(y, p), 12);
        // A certain wrong answer is clipped, not infinite: −ln(2.22e-16) = 36.04.
        Assert.Equal(-Math.Log(2.220446049250313e-16), BinaryMetrics.LogLoss([true], [0.0]), 9);
    }

    [Fact]
    public void Confusion_counts_a_score_equal_to_the_threshold_as_positive()
    {
        var c = BinaryMetrics.Confusion([true, false, true, false], [0.5, 0.5, 0.2, 0.1], 0.5);
        Assert.Equal((1L, 1L, 1L, 1L), (c.TruePositives, c.FalsePositives, c.TrueNegatives, c.FalseNegatives));
        Assert.Equal(0.5, c.F1, 12);
        var none = BinaryMetrics.Confusion([true, false], [0.2, 0.1], 0.9);
        Assert.Equal(0, none.Precision); // zero division → 0, as scikit-learn's default
    }

    [Fact]
    public void Bad_input_is_named()
    {
        var e = Assert.Throws<ArgumentException>(() => BinaryMetrics.LogLoss([true, false], [0.5, 1.5]));
        Assert.Contains("probability 1 is 1.5", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => BinaryMetrics.RocAuc([true, true], [0.5, 0.6]));
        Assert.Throws<ArgumentException>(() => BinaryMetrics.RocAuc([true], [0.5, 0.6]));
        Assert.Throws<ArgumentException>(() => BinaryMetrics.RocAuc([true, false], [double.NaN, 0.6]));
    }
}
