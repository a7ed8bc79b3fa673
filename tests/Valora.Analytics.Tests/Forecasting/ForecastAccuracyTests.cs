using Valora.Analytics.Forecasting;

namespace Valora.Analytics.Tests.Forecasting;

public sealed class ForecastAccuracyTests
{
    static readonly double[] Actual = [100, 200, 50];
    static readonly double[] Predicted = [110, 180, 50];
    static readonly double[] Training = [10, 20, 14, 26];

    [Fact]
    public void Measures_HandExample()
    {
        // |e| = 10, 20, 0 → MAE 10.
        // MAPE  = 100/3 (10/100 + 20/200 + 0) = 6.6667 %
        // sMAPE = 100/3 (2·10/210 + 2·20/380 + 0) = 100/3 (0.0952381 + 0.1052632) = 6.68338 %
        // MASE: training seasonal differences (m = 2) |14 − 10| = 4, |26 − 20| = 6 → scale 5; MASE = 10/5 = 2.
        var errors = ForecastAccuracy.Measure(Actual, Predicted, Training, 2);

        Assert.Equal(10, errors.Mae, 12);
        Assert.Equal(20.0 / 3, errors.Mape!.Value, 10);
        Assert.Equal(100.0 / 3 * (2.0 / 21 + 2.0 / 19), errors.Smape, 10);
        Assert.Equal(6.68338, errors.Smape, 5);
        Assert.Equal(2, errors.Mase!.Value, 12);
    }

    [Fact]
    public void Mape_ZeroActual_IsUndefined_SmapeCountsBothZeroAsZero()
    {
        Assert.Null(ForecastAccuracy.Mape([0, 10], [0, 5]));
        // sMAPE: the 0/0 term counts 0, the other 2·5/15 → 100/2 · 0.6667 = 33.33 %.
        Assert.Equal(100.0 / 3, ForecastAccuracy.Smape([0, 10], [0, 5]), 10);
        Assert.Null(ForecastAccuracy.Mase([1], [2], [5, 6, 5, 6], 2));
    }

    [Fact]
    public void SeasonalNaive_HandExample()
    {
        // y = [10, 20, 14, 26], m = 2: ŷ = 14, 26, 14 (h = 3 wraps to the last season's first value).
        // σ̂² = (4² + 6²)/2 = 26; h = 3 has k = 1, so the half-width is 1.96·√26·√2.
        var points = SeasonalNaive.Forecast(Training, 2, 3);

        Assert.Equal([14.0, 26, 14], points.Select(p => p.Mean));
        Assert.Equal(1.959963984540054 * Math.Sqrt(26), points[0].Upper - 14, 9);
        Assert.Equal(1.959963984540054 * Math.Sqrt(52), points[2].Upper - 14, 9);
        Assert.Equal(5, SeasonalNaive.InSampleMeanAbsoluteError(Training, 2), 12);
    }

    [Fact]
    public void Quantile_IsLinearBetweenOrderStatistics()
    {
        // Type 7: position p(n − 1); 0.25·3 = 0.75 → 1 + 0.75·(2 − 1) = 1.75.
        Assert.Equal(1.75, ForecastPoint.Quantile([1, 2, 3, 4], 0.25), 12);
        Assert.Equal(4, ForecastPoint.Quantile([1, 2, 3, 4], 1), 12);
    }
}
