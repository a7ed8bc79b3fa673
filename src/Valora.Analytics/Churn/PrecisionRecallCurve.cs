namespace Valora.Analytics.Churn;

/// <summary>
/// The precision/recall curve of a score on labelled rows, one point per distinct score (scikit-learn's
/// <c>precision_recall_curve</c> without its final (recall 0, precision 1) point): contacting every row whose score is
/// ≥ the point's threshold catches <see cref="CurvePoint.Caught"/> positives with
/// <see cref="CurvePoint.Contacts"/> contacts. Points run from the highest threshold (fewest contacts) down.
/// </summary>
public sealed class PrecisionRecallCurve
{
    PrecisionRecallCurve(IReadOnlyList<CurvePoint> points, long positives, long total)
    {
        Points = points;
        Positives = positives;
        Total = total;
    }

    /// <summary>One point per distinct score, highest threshold first.</summary>
    public IReadOnlyList<CurvePoint> Points { get; }

    /// <summary>Positives among the rows.</summary>
    public long Positives { get; }

    /// <summary>Rows.</summary>
    public long Total { get; }

    /// <summary>The curve of <paramref name="scores"/> against <paramref name="labels"/>.</summary>
    /// <exception cref="ArgumentException">Lengths differ, a score is not finite, or there is no positive.</exception>
    public static PrecisionRecallCurve Of(IReadOnlyList<bool> labels, IReadOnlyList<double> scores)
    {
        BinaryMetrics.Check(labels, scores, probabilities: false);
        var (positives, _) = BinaryMetrics.Counts(labels);
        if (positives == 0)
        {
            throw new ArgumentException("a precision/recall curve needs at least one positive label.", nameof(labels));
        }
        var order = BinaryMetrics.Descending(scores);
        var points = new List<CurvePoint>();
        long tp = 0, contacts = 0;
        for (var k = 0; k < order.Length; k++)
        {
            contacts++;
            if (labels[order[k]]) tp++;
            if (k == order.Length - 1 || scores[order[k + 1]] != scores[order[k]])
            {
                points.Add(new CurvePoint(scores[order[k]], contacts, tp, (double)tp / contacts, (double)tp / positives));
            }
        }
        return new PrecisionRecallCurve(points, positives, labels.Count);
    }

    /// <summary>The operating point of a threshold: the rows with score ≥ <paramref name="threshold"/>.</summary>
    public CurvePoint At(double threshold)
    {
        CurvePoint? chosen = null;
        foreach (var p in Points)
        {
            if (p.Threshold < threshold) break;
            chosen = p;
        }
        return chosen ?? new CurvePoint(threshold, 0, 0, 0, 0);
    }
}

/// <summary>One operating point of a <see cref="PrecisionRecallCurve"/>.</summary>
/// <param name="Threshold">Rows with a score ≥ this are contacted.</param>
/// <param name="Contacts">How many rows that is.</param>
/// <param name="Caught">Positives among them.</param>
/// <param name="Precision">Caught / contacts.</param>
/// <param name="Recall">Caught / all positives.</param>
public sealed record CurvePoint(double Threshold, long Contacts, long Caught, double Precision, double Recall)
{
    /// <summary>2·P·R / (P + R), 0 when both are 0.</summary>
    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);
}
