using System.Globalization;
using Valora.Domain.Sales;

namespace Valora.Analytics.Value;

/// <summary>
/// Customer-level and portfolio-level value from purchase records: cumulative (historic) profit and discounted value
/// of profits bucketed into periods. Profit of a purchase = revenue − cost (<see cref="ValueFormulas.EventValue"/>).
/// </summary>
public static class CustomerValue
{
    /// <summary>
    /// Cumulative value per customer: Σ (revenue − cost) over the customer's purchases, sorted by customer id.
    /// Empty input gives an empty list.
    /// </summary>
    /// <exception cref="ArgumentException">A purchase with negative revenue or cost (the message names the customer).</exception>
    public static IReadOnlyList<CustomerProfit> CumulativeByCustomer(IReadOnlyList<Purchase> purchases)
    {
        ArgumentNullException.ThrowIfNull(purchases);
        var totals = new Dictionary<long, decimal>();
        foreach (var p in purchases)
        {
            Validate(p);
            totals[p.CustomerId] = totals.GetValueOrDefault(p.CustomerId) + (p.Revenue - p.Cost);
        }
        var result = new CustomerProfit[totals.Count];
        var i = 0;
        foreach (var (id, profit) in totals)
        {
            result[i++] = new CustomerProfit(id, profit);
        }
        Array.Sort(result, static (a, b) => a.CustomerId.CompareTo(b.CustomerId));
        return result;
    }

    /// <summary>Cumulative value of the whole portfolio: Σ (revenue − cost) over all purchases (0 for none).</summary>
    public static decimal CumulativePortfolio(IReadOnlyList<Purchase> purchases)
    {
        ArgumentNullException.ThrowIfNull(purchases);
        var sum = 0m;
        foreach (var p in purchases)
        {
            Validate(p);
            sum += p.Revenue - p.Cost;
        }
        return sum;
    }

    /// <summary>
    /// Buckets profits into consecutive periods counted from <paramref name="start"/> (period t covers
    /// [start + (t−1)·L, start + t·L), see <see cref="ValuePeriods.PeriodIndex"/>). Element 0 is period 1. Purchases
    /// before <paramref name="start"/> are excluded (they are history before the valuation starts). The list runs to the
    /// last period with a purchase, or to <paramref name="horizonPeriods"/> when given (later purchases are excluded;
    /// empty periods are 0).
    /// </summary>
    /// <param name="purchases">The purchases to bucket (usually one customer's, or a whole portfolio's).</param>
    /// <param name="start">Start of period 1 (UTC).</param>
    /// <param name="period">Period length.</param>
    /// <param name="horizonPeriods">Number of periods to return, ≥ 0; null = up to the last purchase.</param>
    public static double[] ProfitsByPeriod(IReadOnlyList<Purchase> purchases, DateTime start, ValuePeriod period, int? horizonPeriods = null)
    {
        ArgumentNullException.ThrowIfNull(purchases);
        if (horizonPeriods is < 0)
        {
            throw new ArgumentException("The horizon must be ≥ 0 periods.", nameof(horizonPeriods));
        }
        var sums = new List<decimal>();
        foreach (var p in purchases)
        {
            Validate(p);
            var t = ValuePeriods.PeriodIndex(start, p.OccurredAtUtc, period);
            if (t == 0 || (horizonPeriods is { } h && t > h))
            {
                continue;
            }
            while (sums.Count < t)
            {
                sums.Add(0m);
            }
            sums[t - 1] += p.Revenue - p.Cost;
        }
        while (horizonPeriods is { } hz && sums.Count < hz)
        {
            sums.Add(0m);
        }
        var result = new double[sums.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = (double)sums[i];
        }
        return result;
    }

    /// <summary>
    /// Discounted value of each customer: the customer's profits bucketed into periods (see
    /// <see cref="ProfitsByPeriod"/>), then Σ_{t} profit_t·(1 + r)^−t (<see cref="ValueFormulas.DiscountedValue"/>).
    /// Periods start at each customer's own first purchase when <paramref name="start"/> is null (a lifetime view, so
    /// the first period includes the acquisition order and is discounted one period), otherwise at the given common
    /// start (a portfolio view from a valuation date; earlier purchases are excluded).
    /// </summary>
    /// <param name="purchases">Purchases of any number of customers, any order.</param>
    /// <param name="ratePerPeriod">Discount rate PER PERIOD of <paramref name="period"/>; convert an annual rate with
    /// <see cref="ValueFormulas.PerPeriodRate(double, ValuePeriod)"/>.</param>
    /// <param name="period">Period length used for bucketing.</param>
    /// <param name="start">Common start of period 1, or null for each customer's first purchase.</param>
    /// <param name="horizonPeriods">Periods to include, or null for all.</param>
    /// <returns>One entry per customer (also customers with nothing after <paramref name="start"/>, valued 0), sorted by id.</returns>
    public static IReadOnlyList<CustomerDiscountedValue> DiscountedByCustomer(
        IReadOnlyList<Purchase> purchases, double ratePerPeriod, ValuePeriod period, DateTime? start = null, int? horizonPeriods = null)
    {
        ArgumentNullException.ThrowIfNull(purchases);
        var byCustomer = new Dictionary<long, List<Purchase>>();
        foreach (var p in purchases)
        {
            Validate(p);
            if (!byCustomer.TryGetValue(p.CustomerId, out var list))
            {
                byCustomer[p.CustomerId] = list = [];
            }
            list.Add(p);
        }
        var result = new List<CustomerDiscountedValue>(byCustomer.Count);
        foreach (var (id, list) in byCustomer)
        {
            var from = start ?? list.Min(p => p.OccurredAtUtc);
            var profits = ProfitsByPeriod(list, from, period, horizonPeriods);
            result.Add(new CustomerDiscountedValue(id, from, profits.Length, ValueFormulas.DiscountedValue(profits, ratePerPeriod)));
        }
        result.Sort(static (a, b) => a.CustomerId.CompareTo(b.CustomerId));
        return result;
    }

    /// <summary>
    /// Discounted value of the portfolio: Σ over customers of <see cref="DiscountedByCustomer"/> with the same arguments.
    /// </summary>
    public static double DiscountedPortfolio(
        IReadOnlyList<Purchase> purchases, double ratePerPeriod, ValuePeriod period, DateTime? start = null, int? horizonPeriods = null)
    {
        var sum = 0.0;
        foreach (var c in DiscountedByCustomer(purchases, ratePerPeriod, period, start, horizonPeriods))
        {
            sum += c.DiscountedValue;
        }
        return sum;
    }

    internal static void Validate(in Purchase p)
    {
        if (p.Revenue < 0)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"Customer {p.CustomerId} has a purchase at {p.OccurredAtUtc:O} with negative revenue {p.Revenue}."), "purchases");
        }
        if (p.Cost < 0)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"Customer {p.CustomerId} has a purchase at {p.OccurredAtUtc:O} with negative cost {p.Cost}."), "purchases");
        }
    }
}

/// <summary>A customer's discounted value.</summary>
/// <param name="CustomerId">The customer.</param>
/// <param name="Start">Start of period 1 used for this customer (UTC).</param>
/// <param name="Periods">Number of periods bucketed.</param>
/// <param name="DiscountedValue">Σ_t profit_t·(1 + r)^−t in the purchase currency.</param>
public readonly record struct CustomerDiscountedValue(long CustomerId, DateTime Start, int Periods, double DiscountedValue);
