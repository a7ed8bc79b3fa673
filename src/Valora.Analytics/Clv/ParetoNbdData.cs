namespace Valora.Analytics.Clv;

/// <summary>
/// Compressed histories laid out as arrays for the likelihood loop: the parameter-free part of each group
/// (x, tₓ, T, count and the index of x among the distinct x values) is prepared once per fit.
/// </summary>
internal sealed class ParetoNbdData
{
    public required int[] X { get; init; }
    public required double[] Tx { get; init; }
    public required double[] T { get; init; }
    public required double[] Weight { get; init; }
    public required int[] XIndex { get; init; }
    public required int[] DistinctX { get; init; }
    public required long Customers { get; init; }

    public int Count => X.Length;

    public static ParetoNbdData From(HistoryGroup[] groups)
    {
        var x = new int[groups.Length];
        var tx = new double[groups.Length];
        var t = new double[groups.Length];
        var w = new double[groups.Length];
        var xIndex = new int[groups.Length];
        var slot = new Dictionary<int, int>();
        var distinct = new List<int>();
        long customers = 0;
        for (int i = 0; i < groups.Length; i++)
        {
            var g = groups[i];
            x[i] = g.RepeatPurchases;
            tx[i] = g.RepeatSpan;
            t[i] = g.ObservationSpan;
            w[i] = g.Count;
            customers += g.Count;
            if (!slot.TryGetValue(g.RepeatPurchases, out var k))
            {
                k = distinct.Count;
                slot[g.RepeatPurchases] = k;
                distinct.Add(g.RepeatPurchases);
            }
            xIndex[i] = k;
        }
        return new ParetoNbdData
        {
            X = x, Tx = tx, T = t, Weight = w, XIndex = xIndex, DistinctX = [.. distinct], Customers = customers,
        };
    }
}
