using System.Globalization;

namespace Valora.Analytics.Clustering;

/// <summary>Feature preparation: optional log1p, optional standardisation (see <see cref="FeatureOptions"/>).</summary>
public static class FeaturePreparation
{
    /// <summary>Prepares <paramref name="raw"/>; the raw matrix is not changed.</summary>
    /// <exception cref="ArgumentException">Log1p is asked for and a value is ≤ −1 (the message names row and
    /// feature), or there are no rows.</exception>
    public static PreparedFeatures Prepare(FeatureMatrix raw, FeatureOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(raw);
        options ??= new FeatureOptions();
        if (raw.Rows == 0)
        {
            throw new ArgumentException("There are no points to prepare.", nameof(raw));
        }
        var d = raw.Columns;
        var values = (double[])raw.Values.Clone();
        if (options.Log1p)
        {
            for (var i = 0; i < values.Length; i++)
            {
                if (values[i] <= -1)
                {
                    throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                        $"Row {i / d + 1}, feature '{raw.Names[i % d]}': log1p needs values > -1 but the value is {values[i]}."), nameof(raw));
                }
                values[i] = Math.Log(1 + values[i]);
            }
        }
        var means = new double[d];
        var scales = Enumerable.Repeat(1.0, d).ToArray();
        if (options.Standardise)
        {
            var n = raw.Rows;
            for (var f = 0; f < d; f++)
            {
                double sum = 0;
                for (var r = 0; r < n; r++)
                {
                    sum += values[r * d + f];
                }
                var mean = sum / n;
                double ss = 0;
                for (var r = 0; r < n; r++)
                {
                    var dev = values[r * d + f] - mean;
                    ss += dev * dev;
                }
                var sd = Math.Sqrt(ss / n);
                means[f] = mean;
                scales[f] = sd > 0 ? sd : 1;
                for (var r = 0; r < n; r++)
                {
                    values[r * d + f] = (values[r * d + f] - mean) / scales[f];
                }
            }
        }
        return new PreparedFeatures(new FeatureMatrix(values, raw.Names), options, means, scales);
    }
}

/// <summary>Prepared features and what was done to them (so new points can be prepared the same way).</summary>
/// <param name="Matrix">The prepared points.</param>
/// <param name="Options">The options used.</param>
/// <param name="Means">Per feature, the mean subtracted (after log1p); zeros without standardisation.</param>
/// <param name="Scales">Per feature, the divisor (population sd, 1 for a constant feature or without standardisation).</param>
public sealed record PreparedFeatures(FeatureMatrix Matrix, FeatureOptions Options, IReadOnlyList<double> Means, IReadOnlyList<double> Scales);
