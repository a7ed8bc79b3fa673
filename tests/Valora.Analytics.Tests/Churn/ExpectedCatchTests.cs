using Valora.Analytics.Churn;

namespace Valora.Analytics.Tests.Churn;

public class ExpectedCatchTests
{
    [Fact]
    public void At_ByHand_CountsTheFlaggedAndTheirExpectedChurners()
    {
        // Σ P = 0.9 + 0.6 + 0.6 + 0.3 + 0.1 = 2.5.
        // t = 0.6: 0.9, 0.6, 0.6 flagged (≥ includes the tie), Σ 2.1, precision 0.7, recall 0.84.
        // t = 0.95: nobody; t = 0: everyone, recall 1, precision 0.5.
        var points = ExpectedCatch.At([0.3, 0.9, 0.1, 0.6, 0.6], [0.6, 0.95, 0]);

        Assert.Equal([3, 0, 5], points.Select(p => p.Flagged));
        Assert.Equal(2.1, points[0].ExpectedChurners, 12);
        Assert.Equal(0.7, points[0].Precision!.Value, 12);
        Assert.Equal(0.84, points[0].Recall!.Value, 12);
        Assert.Equal(0, points[1].ExpectedChurners);
        Assert.Null(points[1].Precision);
        Assert.Equal(0, points[1].Recall);
        Assert.Equal(2.5, points[2].ExpectedChurners, 12);
        Assert.Equal(0.5, points[2].Precision!.Value, 12);
        Assert.Equal(1, points[2].Recall!.Value, 12);
    }

    [Fact]
    public void At_EdgeCases_NoCustomersAllZeroAndBadInput()
    {
        var none = Assert.Single(ExpectedCatch.At([], [0.5]));
        Assert.Equal(new ExpectedCatchPoint(0.5, 0, 0, null, null), none);
        var zero = Assert.Single(ExpectedCatch.At([0, 0], [0]));
        Assert.Equal(new ExpectedCatchPoint(0, 2, 0, 0, null), zero);
        Assert.Throws<ArgumentException>(() => ExpectedCatch.At([1.2], [0.5]));
        Assert.Throws<ArgumentException>(() => ExpectedCatch.At([double.NaN], [0.5]));
        Assert.Throws<ArgumentException>(() => ExpectedCatch.At([0.5], [double.NaN]));
    }
}
