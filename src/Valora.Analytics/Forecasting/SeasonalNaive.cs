using System.Globalization;

namespace Valora.Analytics.Forecasting;

/// <summary>
/// The seasonal-naive baseline: each future period repeats the last observed value of the same season,
/// ŷ_{n+h} = y_{n+h−m(k+1)} with k = ⌊(h − 1)/m⌋; the interval is ŷ ± z·σ̂√(k + 1) with σ̂² the mean of the squared
/// in-sample seasonal differences y_t − y_{t−m} ("Forecasting: principles and practice" §5.5).
/// </summary>
public static class SeasonalNaive
{
    /// <summary>Forecasts 1..<paramref name="horizon"/> steps past the end of <paramref name="y"/> (needs n ≥ m + 1).</summary>
    public static IReadOnlyList<ForecastPoint> Forecast(IReadOnlyList<double> y, int period, int horizon, double level = 0.95)
    {
        ArgumentNullException.ThrowIfNull(y);
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 1);
        ForecastPoint.CheckHorizonAndLevel(horizon, level);
        if (y.Count < period + 1)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Seasonal naive needs more than one season ({period} points) but the series has {y.Count}."), nameof(y));
        }
        var n = y.Count;
        var sigma = Math.Sqrt(InSampleMeanSquare(y, period));
        var z = ForecastPoint.NormalQuantile(level);
        var points = new ForecastPoint[horizon];
        for (var h = 1; h <= horizon; h++)
        {
            var k = (h - 1) / period;
            var mean = y[n + h - period * (k + 1) - 1];
            var half = z * sigma * Math.Sqrt(k + 1);
            points[h - 1] = new ForecastPoint(h, mean, mean - half, mean + half);
        }
        return points;
    }

    /// <summary>The in-sample mean absolute seasonal difference (1/(n−m)) Σ_{t>m} |y_t − y_{t−m}|: the MASE scale.</summary>
    public static double InSampleMeanAbsoluteError(IReadOnlyList<double> y, int period)
    {
        ArgumentNullException.ThrowIfNull(y);
        if (y.Count <= period)
        {
            throw new ArgumentException("The series needs more than one season.", nameof(y));
        }
        var sum = 0.0;
        for (var t = period; t < y.Count; t++)
        {
            sum += Math.Abs(y[t] - y[t - period]);
        }
        return sum / (y.Count - period);
    }

    static double InSampleMeanSquare(IReadOnlyList<double> y, int period)
    {
        var sum = 0.0;
        for (var t = period; t < y.Count; t++)
        {
            var d = y[t] - y[t - period];
            sum += d * d;
        }
        return sum / (y.Count - period);
    }
}
