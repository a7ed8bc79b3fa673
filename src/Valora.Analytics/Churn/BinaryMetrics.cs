namespace Valora.Analytics.Churn;

/// <summary>
/// Metrics of a binary classifier from true labels and predicted probabilities (or scores), with scikit-learn's
/// definitions so results compare with it: ROC AUC as the probability that a random positive outranks a random
/// negative, ties counting one half (<c>roc_auc_score</c>); average precision Σₙ (Rₙ − Rₙ₋₁)·Pₙ over the distinct
/// scores in descending order, no interpolation (<c>average_precision_score</c>); log loss with probabilities clipped
/// to [ε, 1 − ε], ε the double's machine epsilon (<c>log_loss(eps="auto")</c>); Brier score the mean squared
/// difference (<c>brier_score_loss</c>). A score at or above the threshold predicts the positive class.
/// </summary>
public static class BinaryMetrics
{
    /// <summary>Area under the ROC curve; ties between a positive and a negative count one half.</summary>
    /// <exception cref="ArgumentException">Lengths differ, a score is not finite, or one class is absent.</exception>
    public static double RocAuc(IReadOnlyList<bool> labels, IReadOnlyList<double> scores)
    {
        Check(labels, scores, probabilities: false);
        var (positives, negatives) = Counts(labels);
        RequireBothClasses(positives, negatives, "ROC AUC");
        var order = Descending(scores);
        // Walk the distinct scores from the highest: each negative is outranked by every positive above its score and
        // ties with each positive of the same score (one half each) — the Mann–Whitney U with mid-ranks.
        double below = 0; // pairs (positive, negative) with the positive ranked higher, ties as one half
        long positivesAbove = 0;
        var k = 0;
        while (k < order.Length)
        {
            var s = scores[order[k]];
            long groupPositives = 0, groupNegatives = 0;
            while (k < order.Length && scores[order[k]] == s)
            {
                if (labels[order[k]]) groupPositives++; else groupNegatives++;
                k++;
            }
            below += groupNegatives * (positivesAbove + 0.5 * groupPositives);
            positivesAbove += groupPositives;
        }
        return below / ((double)positives * negatives);
    }

    /// <summary>Average precision (the area under the precision/recall curve as scikit-learn sums it).</summary>
    /// <exception cref="ArgumentException">Lengths differ, a score is not finite, or there is no positive.</exception>
    public static double AveragePrecision(IReadOnlyList<bool> labels, IReadOnlyList<double> scores)
    {
        var curve = PrecisionRecallCurve.Of(labels, scores);
        var ap = 0.0;
        var previousRecall = 0.0;
        // Points run from the highest threshold (lowest recall) down.
        foreach (var p in curve.Points)
        {
            ap += (p.Recall - previousRecall) * p.Precision;
            previousRecall = p.Recall;
        }
        return ap;
    }

    /// <summary>Mean negative log-likelihood; probabilities clipped to [ε, 1 − ε] with ε = 2.22e-16.</summary>
    /// <exception cref="ArgumentException">Lengths differ, or a probability is outside [0, 1].</exception>
    public static double LogLoss(IReadOnlyList<bool> labels, IReadOnlyList<double> probabilities)
    {
        Check(labels, probabilities, probabilities: true);
        const double eps = 2.220446049250313e-16; // numpy finfo(float64).eps
        var sum = 0.0;
        for (var i = 0; i < labels.Count; i++)
        {
            var p = Math.Clamp(probabilities[i], eps, 1 - eps);
            sum -= labels[i] ? Math.Log(p) : Math.Log(1 - p);
        }
        return sum / labels.Count;
    }

    /// <summary>Brier score: the mean of (p − y)².</summary>
    /// <exception cref="ArgumentException">Lengths differ, or a probability is outside [0, 1].</exception>
    public static double BrierScore(IReadOnlyList<bool> labels, IReadOnlyList<double> probabilities)
    {
        Check(labels, probabilities, probabilities: true);
        var sum = 0.0;
        for (var i = 0; i < labels.Count; i++)
        {
            var d = probabilities[i] - (labels[i] ? 1 : 0);
            sum += d * d;
        }
        return sum / labels.Count;
    }

