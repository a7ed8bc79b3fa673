using System.Globalization;
using Valora.Domain.Sales;

namespace Valora.Analytics.Kpi;

/// <summary>
/// Standard customer KPIs over date windows. Windows are half-open in UTC calendar days: [from, to) contains the
/// purchases whose UTC date d satisfies from ≤ d &lt; to. Revenue is used; cost is ignored.
/// </summary>
public static class CustomerKpis
{
    /// <summary>
    /// Retention and churn over a window. With L = to − from days, the current window is W = [from, to) and the previous
    /// window of equal length is P = [from − L, from). The base is the set of customers with at least one purchase in P;
    /// retained = base customers with at least one purchase in W; lost = the rest of the base.
    /// Retention rate = retained / base, churn rate = lost / base = 1 − retention rate. Customers whose first purchase in
    /// the two windows falls in W (new or returning) are not part of the base and do not affect either rate.
    /// </summary>
    /// <param name="purchases">Purchases of any customers; revenue ≥ 0.</param>
    /// <param name="from">First day of the current window.</param>
    /// <param name="to">Day after the last day of the current window; must be after <paramref name="from"/>.</param>
    /// <exception cref="ArgumentException">An empty or reversed window, negative revenue, or no customer active in P.</exception>
    public static WindowRetention Retention(IReadOnlyList<Purchase> purchases, DateOnly from, DateOnly to)
    {
        ArgumentNullException.ThrowIfNull(purchases);
        var length = RequireWindow(from, to);
        var previousFrom = from.DayNumber - length;
        var inPrevious = new HashSet<long>();
        var inCurrent = new HashSet<long>();
        foreach (var p in purchases)
        {
            Validate(p);
            var day = DayOf(p);
            if (day >= previousFrom && day < from.DayNumber)
            {
                inPrevious.Add(p.CustomerId);
            }
            else if (day >= from.DayNumber && day < to.DayNumber)
            {
                inCurrent.Add(p.CustomerId);
            }
        }
        if (inPrevious.Count == 0)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"No customer bought in the previous window [{DateOnly.FromDayNumber(previousFrom):yyyy-MM-dd}, {from:yyyy-MM-dd}): retention is undefined."), nameof(purchases));
        }
        var retained = 0;
        foreach (var id in inPrevious)
        {
            if (inCurrent.Contains(id))
            {
                retained++;
            }
        }
        var rate = retained / (double)inPrevious.Count;
        return new WindowRetention(inPrevious.Count, retained, inPrevious.Count - retained, rate, 1.0 - rate);
    }

    /// <summary>
    /// Order KPIs of the window [from, to): orders, distinct customers, revenue, average order value (revenue / orders),
    /// purchase frequency (orders / customers), revenue per customer (revenue / customers) and repeat-purchase rate
    /// (share of those customers with ≥ 2 orders in the window).
    /// </summary>
    /// <exception cref="ArgumentException">An empty or reversed window, negative revenue, or no order in the window.</exception>
    public static PurchaseKpis Purchases(IReadOnlyList<Purchase> purchases, DateOnly from, DateOnly to)
    {
        ArgumentNullException.ThrowIfNull(purchases);
        RequireWindow(from, to);
        var ordersByCustomer = new Dictionary<long, int>();
        var orders = 0;
        var revenue = 0m;
        foreach (var p in purchases)
        {
            Validate(p);
            var day = DayOf(p);
            if (day < from.DayNumber || day >= to.DayNumber)
            {
                continue;
            }
            orders++;
            revenue += p.Revenue;
            ordersByCustomer[p.CustomerId] = ordersByCustomer.GetValueOrDefault(p.CustomerId) + 1;
        }
        if (orders == 0)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"No order in [{from:yyyy-MM-dd}, {to:yyyy-MM-dd}): the KPIs are undefined."), nameof(purchases));
        }
        var customers = ordersByCustomer.Count;
        var repeaters = 0;
        foreach (var count in ordersByCustomer.Values)
        {
            if (count >= 2)
            {
                repeaters++;
            }
        }
        return new PurchaseKpis(
            orders, customers, revenue,
            AverageOrderValue: revenue / orders,
            PurchaseFrequency: orders / (double)customers,
            RevenuePerCustomer: revenue / customers,
            RepeatPurchaseRate: repeaters / (double)customers);
    }

    /// <summary>
    /// Repeat-purchase rate over all the purchases given: customers with ≥ 2 orders / customers with ≥ 1 order.
    /// </summary>
    /// <exception cref="ArgumentException">No purchases, or negative revenue.</exception>
    public static double RepeatPurchaseRate(IReadOnlyList<Purchase> purchases)
    {
        ArgumentNullException.ThrowIfNull(purchases);
        if (purchases.Count == 0)
        {
            throw new ArgumentException("No purchases: the repeat-purchase rate is undefined.", nameof(purchases));
        }
        var counts = new Dictionary<long, int>();
        foreach (var p in purchases)
        {
            Validate(p);
            counts[p.CustomerId] = counts.GetValueOrDefault(p.CustomerId) + 1;
        }
        var repeaters = 0;
        foreach (var c in counts.Values)
        {
            if (c >= 2)
            {
                repeaters++;
            }
        }
        return repeaters / (double)counts.Count;
    }

    /// <summary>
    /// Conversion rate = converted / targeted, for any funnel step (campaign members who bought, leads who became
    /// customers). Both are counts of distinct people; 0 ≤ converted ≤ targeted, targeted ≥ 1.
    /// </summary>
    /// <exception cref="ArgumentException">targeted &lt; 1, converted &lt; 0 or converted &gt; targeted.</exception>
    public static double ConversionRate(long converted, long targeted)
    {
        if (targeted < 1)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Targeted must be ≥ 1 but was {targeted}."), nameof(targeted));
        }
        if (converted < 0 || converted > targeted)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"Converted must be in [0, targeted = {targeted}] but was {converted}."), nameof(converted));
        }
        return converted / (double)targeted;
    }

    internal static int DayOf(in Purchase p) => (int)(p.OccurredAtUtc.Ticks / TimeSpan.TicksPerDay);

    internal static void Validate(in Purchase p)
    {
        if (p.Revenue < 0)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"Customer {p.CustomerId} has a purchase at {p.OccurredAtUtc:O} with negative revenue {p.Revenue}."), "purchases");
        }
    }

    static int RequireWindow(DateOnly from, DateOnly to)
    {
        if (to <= from)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"The window [{from:yyyy-MM-dd}, {to:yyyy-MM-dd}) is empty: 'to' must be after 'from'."), nameof(to));
        }
        return to.DayNumber - from.DayNumber;
    }
}

