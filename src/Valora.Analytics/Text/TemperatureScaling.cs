namespace Valora.Analytics.Text;

/// <summary>
/// Temperature scaling of class probabilities (Guo et al. 2017, "On Calibration of Modern Neural Networks", §4.2):
/// q_k = p_k^(1/T) / Σ_j p_j^(1/T), i.e. the log-probabilities divided by T before the softmax. One parameter, so it
/// cannot change which class is predicted, only how sure the model says it is: T &gt; 1 softens an over-confident
/// model (a weakly regularised linear model on many n-grams is one), T &lt; 1 sharpens. T is fitted by minimising the
/// log loss of held-out (out-of-fold) probabilities; the loss is convex in 1/T, so a golden-section search finds it.
/// </summary>
/// <param name="Temperature">T &gt; 0; 1 leaves the probabilities as they are.</param>
public sealed record TemperatureScaling(double Temperature)
{
    /// <summary>Probabilities below this are taken as this, so log p stays finite.</summary>
    public const double Floor = 1e-15;

    /// <summary>T = 1: no change.</summary>
    public static TemperatureScaling None { get; } = new(1);

    /// <summary>The rescaled probabilities (a new array summing to 1).</summary>
    public double[] Apply(IReadOnlyList<double> probabilities)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        var beta = 1 / Temperature;
        var z = new double[probabilities.Count];
        var max = double.NegativeInfinity;
        for (var k = 0; k < z.Length; k++)
        {
            z[k] = beta * Math.Log(Math.Max(probabilities[k], Floor));
            max = Math.Max(max, z[k]);
        }
        var sum = 0.0;
        for (var k = 0; k < z.Length; k++)
        {
            z[k] = Math.Exp(z[k] - max);
            sum += z[k];
        }
        for (var k = 0; k < z.Length; k++) z[k] /= sum;
        return z;
    }

    /// <summary>Fits T to held-out probabilities and the true class of each row.</summary>
    /// <param name="probabilities">Per row, the probability of each class.</param>
    /// <param name="actual">Per row, the index of its true class.</param>
    /// <exception cref="ArgumentException">No rows, lengths differ, or a class index is out of range.</exception>
    public static TemperatureScaling Fit(IReadOnlyList<IReadOnlyList<double>> probabilities, IReadOnlyList<int> actual)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(actual);
        if (probabilities.Count == 0 || probabilities.Count != actual.Count)
        {
            throw new ArgumentException($"calibration needs rows and one class per row ({probabilities.Count} rows, {actual.Count} classes).");
        }
        var logs = new double[probabilities.Count][];
        for (var i = 0; i < logs.Length; i++)
        {
            if (actual[i] < 0 || actual[i] >= probabilities[i].Count)
            {
                throw new ArgumentException($"row {i}: class {actual[i]} is out of range.", nameof(actual));
            }
            logs[i] = [.. probabilities[i].Select(p => Math.Log(Math.Max(p, Floor)))];
        }
        // Golden section on β = 1/T in [1/20, 20].
        double lo = 0.05, hi = 20;
        var ratio = (Math.Sqrt(5) - 1) / 2;
        double a = hi - ratio * (hi - lo), b = lo + ratio * (hi - lo);
        double fa = Loss(logs, actual, a), fb = Loss(logs, actual, b);
        for (var iteration = 0; iteration < 100 && hi - lo > 1e-6; iteration++)
        {
            if (fa <= fb)
            {
                hi = b;
                (b, fb) = (a, fa);
                a = hi - ratio * (hi - lo);
                fa = Loss(logs, actual, a);
            }
            else
            {
                lo = a;
                (a, fa) = (b, fb);
                b = lo + ratio * (hi - lo);
                fb = Loss(logs, actual, b);
            }
        }
        return new TemperatureScaling(1 / ((lo + hi) / 2));
    }

    /// <summary>Mean log loss at β: −β·log p_y + log Σ_k exp(β·log p_k).</summary>
    static double Loss(double[][] logs, IReadOnlyList<int> actual, double beta)
    {
        var total = 0.0;
        for (var i = 0; i < logs.Length; i++)
        {
            var row = logs[i];
            var max = double.NegativeInfinity;
            foreach (var l in row) max = Math.Max(max, beta * l);
            var sum = 0.0;
            foreach (var l in row) sum += Math.Exp(beta * l - max);
            total += max + Math.Log(sum) - beta * row[actual[i]];
        }
        return total / logs.Length;
    }
}