    /// <summary>The confusion matrix when a score ≥ <paramref name="threshold"/> predicts the positive class.</summary>
    public static ConfusionMatrix Confusion(IReadOnlyList<bool> labels, IReadOnlyList<double> scores, double threshold)
    {
        Check(labels, scores, probabilities: false);
        if (double.IsNaN(threshold))
        {
            throw new ArgumentException("the threshold must be a number.", nameof(threshold));
        }
        long tp = 0, fp = 0, tn = 0, fn = 0;
        for (var i = 0; i < labels.Count; i++)
        {
            var predicted = scores[i] >= threshold;
            if (labels[i])
            {
                if (predicted) tp++; else fn++;
            }
            else if (predicted)
            {
                fp++;
            }
            else
            {
                tn++;
            }
        }
        return new ConfusionMatrix(threshold, tp, fp, tn, fn);
    }

    /// <summary>
    /// Calibration table: predicted vs observed churn rate per quantile bin of the predicted probability, as
    /// scikit-learn's <c>calibration_curve(strategy="quantile")</c> bins (edges at the linear-interpolated
    /// percentiles 0, 100/bins, …, 100; a probability equal to an inner edge falls in the lower bin; empty bins are
    /// left out — ties can make fewer bins than asked).
    /// </summary>
    public static IReadOnlyList<CalibrationBin> Calibration(IReadOnlyList<bool> labels, IReadOnlyList<double> probabilities, int bins = 10)
    {
        Check(labels, probabilities, probabilities: true);
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        var sorted = probabilities.ToArray();
        Array.Sort(sorted);
        var edges = new double[bins + 1];
        for (var b = 0; b <= bins; b++)
        {
            edges[b] = Percentile(sorted, 100.0 * b / bins);
        }
        var count = new long[bins];
        var sumPredicted = new double[bins];
        var sumObserved = new double[bins];
        for (var i = 0; i < labels.Count; i++)
        {
            // numpy searchsorted(edges[1:-1], p, side="left"): the number of inner edges strictly below p.
            var bin = 0;
            while (bin < bins - 1 && edges[bin + 1] < probabilities[i]) bin++;
            count[bin]++;
            sumPredicted[bin] += probabilities[i];
            if (labels[i]) sumObserved[bin]++;
        }
        var table = new List<CalibrationBin>();
        for (var b = 0; b < bins; b++)
        {
            if (count[b] > 0)
            {
                table.Add(new CalibrationBin(b + 1, edges[b], edges[b + 1], count[b], sumPredicted[b] / count[b], sumObserved[b] / count[b]));
            }
        }
        return table;
    }

    /// <summary>numpy's default (linear) percentile of sorted values.</summary>
    internal static double Percentile(double[] sorted, double percent)
    {
        var position = percent / 100 * (sorted.Length - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Length - 1);
        var fraction = position - lower;
        return sorted[lower] + (sorted[upper] - sorted[lower]) * fraction;
    }

    /// <summary>Row indices ordered by descending score; equal scores keep row order.</summary>
    internal static int[] Descending(IReadOnlyList<double> scores)
    {
        var order = Enumerable.Range(0, scores.Count).ToArray();
        // A stable sort: OrderByDescending is stable.
        return [.. order.OrderByDescending(i => scores[i])];
    }

    internal static (long Positives, long Negatives) Counts(IReadOnlyList<bool> labels)
    {
        long positives = 0;
        for (var i = 0; i < labels.Count; i++)
        {
            if (labels[i]) positives++;
        }
        return (positives, labels.Count - positives);
    }

    static void RequireBothClasses(long positives, long negatives, string metric)
    {
        if (positives == 0 || negatives == 0)
        {
            throw new ArgumentException($"{metric} needs both classes; the labels hold only {(positives == 0 ? "negatives" : "positives")}.");
        }
    }

    internal static void Check(IReadOnlyList<bool> labels, IReadOnlyList<double> scores, bool probabilities)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(scores);
        if (labels.Count != scores.Count)
        {
            throw new ArgumentException($"labels and scores must have the same length ({labels.Count}, {scores.Count}).");
        }
        if (labels.Count == 0)
        {
            throw new ArgumentException("at least one labelled row is needed.", nameof(labels));
        }
        for (var i = 0; i < scores.Count; i++)
        {
            var s = scores[i];
            if (!double.IsFinite(s) || (probabilities && (s < 0 || s > 1)))
            {
                throw new ArgumentException(probabilities
                    ? $"probability {i} is {s}: a probability must lie in [0, 1]."
                    : $"score {i} is not a finite number ({s}).", nameof(scores));
            }
        }
    }
}
