namespace Valora.Analytics.Churn;

/// <summary>
/// Platt scaling: P(positive | score s) = 1 / (1 + exp(−(A·s + B))), fitted by Newton's method on the
/// cross-entropy with Platt's (1999) smoothed targets (N₊ + 1)/(N₊ + 2) and 1/(N₋ + 2), which keep A finite when
/// the scores separate the classes. Fitted without class weights, so the probabilities are rates of the data as it
/// is even when the learner was trained with balanced weights.
/// </summary>
/// <param name="A">Slope on the raw score.</param>
/// <param name="B">Intercept.</param>
public sealed record PlattScaling(double A, double B)
{
    /// <summary>The calibrated log-odds A·s + B.</summary>
    public double Logit(double score) => A * score + B;

    /// <summary>The calibrated probability.</summary>
    public double Probability(double score) => Sigmoid(Logit(score));

    /// <summary>1 / (1 + e^−z), computed without overflow.</summary>
    public static double Sigmoid(double z) => z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));

    /// <summary>Fits A and B to raw scores and labels.</summary>
    /// <exception cref="ArgumentException">Lengths differ, a score is not finite, or one class is absent.</exception>
    public static PlattScaling Fit(IReadOnlyList<double> scores, IReadOnlyList<bool> labels)
    {
        BinaryMetrics.Check(labels, scores, probabilities: false);
        var (positives, negatives) = BinaryMetrics.Counts(labels);
        if (positives == 0 || negatives == 0)
        {
            throw new ArgumentException("calibration needs both classes among the training rows.", nameof(labels));
        }
        var hi = (positives + 1.0) / (positives + 2.0);
        var lo = 1.0 / (negatives + 2.0);
        double a = 0, b = Math.Log((positives + 1.0) / (negatives + 1.0));
        var current = Loss(scores, labels, a, b, hi, lo);
        for (var iteration = 0; iteration < 100; iteration++)
        {
            double ga = 0, gb = 0, haa = 0, hab = 0, hbb = 0;
            for (var i = 0; i < scores.Count; i++)
            {
                var p = Sigmoid(a * scores[i] + b);
                var t = labels[i] ? hi : lo;
                var d = p - t;
                var w = Math.Max(p * (1 - p), 1e-12);
                ga += d * scores[i];
                gb += d;
                haa += w * scores[i] * scores[i];
                hab += w * scores[i];
                hbb += w;
            }
            haa += 1e-12;
            hbb += 1e-12;
            var det = haa * hbb - hab * hab;
            if (Math.Abs(ga) + Math.Abs(gb) < 1e-10 * scores.Count || det <= 0) break;
            var da = (hbb * ga - hab * gb) / det;
            var db = (haa * gb - hab * ga) / det;
            // Backtracking: Newton's full step can overshoot on nearly separable scores.
            var step = 1.0;
            while (step > 1e-10)
            {
                var next = Loss(scores, labels, a - step * da, b - step * db, hi, lo);
                if (next <= current)
                {
                    a -= step * da;
                    b -= step * db;
                    var improved = current - next;
                    current = next;
                    step = improved < 1e-14 * scores.Count ? 0 : step;
                    break;
                }
                step /= 2;
            }
            if (step <= 1e-10) break;
        }
        return new PlattScaling(a, b);
    }

    static double Loss(IReadOnlyList<double> scores, IReadOnlyList<bool> labels, double a, double b, double hi, double lo)
    {
        var loss = 0.0;
        for (var i = 0; i < scores.Count; i++)
        {
            var z = a * scores[i] + b;
            var t = labels[i] ? hi : lo;
            // −[t·log σ(z) + (1 − t)·log(1 − σ(z))] = log(1 + e^z) − t·z, stably.
            loss += (z > 0 ? z + Math.Log(1 + Math.Exp(-z)) : Math.Log(1 + Math.Exp(z))) - t * z;
        }
        return loss;
    }
}
