namespace Valora.Analytics.Churn;

/// <summary>
/// What contacting every customer whose churn probability is ≥ a threshold would catch, from the scores alone: the
/// customers' future is not known yet, so the churners among them are counted in expectation (Σ P), which is the true
/// count on average when the probabilities are calibrated. Precision and recall are the expected ones on the same
/// footing: Σ P over the flagged ÷ the flagged, and ÷ Σ P over everyone.
/// </summary>
public static class ExpectedCatch
{
    /// <summary>One point per threshold, in the order given.</summary>
    /// <param name="probabilities">Each customer's churn probability, in [0, 1].</param>
    /// <param name="thresholds">Thresholds to evaluate; a customer is flagged when their probability is ≥ the threshold.</param>
    /// <exception cref="ArgumentException">A probability is outside [0, 1] or not a number, or a threshold is not a number.</exception>
    public static IReadOnlyList<ExpectedCatchPoint> At(IReadOnlyList<double> probabilities, IReadOnlyList<double> thresholds)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(thresholds);
        if (probabilities.Any(p => !(p >= 0 && p <= 1)))
        {
            throw new ArgumentException("every probability must be in [0, 1].", nameof(probabilities));
        }
        if (thresholds.Any(double.IsNaN))
        {
            throw new ArgumentException("a threshold is not a number.", nameof(thresholds));
        }
        // Highest first, with the running Σ P: the flagged at t are a prefix, found by binary search.
        var sorted = probabilities.OrderByDescending(p => p).ToArray();
        var prefix = new double[sorted.Length + 1];
        for (var i = 0; i < sorted.Length; i++)
        {
            prefix[i + 1] = prefix[i] + sorted[i];
        }
        var total = prefix[^1];
        return [.. thresholds.Select(t =>
        {
            var flagged = Flagged(sorted, t);
            var caught = prefix[flagged];
            return new ExpectedCatchPoint(t, flagged, caught, flagged == 0 ? null : caught / flagged, total > 0 ? caught / total : null);
        })];
    }

    /// <summary>How many of the descending <paramref name="sorted"/> are ≥ <paramref name="threshold"/>.</summary>
    static int Flagged(double[] sorted, double threshold)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] >= threshold) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }
}

/// <summary>The expected catch at one threshold.</summary>
/// <param name="Threshold">Customers with a probability ≥ this are flagged.</param>
/// <param name="Flagged">Customers flagged (contacts needed).</param>
/// <param name="ExpectedChurners">Σ P over the flagged: churners expected among them.</param>
/// <param name="Precision">Expected precision, <see cref="ExpectedChurners"/> ÷ <see cref="Flagged"/>; null when nobody is flagged.</param>
/// <param name="Recall">Expected recall, <see cref="ExpectedChurners"/> ÷ Σ P over every customer; null when that is 0.</param>
public sealed record ExpectedCatchPoint(double Threshold, int Flagged, double ExpectedChurners, double? Precision, double? Recall);