/// <summary>Result of <see cref="CustomerKpis.Retention"/>.</summary>
/// <param name="BaseCustomers">Customers with a purchase in the previous window.</param>
/// <param name="Retained">Base customers who also bought in the current window.</param>
/// <param name="Lost">Base customers who did not.</param>
/// <param name="RetentionRate">Retained / base, in [0, 1].</param>
/// <param name="ChurnRate">Lost / base = 1 − retention rate.</param>
public readonly record struct WindowRetention(int BaseCustomers, int Retained, int Lost, double RetentionRate, double ChurnRate);

/// <summary>Result of <see cref="CustomerKpis.Purchases"/> for one window; money in the purchase currency.</summary>
/// <param name="Orders">Orders in the window.</param>
/// <param name="Customers">Distinct customers with an order in the window.</param>
/// <param name="Revenue">Σ revenue.</param>
/// <param name="AverageOrderValue">Revenue / orders.</param>
/// <param name="PurchaseFrequency">Orders / customers (≥ 1).</param>
/// <param name="RevenuePerCustomer">Revenue / customers.</param>
/// <param name="RepeatPurchaseRate">Share of the customers with ≥ 2 orders in the window.</param>
public readonly record struct PurchaseKpis(
    int Orders,
    int Customers,
    decimal Revenue,
    decimal AverageOrderValue,
    double PurchaseFrequency,
    decimal RevenuePerCustomer,
    double RepeatPurchaseRate);
