namespace Valora.Analytics.Churn;

/// <summary>
/// Thresholds a user chooses instead of a fixed 0.5, from the precision/recall curve of labelled (out-of-fold)
/// predictions, and from value on unlabelled scores.
/// </summary>
public static class ThresholdPresets
{
    /// <summary>
    /// The highest threshold whose recall reaches <paramref name="recall"/>: the fewest contacts that catch that share
    /// of churners.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The target is not in (0, 1].</exception>
    public static CurvePoint TargetRecall(PrecisionRecallCurve curve, double recall)
    {
        ArgumentNullException.ThrowIfNull(curve);
        RequireShare(recall, nameof(recall));
        // Recall never falls as the threshold falls, and the last point has recall 1.
        return curve.Points.First(p => p.Recall >= recall - 1e-12);
    }

    /// <summary>
    /// The lowest threshold whose precision is still at least <paramref name="precision"/> (the most churners caught
    /// at that precision), or null when no threshold reaches it.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The target is not in (0, 1].</exception>
    public static CurvePoint? TargetPrecision(PrecisionRecallCurve curve, double precision)
    {
        ArgumentNullException.ThrowIfNull(curve);
        RequireShare(precision, nameof(precision));
        return curve.Points.LastOrDefault(p => p.Precision >= precision - 1e-12);
    }

    /// <summary>The threshold of the highest F1 (the highest such threshold on a tie).</summary>
    public static CurvePoint MaxF1(PrecisionRecallCurve curve)
    {
        ArgumentNullException.ThrowIfNull(curve);
        var best = curve.Points[0];
        foreach (var p in curve.Points)
        {
            if (p.F1 > best.F1) best = p;
        }
        return best;
    }

    /// <summary>
    /// The choice by value. Contacting a customer with churn probability p and lifetime value CLV saves, in
    /// expectation, p·CLV·<paramref name="saveRate"/> − <paramref name="contactCost"/>. Two answers: the probability
    /// threshold t maximising Σ over p ≥ t of that saving (a cut-off a scorer can apply without CLV), and the ranking by
    /// expected loss p·CLV, where the best list is everyone with p·CLV·saveRate &gt; contactCost (expected loss above
    /// contactCost ÷ saveRate). Contacting nobody (saving 0) is an allowed answer: then the threshold is +∞.
    /// </summary>
    /// <exception cref="ArgumentException">Lengths differ, a probability is outside [0, 1], a CLV is negative or not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">saveRate not in (0, 1] or contactCost negative.</exception>
    public static ValueThreshold ByValue(IReadOnlyList<double> probabilities, IReadOnlyList<double> lifetimeValues, double contactCost, double saveRate)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(lifetimeValues);
        if (probabilities.Count != lifetimeValues.Count)
        {
            throw new ArgumentException($"probabilities and lifetime values must have the same length ({probabilities.Count}, {lifetimeValues.Count}).");
        }
        if (!(saveRate > 0 && saveRate <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(saveRate), saveRate, "the save rate (share of contacted churners retained) must be in (0, 1].");
        }
        if (!(contactCost >= 0) || !double.IsFinite(contactCost))
        {
            throw new ArgumentOutOfRangeException(nameof(contactCost), contactCost, "the contact cost must be a finite number ≥ 0.");
        }
        var loss = new double[probabilities.Count];
        for (var i = 0; i < loss.Length; i++)
        {
            var p = probabilities[i];
            if (!(p >= 0 && p <= 1))
            {
                throw new ArgumentException($"probability {i} is {p}: a probability must lie in [0, 1].", nameof(probabilities));
            }
            if (!(lifetimeValues[i] >= 0) || !double.IsFinite(lifetimeValues[i]))
            {
                throw new ArgumentException($"lifetime value {i} is {lifetimeValues[i]}: it must be a finite number ≥ 0.", nameof(lifetimeValues));
            }
            loss[i] = p * lifetimeValues[i];
        }
        var byProbability = BestPrefix(probabilities, probabilities, loss, contactCost, saveRate);
        var byLoss = BestPrefix(loss, probabilities, loss, contactCost, saveRate);
        return new ValueThreshold(contactCost, saveRate, byProbability, byLoss);
    }

    // Sort by key descending; contact every row whose key is ≥ a distinct key value; keep the best total.
    static ValuePlan BestPrefix(IReadOnlyList<double> key, IReadOnlyList<double> p, double[] loss, double cost, double saveRate)
    {
        var order = BinaryMetrics.Descending(key);
        var best = new ValuePlan(double.PositiveInfinity, 0, 0, 0, 0);
        double saving = 0, caught = 0, covered = 0;
        for (var k = 0; k < order.Length; k++)
        {
            var i = order[k];
            saving += loss[i] * saveRate - cost;
            caught += p[i];
            covered += loss[i];
            if ((k == order.Length - 1 || key[order[k + 1]] != key[i]) && saving > best.ExpectedNetSaving)
            {
                best = new ValuePlan(key[i], k + 1, caught, covered, saving);
            }
        }
        return best;
    }

    static void RequireShare(double value, string name)
    {
        if (!(value > 0 && value <= 1))
        {
            throw new ArgumentOutOfRangeException(name, value, "the target must be a share in (0, 1].");
        }
    }
}

/// <summary>The value-based choice of whom to contact (see <see cref="ThresholdPresets.ByValue"/>).</summary>
/// <param name="ContactCost">Cost of one contact.</param>
/// <param name="SaveRate">Share of contacted churners who stay.</param>
/// <param name="ByProbability">The best list of the form "probability ≥ t".</param>
/// <param name="ByExpectedLoss">The best list of the form "p·CLV ≥ t" (never worse than the first).</param>
public sealed record ValueThreshold(double ContactCost, double SaveRate, ValuePlan ByProbability, ValuePlan ByExpectedLoss);

/// <summary>Whom to contact and what it is expected to bring.</summary>
/// <param name="Threshold">Contact rows whose key (probability, or expected loss) is ≥ this; +∞ = nobody.</param>
/// <param name="Contacts">How many rows.</param>
/// <param name="ExpectedChurnersCaught">Σ p over them.</param>
/// <param name="ExpectedLossCovered">Σ p·CLV over them (value at risk reached).</param>
/// <param name="ExpectedNetSaving">Σ (p·CLV·saveRate − contactCost) over them.</param>
public sealed record ValuePlan(double Threshold, long Contacts, double ExpectedChurnersCaught, double ExpectedLossCovered, double ExpectedNetSaving);
