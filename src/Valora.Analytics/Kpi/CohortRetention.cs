using System.Globalization;
using Valora.Domain.Sales;

namespace Valora.Analytics.Kpi;

/// <summary>
/// Cohort retention matrix by month of first purchase: cohort c = customers whose first purchase (in the data given, up
/// to <c>asOf</c>) falls in calendar month c (UTC); cell (c, k) = share of cohort c with at least one purchase in
/// calendar month c + k. Column k = 0 is always 1. Row c has one cell per month from c through the month of
/// <c>asOf</c> (the last month may be partial), so the matrix is triangular.
/// </summary>
public static class CohortRetention
{
    /// <summary>Builds the matrix from purchases on or before <paramref name="asOf"/> (later ones are ignored).</summary>
    /// <exception cref="ArgumentException">No purchase on or before <paramref name="asOf"/>, or negative revenue.</exception>
    public static CohortMatrix Build(IReadOnlyList<Purchase> purchases, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(purchases);
        var lastMonth = MonthIndex(asOf.Year, asOf.Month);
        var firstMonth = new Dictionary<long, int>();
        var activeMonths = new Dictionary<long, HashSet<int>>();
        foreach (var p in purchases)
        {
            CustomerKpis.Validate(p);
            if (DateOnly.FromDateTime(p.OccurredAtUtc) > asOf)
            {
                continue;
            }
            var month = MonthIndex(p.OccurredAtUtc.Year, p.OccurredAtUtc.Month);
            firstMonth[p.CustomerId] = firstMonth.TryGetValue(p.CustomerId, out var f) ? Math.Min(f, month) : month;
            if (!activeMonths.TryGetValue(p.CustomerId, out var set))
            {
                activeMonths[p.CustomerId] = set = [];
            }
            set.Add(month);
        }
        if (firstMonth.Count == 0)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"No purchase on or before {asOf:yyyy-MM-dd}: no cohorts."), nameof(purchases));
        }
        var first = int.MaxValue;
        foreach (var m in firstMonth.Values)
        {
            first = Math.Min(first, m);
        }
        var cohortCount = lastMonth - first + 1;
        var sizes = new int[cohortCount];
        var active = new int[cohortCount][];
        for (var c = 0; c < cohortCount; c++)
        {
            active[c] = new int[lastMonth - (first + c) + 1];
        }
        foreach (var (id, cohortMonth) in firstMonth)
        {
            var c = cohortMonth - first;
            sizes[c]++;
            foreach (var m in activeMonths[id])
            {
                active[c][m - cohortMonth]++;
            }
        }
        var cohorts = new List<CohortRow>();
        for (var c = 0; c < cohortCount; c++)
        {
            if (sizes[c] == 0)
            {
                continue; // months in which nobody made a first purchase have no row
            }
            var shares = new double[active[c].Length];
            for (var k = 0; k < shares.Length; k++)
            {
                shares[k] = active[c][k] / (double)sizes[c];
            }
            var month = first + c;
            cohorts.Add(new CohortRow(new DateOnly(month / 12, month % 12 + 1, 1), sizes[c], active[c], shares));
        }
        return new CohortMatrix(asOf, cohorts);
    }

    static int MonthIndex(int year, int month) => year * 12 + month - 1;
}

/// <summary>The cohort retention matrix; rows in month order.</summary>
/// <param name="AsOf">Last day included.</param>
/// <param name="Cohorts">One row per month with at least one first purchase.</param>
public sealed record CohortMatrix(DateOnly AsOf, IReadOnlyList<CohortRow> Cohorts);

/// <summary>One cohort: first-purchase month, size, and per month since the first purchase the active count and share.</summary>
/// <param name="Month">First day of the cohort month.</param>
/// <param name="Size">Customers whose first purchase is in that month.</param>
/// <param name="ActiveCustomers">Element k: cohort customers with a purchase in month + k.</param>
/// <param name="ActiveShare">Element k: ActiveCustomers[k] / Size, in [0, 1].</param>
public sealed record CohortRow(DateOnly Month, int Size, IReadOnlyList<int> ActiveCustomers, IReadOnlyList<double> ActiveShare);
