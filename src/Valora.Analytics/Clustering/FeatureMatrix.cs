using System.Globalization;

namespace Valora.Analytics.Clustering;

/// <summary>
/// Points to cluster: <see cref="Rows"/> points × <see cref="Columns"/> features, stored row-major in one array
/// (row r, feature f at <c>Values[r * Columns + f]</c>). Every value is finite.
/// </summary>
public sealed class FeatureMatrix
{
    /// <summary>Wraps <paramref name="values"/> (not copied).</summary>
    /// <param name="values">Row-major values; length = rows × names.Count; every value finite.</param>
    /// <param name="names">One name per feature (column), used by profiles and names.</param>
    /// <exception cref="ArgumentException">The length does not match, no feature is named, or a value is NaN or
    /// infinite (the message names the row and feature).</exception>
    public FeatureMatrix(double[] values, IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(names);
        if (names.Count == 0)
        {
            throw new ArgumentException("At least one feature is needed.", nameof(names));
        }
        if (values.Length % names.Count != 0)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"{values.Length} values do not fill whole rows of {names.Count} features."), nameof(values));
        }
        Columns = names.Count;
        Rows = values.Length / Columns;
        for (var i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"Row {i / Columns + 1}, feature '{names[i % Columns]}': {values[i]} is not a finite number."), nameof(values));
            }
        }
        Values = values;
        Names = names;
    }

    /// <summary>Builds a matrix from one array per point.</summary>
    public static FeatureMatrix FromRows(IReadOnlyList<double[]> rows, IReadOnlyList<string>? names = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0 && names is null)
        {
            throw new ArgumentException("Give the feature names when there are no rows.", nameof(names));
        }
        var d = names?.Count ?? rows[0].Length;
        names ??= Enumerable.Range(1, d).Select(i => string.Create(CultureInfo.InvariantCulture, $"x{i}")).ToArray();
        var values = new double[rows.Count * d];
        for (var r = 0; r < rows.Count; r++)
        {
            if (rows[r].Length != d)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"Row {r + 1} has {rows[r].Length} values where {d} features are named."), nameof(rows));
            }
            rows[r].CopyTo(values, r * d);
        }
        return new FeatureMatrix(values, names);
    }

    /// <summary>Row-major values.</summary>
    public double[] Values { get; }

    /// <summary>Feature names, one per column.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Number of points.</summary>
    public int Rows { get; }

    /// <summary>Number of features.</summary>
    public int Columns { get; }

    /// <summary>The features of point <paramref name="row"/>.</summary>
    public ReadOnlySpan<double> Row(int row) => Values.AsSpan(row * Columns, Columns);

    /// <summary>Value of feature <paramref name="column"/> of point <paramref name="row"/>.</summary>
    public double this[int row, int column] => Values[row * Columns + column];
}
