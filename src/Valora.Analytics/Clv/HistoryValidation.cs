using System.Globalization;

namespace Valora.Analytics.Clv;

/// <summary>Checks the (x, tₓ, T) rules every fitter and scorer relies on, with messages naming the bad row.</summary>
internal static class HistoryValidation
{
    /// <summary>
    /// Throws <see cref="ArgumentException"/> unless every history has x ≥ 0, finite 0 ≤ tₓ ≤ T, tₓ = 0 when x = 0,
    /// tₓ &gt; 0 when x &gt; 0 (repeat occasions come after the first), finite z̄,
    /// and, when <paramref name="uniqueIds"/>, no customer id appears twice.
    /// </summary>
    public static void Validate(IReadOnlyList<CustomerHistory> histories, string paramName, bool uniqueIds)
    {
        ArgumentNullException.ThrowIfNull(histories, paramName);
        if (histories.Count == 0)
        {
            throw new ArgumentException("histories is empty: there is nothing to fit.", paramName);
        }
        var increasing = true;
        var previous = long.MinValue;
        for (var i = 0; i < histories.Count; i++)
        {
            var h = histories[i];
            Check(h, i, paramName);
            if (h.CustomerId <= previous)
            {
                increasing = false;
            }
            previous = h.CustomerId;
        }
        if (uniqueIds && !increasing)
        {
            var seen = new HashSet<long>(histories.Count);
            for (var i = 0; i < histories.Count; i++)
            {
                if (!seen.Add(histories[i].CustomerId))
                {
                    throw new ArgumentException($"histories[{i}]: customer {histories[i].CustomerId} appears more than once.", paramName);
                }
            }
        }
    }

    /// <summary>Checks one history (see <see cref="Validate"/>).</summary>
    public static void Check(in CustomerHistory h, int index, string paramName)
    {
        string? problem = null;
        if (h.RepeatPurchases < 0)
        {
            problem = "repeat purchases x is negative";
        }
        else if (!double.IsFinite(h.ObservationSpan) || h.ObservationSpan < 0)
        {
            problem = "observation span T must be finite and ≥ 0";
        }
        else if (!double.IsFinite(h.RepeatSpan) || h.RepeatSpan < 0)
        {
            problem = "repeat span tₓ must be finite and ≥ 0";
        }
        else if (h.RepeatSpan > h.ObservationSpan)
        {
            problem = "repeat span tₓ is longer than observation span T";
        }
        else if (h.RepeatPurchases == 0 && h.RepeatSpan != 0)
        {
            problem = "x = 0 but tₓ ≠ 0";
        }
        else if (h.RepeatPurchases > 0 && h.RepeatSpan == 0)
        {
            problem = "x > 0 but tₓ = 0 (repeat occasions must come after the first one)";
        }
        else if (!double.IsFinite(h.MeanRepeatSpend))
        {
            problem = "mean repeat spend z̄ is not finite";
        }
        if (problem is not null)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"histories[{index}] (customer {h.CustomerId}, x = {h.RepeatPurchases}, tₓ = {h.RepeatSpan}, T = {h.ObservationSpan}): {problem}."),
                paramName);
        }
    }
}
