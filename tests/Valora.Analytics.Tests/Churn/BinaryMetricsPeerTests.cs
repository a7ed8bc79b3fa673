using Valora.Analytics.Churn;

namespace Valora.Analytics.Tests.Churn;

/// <summary>
/// Against scikit-learn 1.2.1: the numbers below are what <c>/usr/bin/python3 bench/peers/churn_metrics.py</c>
/// printed; the data are the script's integer formulas repeated here (300 rows, probabilities in steps of 0.05 with
/// many ties, exact 0 and 1 included).
/// </summary>
public class BinaryMetricsPeerTests
{
    const double Tolerance = 1e-9;

    static (bool[] Labels, double[] P) Data()
    {
        const int n = 300;
        var labels = new bool[n];
        var p = new double[n];
        for (var i = 0; i < n; i++)
        {
            var k = (i * 37 % 101) / 5 * 5;
            p[i] = k / 100.0;
            labels[i] = (i * 53 + 7) % 100 < 0.8 * k + 10;
        }
        return (labels, p);
    }

    [Fact]
    public void Scalar_metrics_match_scikit_learn()
    {
        var (y, p) = Data();
        Assert.Equal(140, y.Count(v => v));
        Assert.Equal(0.7612723214285715, BinaryMetrics.RocAuc(y, p), Tolerance);
        Assert.Equal(0.7022028710747086, BinaryMetrics.AveragePrecision(y, p), Tolerance);
        Assert.Equal(0.9271182027523301, BinaryMetrics.LogLoss(y, p), Tolerance);
        Assert.Equal(0.2026416666666667, BinaryMetrics.BrierScore(y, p), Tolerance);
    }

    [Fact]
    public void Confusion_matrix_at_one_half_matches_scikit_learn()
    {
        var (y, p) = Data();
        var c = BinaryMetrics.Confusion(y, p, 0.5);
        Assert.Equal((100L, 51L, 109L, 40L), (c.TruePositives, c.FalsePositives, c.TrueNegatives, c.FalseNegatives));
        Assert.Equal(0.6966666666666667, c.Accuracy, Tolerance);
        Assert.Equal(0.6622516556291391, c.Precision, Tolerance);
        Assert.Equal(0.7142857142857143, c.Recall, Tolerance);
        Assert.Equal(0.6872852233676977, c.F1, Tolerance);
    }

    [Fact]
    public void Calibration_table_matches_scikit_learn_quantile_bins()
    {
        var (y, p) = Data();
        double[] observed = [0.1, 0.23333333333333334, 0.2727272727272727, 0.36666666666666664, 0.4666666666666667, 0.5172413793103449, 0.6666666666666666, 0.6666666666666666, 0.8275862068965517, 0.7777777777777778];
        double[] predicted = [0.025000000000000005, 0.125, 0.25, 0.375, 0.47499999999999987, 0.5741379310344829, 0.6749999999999997, 0.7750000000000002, 0.8741379310344827, 0.9583333333333331];
        var table = BinaryMetrics.Calibration(y, p);
        Assert.Equal(10, table.Count);
        for (var b = 0; b < 10; b++)
        {
            Assert.Equal(observed[b], table[b].ObservedRate, Tolerance);
            Assert.Equal(predicted[b], table[b].MeanPredicted, Tolerance);
        }
        Assert.Equal(300, table.Sum(b => b.Count));
    }

    [Fact]
    public void Precision_recall_curve_and_max_f1_match_scikit_learn()
    {
        var (y, p) = Data();
        var curve = PrecisionRecallCurve.Of(y, p);
        Assert.Equal(21, curve.Points.Count);
        var best = ThresholdPresets.MaxF1(curve);
        Assert.Equal(0.4, best.Threshold, Tolerance);
        Assert.Equal(0.7040498442367602, best.F1, Tolerance);
        Assert.Equal(0.6243093922651933, best.Precision, Tolerance);
        Assert.Equal(0.8071428571428572, best.Recall, Tolerance);
    }
}
