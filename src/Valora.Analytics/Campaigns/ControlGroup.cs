namespace Valora.Analytics.Campaigns;

/// <summary>Random hold-out of a campaign's target list.</summary>
public static class ControlGroup
{
    /// <summary>
    /// Marks exactly round(share × n) of <paramref name="count"/> targets as control, uniformly at random
    /// (a seeded partial Fisher–Yates shuffle): the same seed and count always give the same group.
    /// </summary>
    /// <returns>For each target index, true when it is held out.</returns>
    /// <exception cref="ArgumentOutOfRangeException">share is not in (0, 1) or count is negative.</exception>
    public static bool[] Draw(int count, double share, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (!(share > 0 && share < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(share), share, "the control share must be between 0 and 1 (exclusive).");
        }
        var controls = (int)Math.Round(share * count, MidpointRounding.AwayFromZero);
        var order = new int[count];
        for (var i = 0; i < count; i++) order[i] = i;
        var rng = new Random(seed);
        var held = new bool[count];
        for (var i = 0; i < controls; i++)
        {
            var j = rng.Next(i, count);
            (order[i], order[j]) = (order[j], order[i]);
            held[order[i]] = true;
        }
        return held;
    }
}
