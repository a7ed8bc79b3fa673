using MathNet.Numerics.LinearAlgebra;

namespace Valora.Analytics.Potential;

/// <summary>
/// A linear model of several targets at once, y_k = b_k + Σ_j w_kj·x_j: one least-squares fit for all outputs
/// (the multi-output regression of the source article), since ordinary least squares of each target on the same
/// features shares one Gram matrix.
/// </summary>
/// <param name="Intercepts">b_k per target.</param>
/// <param name="Coefficients">w_kj per target k and feature j, on the features' own scale.</param>
public sealed record LinearMultiOutputModel(IReadOnlyList<double> Intercepts, IReadOnlyList<IReadOnlyList<double>> Coefficients)
{
    /// <summary>Number of features a row has.</summary>
    public int Width => Coefficients.Count == 0 ? 0 : Coefficients[0].Count;

    /// <summary>Prediction of target <paramref name="target"/> for one row.</summary>
    public double Predict(int target, IReadOnlyList<double> row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var w = Coefficients[target];
        var y = Intercepts[target];
        for (var j = 0; j < w.Count; j++)
        {
            y += w[j] * row[j];
        }
        return y;
    }
}

/// <summary>
/// Ordinary least squares with an intercept for several targets in one fit. The features are centred and scaled
/// before the normal equations XᵀX·W = XᵀY are solved, and the solve is the SVD pseudo-inverse, so a constant
/// feature (a column with no spread) or two collinear ones give the minimum-norm solution (a constant column gets
/// weight 0) instead of failing. Work is O(n·p² + p³) for n rows and p features, so a million customers is one pass.
/// </summary>
public static class MultiOutputLeastSquares
{
    /// <summary>Fits every target on the same rows.</summary>
    /// <param name="rows">n rows of p features.</param>
    /// <param name="targets">n rows of k target values.</param>
    /// <exception cref="ArgumentException">No rows, ragged rows, a non-finite value, or fewer rows than p + 1.</exception>
    public static LinearMultiOutputModel Fit(IReadOnlyList<IReadOnlyList<double>> rows, IReadOnlyList<IReadOnlyList<double>> targets)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(targets);
        if (rows.Count == 0 || rows.Count != targets.Count)
        {
            throw new ArgumentException($"need as many target rows as feature rows, and at least one (got {rows.Count} and {targets.Count}).", nameof(targets));
        }
        var n = rows.Count;
        var p = rows[0].Count;
        var k = targets[0].Count;
        if (n < p + 1)
        {
            throw new ArgumentException($"a linear fit of {p} features and an intercept needs at least {p + 1} rows (got {n}).", nameof(rows));
        }
        var mean = new double[p];
        var yMean = new double[k];
        for (var i = 0; i < n; i++)
        {
            if (rows[i].Count != p || targets[i].Count != k)
            {
                throw new ArgumentException($"row {i} has {rows[i].Count} features and {targets[i].Count} targets; row 0 has {p} and {k}.", nameof(rows));
            }
            for (var j = 0; j < p; j++)
            {
                var v = rows[i][j];
                if (!double.IsFinite(v)) throw new ArgumentException($"row {i}, feature {j} is not a finite number ({v}).", nameof(rows));
                mean[j] += v;
            }
            for (var t = 0; t < k; t++)
            {
                var v = targets[i][t];
                if (!double.IsFinite(v)) throw new ArgumentException($"row {i}, target {t} is not a finite number ({v}).", nameof(targets));
                yMean[t] += v;
            }
        }
        for (var j = 0; j < p; j++) mean[j] /= n;
        for (var t = 0; t < k; t++) yMean[t] /= n;

        // Gram matrix and cross-products of the centred data, then the columns' scale.
        var gram = Matrix<double>.Build.Dense(p, p);
        var cross = Matrix<double>.Build.Dense(p, k);
        var centred = new double[p];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < p; j++) centred[j] = rows[i][j] - mean[j];
            for (var a = 0; a < p; a++)
            {
                var xa = centred[a];
                if (xa == 0) continue;
                for (var b = a; b < p; b++) gram[a, b] += xa * centred[b];
                for (var t = 0; t < k; t++) cross[a, t] += xa * (targets[i][t] - yMean[t]);
            }
        }
        var scale = new double[p];
        for (var a = 0; a < p; a++)
        {
            for (var b = 0; b < a; b++) gram[a, b] = gram[b, a];
            scale[a] = gram[a, a] > 0 ? Math.Sqrt(gram[a, a]) : 0;
        }
        for (var a = 0; a < p; a++)
        {
            for (var b = 0; b < p; b++) gram[a, b] = scale[a] > 0 && scale[b] > 0 ? gram[a, b] / (scale[a] * scale[b]) : 0;
            for (var t = 0; t < k; t++) cross[a, t] = scale[a] > 0 ? cross[a, t] / scale[a] : 0;
        }
        var solution = gram.PseudoInverse() * cross;

        var intercepts = new double[k];
        var coefficients = new IReadOnlyList<double>[k];
        for (var t = 0; t < k; t++)
        {
            var w = new double[p];
            var b0 = yMean[t];
            for (var j = 0; j < p; j++)
            {
                w[j] = scale[j] > 0 ? solution[j, t] / scale[j] : 0;
                b0 -= w[j] * mean[j];
            }
            intercepts[t] = b0;
            coefficients[t] = w;
        }
        return new LinearMultiOutputModel(intercepts, coefficients);
    }
}
