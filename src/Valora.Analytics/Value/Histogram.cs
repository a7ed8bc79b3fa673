namespace Valora.Analytics.Value;

/// <summary>Equal-width histogram bins.</summary>
public static class Histogram
{
    /// <summary>
    /// <paramref name="bins"/> equal-width bins from min(0, smallest) to the largest value; bin i covers
    /// [lower, upper), the last one also its upper edge, so every value is counted once. All values equal → one bin.
    /// </summary>
    /// <exception cref="ArgumentException">No values, a non-finite value, or fewer than one bin.</exception>
    public static IReadOnlyList<HistogramBin> Build(IReadOnlyList<double> values, int bins)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        if (values.Count == 0)
        {
            throw new ArgumentException("No values to bin.", nameof(values));
        }
        if (values.Any(v => !double.IsFinite(v)))
        {
            throw new ArgumentException("Every value must be a finite number.", nameof(values));
        }
        var low = Math.Min(0, values.Min());
        var high = values.Max();
        if (high <= low)
        {
            return [new HistogramBin(low, high, values.Count)];
        }
        var width = (high - low) / bins;
        var counts = new int[bins];
        foreach (var v in values)
        {
            counts[Math.Min(bins - 1, (int)((v - low) / width))]++;
        }
        return [.. counts.Select((c, i) => new HistogramBin(low + i * width, i == bins - 1 ? high : low + (i + 1) * width, c))];
    }
}

/// <param name="Lower">Inclusive lower edge.</param>
/// <param name="Upper">Exclusive upper edge (inclusive for the last bin).</param>
/// <param name="Count">Values in the bin.</param>
public sealed record HistogramBin(double Lower, double Upper, int Count);
