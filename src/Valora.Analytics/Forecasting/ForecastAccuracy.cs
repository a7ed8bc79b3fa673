namespace Valora.Analytics.Forecasting;

/// <summary>Holdout errors of one forecast against the actual values.</summary>
/// <param name="Mape">Mean absolute percentage error, in percent; null when an actual value is 0 (undefined).</param>
/// <param name="Smape">Symmetric MAPE, in percent: 100/h Σ 2|y − ŷ| / (|y| + |ŷ|) (a term with y = ŷ = 0 counts 0).</param>
/// <param name="Mase">Mean absolute scaled error: the holdout MAE over the in-sample seasonal-naive MAE; null when that scale is 0.</param>
/// <param name="Mae">Mean absolute error, in the series' unit.</param>
public sealed record ForecastErrors(double? Mape, double Smape, double? Mase, double Mae);

/// <summary>Forecast accuracy measures ("Forecasting: principles and practice" §5.8).</summary>
public static class ForecastAccuracy
{
    /// <summary>MAPE = 100/h Σ |y − ŷ| / |y|; null when some y is 0.</summary>
    public static double? Mape(IReadOnlyList<double> actual, IReadOnlyList<double> forecast)
    {
        CheckPair(actual, forecast);
        var sum = 0.0;
        for (var i = 0; i < actual.Count; i++)
        {
            if (actual[i] == 0)
            {
                return null;
            }
            sum += Math.Abs((actual[i] - forecast[i]) / actual[i]);
        }
        return 100 * sum / actual.Count;
    }

    /// <summary>sMAPE = 100/h Σ 2|y − ŷ| / (|y| + |ŷ|), a term with y = ŷ = 0 counting 0.</summary>
    public static double Smape(IReadOnlyList<double> actual, IReadOnlyList<double> forecast)
    {
        CheckPair(actual, forecast);
        var sum = 0.0;
        for (var i = 0; i < actual.Count; i++)
        {
            var denominator = Math.Abs(actual[i]) + Math.Abs(forecast[i]);
            sum += denominator == 0 ? 0 : 2 * Math.Abs(actual[i] - forecast[i]) / denominator;
        }
        return 100 * sum / actual.Count;
    }

    /// <summary>Mean absolute error.</summary>
    public static double Mae(IReadOnlyList<double> actual, IReadOnlyList<double> forecast)
    {
        CheckPair(actual, forecast);
        var sum = 0.0;
        for (var i = 0; i < actual.Count; i++)
        {
            sum += Math.Abs(actual[i] - forecast[i]);
        }
        return sum / actual.Count;
    }

    /// <summary>
    /// MASE = MAE on the holdout / ((1/(n−m)) Σ_{t>m} |y_t − y_{t−m}|) over the training series; null when the scale is 0
    /// (a training series that repeats its seasons exactly).
    /// </summary>
    public static double? Mase(IReadOnlyList<double> actual, IReadOnlyList<double> forecast, IReadOnlyList<double> training, int period)
    {
        var scale = SeasonalNaive.InSampleMeanAbsoluteError(training, period);
        return scale == 0 ? null : Mae(actual, forecast) / scale;
    }

    /// <summary>All four measures at once.</summary>
    public static ForecastErrors Measure(IReadOnlyList<double> actual, IReadOnlyList<double> forecast, IReadOnlyList<double> training, int period) =>
        new(Mape(actual, forecast), Smape(actual, forecast), Mase(actual, forecast, training, period), Mae(actual, forecast));

    static void CheckPair(IReadOnlyList<double> actual, IReadOnlyList<double> forecast)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(forecast);
        if (actual.Count == 0 || actual.Count != forecast.Count)
        {
            throw new ArgumentException($"Actual ({actual.Count}) and forecast ({forecast.Count}) must be non-empty and of equal length.", nameof(forecast));
        }
    }
}
