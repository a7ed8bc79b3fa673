using System.Globalization;

namespace Valora.Analytics.Value;

/// <summary>
/// Contribution and concentration of profit across customers: shares of total, Gini coefficient, Lorenz curve and
/// "top x % of customers give y % of profit".
/// </summary>
/// <remarks>
/// <para><b>Gini.</b> For n values sorted ascending x₍₁₎ ≤ … ≤ x₍ₙ₎ with total S &gt; 0, the discrete (sample) Gini is
/// G = Σ_{i=1..n} (2i − n − 1)·x₍ᵢ₎ / (n·S) = Σ_i Σ_j |x_i − x_j| / (2 n² x̄), i.e. twice the area between the
/// diagonal and the Lorenz polygon below. It is 0 when all values are equal and (n − 1)/n when one customer has
/// everything (its maximum for n customers).</para>
/// <para><b>Negative profits.</b> The Gini and the Lorenz curve are only bounded for non-negative values (with losses
/// G can exceed 1 and the Lorenz curve dips below zero). By default (<see cref="NegativeProfitHandling.ClampToZero"/>)
/// a loss-making customer counts as contributing 0 — still counted in n, so losses read as "contributes nothing";
/// <see cref="NegativeProfitHandling.Reject"/> throws instead. The "top x %" functions use the signed values against
/// the signed total (the "whale curve"): the most profitable customers can give more than 100 % of total profit.</para>
/// </remarks>
public static class Concentration
{
    /// <summary>Each customer's share of total profit, profit / Σ profit (signed; shares sum to 1). Same order as input.</summary>
    /// <exception cref="ArgumentException">Empty input, duplicate customer ids, or a total profit of 0 or less.</exception>
    public static IReadOnlyList<CustomerShare> CustomerShares(IReadOnlyList<CustomerProfit> profits)
    {
        ArgumentNullException.ThrowIfNull(profits);
        var total = PositiveTotal(profits);
        var seen = new HashSet<long>();
        var result = new CustomerShare[profits.Count];
        for (var i = 0; i < profits.Count; i++)
        {
            if (!seen.Add(profits[i].CustomerId))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Customer {profits[i].CustomerId} appears more than once."), nameof(profits));
            }
            result[i] = new CustomerShare(profits[i].CustomerId, profits[i].Profit, (double)(profits[i].Profit / total));
        }
        return result;
    }

    /// <summary>
    /// Each segment's profit and share of total profit. Customers missing from <paramref name="segmentOf"/> are grouped
    /// under <paramref name="unassignedSegment"/>. Sorted by descending profit, then segment name (ordinal).
    /// </summary>
    /// <exception cref="ArgumentException">Empty input, duplicate customer ids, or total profit ≤ 0.</exception>
    public static IReadOnlyList<SegmentShare> SegmentShares(
        IReadOnlyList<CustomerProfit> profits, IReadOnlyDictionary<long, string> segmentOf, string unassignedSegment = "Unassigned")
    {
        ArgumentNullException.ThrowIfNull(profits);
        ArgumentNullException.ThrowIfNull(segmentOf);
        var total = PositiveTotal(profits);
        var seen = new HashSet<long>();
        var bySegment = new Dictionary<string, (decimal Profit, int Customers)>(StringComparer.Ordinal);
        foreach (var p in profits)
        {
            if (!seen.Add(p.CustomerId))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Customer {p.CustomerId} appears more than once."), nameof(profits));
            }
            var segment = segmentOf.TryGetValue(p.CustomerId, out var s) ? s : unassignedSegment;
            var acc = bySegment.GetValueOrDefault(segment);
            bySegment[segment] = (acc.Profit + p.Profit, acc.Customers + 1);
        }
        var result = new List<SegmentShare>(bySegment.Count);
        foreach (var (segment, acc) in bySegment)
        {
            result.Add(new SegmentShare(segment, acc.Customers, acc.Profit, (double)(acc.Profit / total)));
        }
        result.Sort(static (a, b) => b.Profit != a.Profit ? b.Profit.CompareTo(a.Profit) : string.CompareOrdinal(a.Segment, b.Segment));
        return result;
    }

    /// <summary>The Gini coefficient of profit across customers (formula and negative handling in the type remarks).</summary>
    /// <param name="profits">One value per customer; at least one.</param>
    /// <param name="negatives">What to do with negative values.</param>
    /// <returns>G in [0, (n − 1)/n].</returns>
    /// <exception cref="ArgumentException">Empty input, a negative value under Reject, NaN/∞, or a total of 0 after clamping.</exception>
    public static double Gini(IReadOnlyList<double> profits, NegativeProfitHandling negatives = NegativeProfitHandling.ClampToZero)
    {
        var x = SortedNonNegative(profits, negatives, out var total);
        var n = x.Length;
        var weighted = 0.0;
        for (var i = 0; i < n; i++)
        {
            weighted += (2.0 * (i + 1) - n - 1) * x[i];
        }
        return weighted / (n * total);
    }

    /// <summary>
    /// The Lorenz curve: n + 1 points (i/n, share of total held by the i smallest values), from (0, 0) to (1, 1).
    /// The curve is the polygon through these points.
    /// </summary>
    public static IReadOnlyList<LorenzPoint> Lorenz(IReadOnlyList<double> profits, NegativeProfitHandling negatives = NegativeProfitHandling.ClampToZero)
    {
        var x = SortedNonNegative(profits, negatives, out var total);
        var n = x.Length;
        var points = new LorenzPoint[n + 1];
        points[0] = new LorenzPoint(0, 0);
        var cumulative = 0.0;
        for (var i = 0; i < n; i++)
        {
            cumulative += x[i];
            points[i + 1] = new LorenzPoint((i + 1) / (double)n, cumulative / total);
        }
        points[n] = new LorenzPoint(1, 1);
        return points;
    }

    /// <summary>
    /// "The top x % of customers give y % of profit": y for a given x. The top k = ⌈x·n⌉ customers by profit are taken
    /// (ties broken arbitrarily — they have equal profit, so y does not depend on it); y = their profit / total profit,
    /// signed (can exceed 1 when other customers lose money).
    /// </summary>
    /// <param name="profits">One value per customer.</param>
    /// <param name="customerFraction">x in [0, 1] (0.2 = top 20 %).</param>
    /// <exception cref="ArgumentException">Empty input, NaN, x outside [0, 1], or total profit ≤ 0.</exception>
    public static TopShare ShareOfTop(IReadOnlyList<double> profits, double customerFraction)
    {
        if (!(customerFraction >= 0 && customerFraction <= 1))
        {
            throw new ArgumentException($"The customer fraction must be in [0, 1] but was {customerFraction.ToString(CultureInfo.InvariantCulture)}.", nameof(customerFraction));
        }
        var desc = SortedDescending(profits, out var total);
        // The small tolerance keeps 0.1 · 30 = 3.0000000000000004 at 3 customers.
        var k = (int)Math.Ceiling(customerFraction * desc.Length - 1e-9);
        k = Math.Clamp(k, 0, desc.Length);
        var sum = 0.0;
        for (var i = 0; i < k; i++)
        {
            sum += desc[i];
        }
        return new TopShare(k, k / (double)desc.Length, sum / total);
    }

    /// <summary>
    /// The other direction: the smallest number of top customers whose profit reaches at least
    /// <paramref name="targetProfitShare"/> of total profit, and the fraction of customers that is.
    /// </summary>
    /// <param name="profits">One value per customer.</param>
    /// <param name="targetProfitShare">y in [0, 1] (0.8 = 80 % of profit).</param>
    /// <exception cref="ArgumentException">Empty input, NaN, y outside [0, 1], or total profit ≤ 0.</exception>
    public static TopShare TopCustomersFor(IReadOnlyList<double> profits, double targetProfitShare)
    {
        if (!(targetProfitShare >= 0 && targetProfitShare <= 1))
        {
            throw new ArgumentException($"The target profit share must be in [0, 1] but was {targetProfitShare.ToString(CultureInfo.InvariantCulture)}.", nameof(targetProfitShare));
        }
        var desc = SortedDescending(profits, out var total);
        var target = targetProfitShare * total;
        var sum = 0.0;
        var k = 0;
        // Relative tolerance so that 0.8 of a total reached exactly is not missed by rounding.
        var eps = 1e-12 * Math.Abs(total);
        while (k < desc.Length && sum < target - eps)
        {
            sum += desc[k++];
        }
        return new TopShare(k, k / (double)desc.Length, sum / total);
    }

    static decimal PositiveTotal(IReadOnlyList<CustomerProfit> profits)
    {
        if (profits.Count == 0)
        {
            throw new ArgumentException("No customers: shares of an empty portfolio are undefined.", nameof(profits));
        }
        var total = 0m;
        foreach (var p in profits)
        {
            total += p.Profit;
        }
        if (total <= 0)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Total profit is {total}; shares of a total ≤ 0 are undefined."), nameof(profits));
        }
        return total;
    }

    static double[] SortedNonNegative(IReadOnlyList<double> profits, NegativeProfitHandling negatives, out double total)
    {
        ArgumentNullException.ThrowIfNull(profits);
        if (profits.Count == 0)
        {
            throw new ArgumentException("No customers: concentration of an empty portfolio is undefined.", nameof(profits));
        }
        var x = new double[profits.Count];
        total = 0;
        for (var i = 0; i < x.Length; i++)
        {
            var v = profits[i];
            if (!double.IsFinite(v))
            {
                throw new ArgumentException($"Value {i} is not a finite number.", nameof(profits));
            }
            if (v < 0)
            {
                if (negatives == NegativeProfitHandling.Reject)
                {
                    throw new ArgumentException($"Value {i} is negative ({v.ToString(CultureInfo.InvariantCulture)}); use NegativeProfitHandling.ClampToZero to count losses as 0.", nameof(profits));
                }
                v = 0;
            }
            x[i] = v;
            total += v;
        }
        if (total <= 0)
        {
            throw new ArgumentException("Total (non-negative) profit is 0: concentration is undefined.", nameof(profits));
        }
        Array.Sort(x);
        return x;
    }

    static double[] SortedDescending(IReadOnlyList<double> profits, out double total)
    {
        ArgumentNullException.ThrowIfNull(profits);
        if (profits.Count == 0)
        {
            throw new ArgumentException("No customers: concentration of an empty portfolio is undefined.", nameof(profits));
        }
        var x = new double[profits.Count];
        total = 0;
        for (var i = 0; i < x.Length; i++)
        {
            if (!double.IsFinite(profits[i]))
            {
                throw new ArgumentException($"Value {i} is not a finite number.", nameof(profits));
            }
            x[i] = profits[i];
            total += x[i];
        }
        if (total <= 0)
        {
            throw new ArgumentException($"Total profit is {total.ToString(CultureInfo.InvariantCulture)}; shares of a total ≤ 0 are undefined.", nameof(profits));
        }
        Array.Sort(x);
        Array.Reverse(x);
        return x;
    }

    /// <summary>Points a curve (Lorenz, Qini) is thinned to for a chart or a response (enough for a smooth curve).</summary>
    public const int CurvePoints = 101;

    /// <summary>
    /// Keeps at most <paramref name="max"/> points of a curve: the first, the last and evenly spaced ones between
    /// (index round(i·(n−1)/(max−1))), so the curve keeps its two ends (a Lorenz curve still runs from (0, 0) to (1, 1)).
    /// </summary>
    public static IReadOnlyList<T> Downsample<T>(IReadOnlyList<T> points, int max)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 2);
        if (points.Count <= max)
        {
            return points;
        }
        var last = points.Count - 1;
        var result = new T[max];
        for (var i = 0; i < max; i++)
        {
            result[i] = points[(int)Math.Round(i * (double)last / (max - 1), MidpointRounding.AwayFromZero)];
        }
        return result;
    }
}

/// <summary>How concentration measures treat loss-making customers.</summary>
public enum NegativeProfitHandling
{
    /// <summary>Count a negative profit as 0 (the customer stays in n).</summary>
    ClampToZero,

    /// <summary>Throw an <see cref="ArgumentException"/>.</summary>
    Reject,
}

/// <summary>A customer's profit and its share of total profit (a fraction; 0.25 = 25 %).</summary>
public readonly record struct CustomerShare(long CustomerId, decimal Profit, double Share);

/// <summary>A segment's customers, profit and share of total profit (a fraction).</summary>
public readonly record struct SegmentShare(string Segment, int Customers, decimal Profit, double Share);

/// <summary>A point of the Lorenz curve: fraction of customers (smallest first) and the fraction of profit they hold.</summary>
public readonly record struct LorenzPoint(double CustomerFraction, double ProfitShare);

/// <summary>The top <paramref name="Customers"/> customers (a <paramref name="CustomerFraction"/> of all) give <paramref name="ProfitShare"/> of total profit.</summary>
public readonly record struct TopShare(int Customers, double CustomerFraction, double ProfitShare);
