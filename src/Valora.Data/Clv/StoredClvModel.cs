using System.Text.Json;
using Valora.Analytics.Clv;

namespace Valora.Data.Clv;

/// <summary>
/// A fitted CLV model as plain data — the form kept in <c>ModelRuns.ParametersJson</c>: parameter names and values,
/// the covariance of the log-parameters (for per-customer intervals) and the time unit. Never a serialised object.
/// </summary>
public sealed record StoredClvModel(
    string Kind,
    IReadOnlyList<string> Names,
    IReadOnlyList<double> Values,
    double[][]? LogCovariance,
    double DaysPerUnit)
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static StoredClvModel FromJson(string json) =>
        JsonSerializer.Deserialize<StoredClvModel>(json, Json) ?? throw new InvalidOperationException("Empty model parameters.");

    public double this[string name] => Values[Names.ToList().IndexOf(name) is >= 0 and var i ? i : throw new KeyNotFoundException(name)];

    /// <summary>The purchase model (BG/NBD or Pareto/NBD) these parameters describe.</summary>
    public IPurchaseModel ToPurchaseModel() => Kind switch
    {
        "bgnbd" => new BetaGeoParameters(this["r"], this["alpha"], this["a"], this["b"]),
        "paretonbd" => new ParetoNbdModel(this["r"], this["alpha"], this["s"], this["beta"]),
        _ => throw new InvalidOperationException($"A {Kind} model is not a purchase model."),
    };

    /// <summary>The Gamma-Gamma spend model, with its covariance so intervals can include spend uncertainty.</summary>
    public GammaGammaParameters ToSpendModel() => Kind == "gammagamma"
        ? new GammaGammaParameters(this["p"], this["q"], this["gamma"])
        {
            Diagnostics = new FitDiagnostics(double.NaN, 0, 0, 0, CovarianceMatrix(), []),
        }
        : throw new InvalidOperationException($"A {Kind} model is not a spend model.");

    /// <summary>The covariance of the log-parameters as a matrix; null when the fit had none.</summary>
    public double[,]? CovarianceMatrix()
    {
        {
            if (LogCovariance is null)
            {
                return null;
            }
            var n = LogCovariance.Length;
            var m = new double[n, n];
            for (var i = 0; i < n; i++)
            {
                for (var j = 0; j < n; j++)
                {
                    m[i, j] = LogCovariance[i][j];
                }
            }
            return m;
        }
    }

    public static double[][]? Jagged(double[,]? matrix)
    {
        if (matrix is null)
        {
            return null;
        }
        var n = matrix.GetLength(0);
        return [.. Enumerable.Range(0, n).Select(i => Enumerable.Range(0, matrix.GetLength(1)).Select(j => matrix[i, j]).ToArray())];
    }
}
