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
        var index = new Dictionary<(int, double, double), int>();
        var groups = new List<HistoryGroup>();
        foreach (var h in histories)
        {
            var key = (h.RepeatPurchases, h.RepeatSpan, h.ObservationSpan);
            if (index.TryGetValue(key, out var i))
            {
                groups[i] = groups[i] with { Count = groups[i].Count + 1 };
            }
            else
            {
                index[key] = groups.Count;
                groups.Add(new HistoryGroup(h.RepeatPurchases, h.RepeatSpan, h.ObservationSpan, 1));
            }
        }
        return [.. groups];
    }
}
