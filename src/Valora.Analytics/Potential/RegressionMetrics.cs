namespace Valora.Analytics.Potential;

/// <summary>How close predictions came to what was observed.</summary>
/// <param name="Count">Rows compared.</param>
/// <param name="MeanAbsoluteError">MAE = Σ|y − ŷ| / n.</param>
/// <param name="RootMeanSquaredError">RMSE = √(Σ(y − ŷ)² / n).</param>
/// <param name="RSquared">R² = 1 − Σ(y − ŷ)² / Σ(y − ȳ)² with ȳ the mean of the observed values; null when they do not vary.</param>
public sealed record RegressionMetrics(int Count, double MeanAbsoluteError, double RootMeanSquaredError, double? RSquared)
{
    /// <summary>The metrics of <paramref name="predicted"/> against <paramref name="actual"/>.</summary>
    /// <exception cref="ArgumentException">The lists differ in length or are empty.</exception>
    public static RegressionMetrics Of(IReadOnlyList<double> actual, IReadOnlyList<double> predicted)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(predicted);
        if (actual.Count == 0 || actual.Count != predicted.Count)
        {
            throw new ArgumentException($"need as many predictions as observations, and at least one (got {predicted.Count} and {actual.Count}).", nameof(predicted));
        }
        var n = actual.Count;
        var mean = actual.Average();
        double abs = 0, squared = 0, total = 0;
        for (var i = 0; i < n; i++)
        {
            var e = actual[i] - predicted[i];
            abs += Math.Abs(e);
            squared += e * e;
            total += (actual[i] - mean) * (actual[i] - mean);
        }
        return new RegressionMetrics(n, abs / n, Math.Sqrt(squared / n), total > 0 ? 1 - (squared / total) : null);
    }
}
