namespace Valora.Analytics.Clv;

/// <summary>Customers that share the same (x, tₓ, T): the likelihood is evaluated once per group and weighted.</summary>
/// <param name="RepeatPurchases">x.</param>
/// <param name="RepeatSpan">tₓ.</param>
/// <param name="ObservationSpan">T.</param>
/// <param name="Count">How many customers have exactly these values.</param>
public readonly record struct HistoryGroup(int RepeatPurchases, double RepeatSpan, double ObservationSpan, int Count)
{
    /// <summary>Groups histories by exact (x, tₓ, T). Order of the result is by first appearance.</summary>
    public static HistoryGroup[] Compress(IReadOnlyList<CustomerHistory> histories)
    {
        ArgumentNullException.ThrowIfNull(histories);
        var index = new HistoryKeyIndex(Math.Min(histories.Count, 1 << 16));
        var groups = new List<HistoryGroup>();
        for (var i = 0; i < histories.Count; i++)
        {
            var h = histories[i];
            var g = index.Add(h.RepeatPurchases, h.RepeatSpan, h.ObservationSpan, out var added);
            if (added)
            {
                groups.Add(new HistoryGroup(h.RepeatPurchases, h.RepeatSpan, h.ObservationSpan, 1));
            }
            else
            {
                groups[g] = groups[g] with { Count = groups[g].Count + 1 };
            }
        }
        return [.. groups];
    }
}
