using Valora.Analytics.Text;

namespace Valora.Analytics.Tests.Text;

public class MulticlassEvaluationTests
{
    static readonly string[] Classes = ["a", "b", "c"];

    /// <summary>
    /// Six rows worked by hand. Predicted (argmax): a, a, b, b, c, a for true a, a, b, b, c, c.
    /// Confusion (rows actual): a → [2, 0, 0], b → [0, 2, 0], c → [1, 0, 1]. Accuracy 5/6.
    /// a: precision 2/3, recall 1, F1 0.8; b: 1, 1, 1; c: 1, 1/2, 2/3; macro F1 (0.8 + 1 + 2/3)/3 = 0.8222….
    /// Log loss −(ln .7 + ln .6 + ln .8 + ln .5 + ln .9 + ln .3)/6.
    /// ECE: top probabilities .7 .6 .8 .5 .9 .6 fall in bins 7, 6, 8, 5, 9, 6; bin 6 holds a correct .6 and a wrong .6
    /// (|1/2 − .6| = .1, weight 2/6), the rest one correct row each (|1 − p|): (.3 + .2 + .5 + .1 + .1·2)/6.
    /// </summary>
    [Fact]
    public void Of_HandWorkedExample_GivesConfusionF1LogLossAndCalibrationError()
    {
        int[] actual = [0, 0, 1, 1, 2, 2];
        double[][] p =
        [
            [0.7, 0.2, 0.1], [0.6, 0.3, 0.1], [0.1, 0.8, 0.1], [0.3, 0.5, 0.2], [0.05, 0.05, 0.9], [0.6, 0.1, 0.3],
        ];
        var e = MulticlassEvaluation.Of(Classes, actual, p);
        Assert.Equal([2L, 0, 0], e.Confusion[0]);
        Assert.Equal([0L, 2, 0], e.Confusion[1]);
        Assert.Equal([1L, 0, 1], e.Confusion[2]);
        Assert.Equal(5.0 / 6, e.Accuracy, 12);
        Assert.Equal(2.0 / 3, e.PerClass[0].Precision, 12);
        Assert.Equal(1.0, e.PerClass[0].Recall, 12);
        Assert.Equal(0.8, e.PerClass[0].F1, 12);
        Assert.Equal(0.5, e.PerClass[2].Recall, 12);
        Assert.Equal(2L, e.PerClass[2].Support);
        Assert.Equal((0.8 + 1 + 2.0 / 3) / 3, e.MacroF1, 12);
        var logLoss = -(Math.Log(0.7) + Math.Log(0.6) + Math.Log(0.8) + Math.Log(0.5) + Math.Log(0.9) + Math.Log(0.3)) / 6;
        Assert.Equal(logLoss, e.LogLoss, 12);
        Assert.Equal((0.3 + 0.2 + 0.5 + 0.1 + 0.1 * 2) / 6, e.ExpectedCalibrationError, 12);
        Assert.Equal(6, e.Total);
    }

    [Fact]
    public void Of_ClassNeverPredicted_HasZeroPrecisionNotNaN()
    {
        var e = MulticlassEvaluation.Of(Classes, [0, 1, 2], [[1, 0, 0], [1, 0, 0], [1, 0, 0]]);
        Assert.Equal(0, e.PerClass[1].Precision);
        Assert.Equal(0, e.PerClass[1].F1);
        Assert.Equal(1.0 / 3, e.PerClass[0].Precision, 12);
        // p(true) = 0 is floored at 1e-15, as scikit-learn clips.
        Assert.Equal(2 * -Math.Log(1e-15) / 3, e.LogLoss, 9);
    }

    [Fact]
    public void Of_WrongRowWidth_IsRefusedNamingTheRow()
    {
        var ex = Assert.Throws<ArgumentException>(() => MulticlassEvaluation.Of(Classes, [0, 1], [[1, 0, 0], [1, 0]]));
        Assert.Contains("row 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TopKAccuracy_OnHandCheckedRows_CountsTheTrueClassAmongTheKMostProbable()
    {
        // Four classes. Ranks of the true class, by hand:
        //   row 0: true 2 at 0.4, the highest → rank 1
        //   row 1: true 0 at 0.1; 0.5, 0.3 and 0.1 (class 3 is later, so below) … classes 1, 2 above → rank 3
        //   row 2: true 3 at 0.1; 0.4, 0.3, 0.2 above → rank 4
        //   row 3: true 1 at 0.25, all tie; class 0 is earlier → rank 2
        int[] actual = [2, 0, 3, 1];
        double[][] p =
        [
            [0.3, 0.2, 0.4, 0.1],
            [0.1, 0.5, 0.3, 0.1],
            [0.4, 0.3, 0.2, 0.1],
            [0.25, 0.25, 0.25, 0.25],
        ];

        Assert.Equal(1 / 4.0, MulticlassEvaluation.TopKAccuracy(actual, p, 1));
        Assert.Equal(2 / 4.0, MulticlassEvaluation.TopKAccuracy(actual, p, 2));
        Assert.Equal(3 / 4.0, MulticlassEvaluation.TopKAccuracy(actual, p, 3));
        Assert.Equal(1.0, MulticlassEvaluation.TopKAccuracy(actual, p, 4));
        Assert.Equal(1.0, MulticlassEvaluation.TopKAccuracy(actual, p, 9));
        // Top-1 is the accuracy of the predicted class.
        Assert.Equal(MulticlassEvaluation.Of(["a", "b", "c", "d"], actual, p).Accuracy, MulticlassEvaluation.TopKAccuracy(actual, p, 1));
    }

    [Fact]
    public void TopKAccuracy_BadInput_IsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MulticlassEvaluation.TopKAccuracy([0], [[1.0, 0]], 0));
        Assert.Throws<ArgumentException>(() => MulticlassEvaluation.TopKAccuracy([0, 1], [[1.0, 0]], 1));
        Assert.Throws<ArgumentException>(() => MulticlassEvaluation.TopKAccuracy([2], [[1.0, 0]], 1));
        Assert.Equal(0, MulticlassEvaluation.TopKAccuracy([], [], 3));
    }
}
