using System.Runtime.InteropServices;
using Valora.Domain.Sales;

namespace Valora.Analytics.Clv;

/// <summary>
/// Builds the BG/NBD / Pareto/NBD / Gamma-Gamma sufficient statistics from orders.
/// </summary>
/// <remarks>
/// Definitions (Fader, Hardie &amp; Lee 2005, §2; the CDNOW summaries of the reference data set follow them exactly):
/// <list type="bullet">
/// <item>Time is counted in whole calendar days (UTC date of <see cref="Purchase.OccurredAtUtc"/>) and expressed in
/// model units of <see cref="HistoryOptions.DaysPerUnit"/> days (weeks by default).</item>
/// <item>A customer has at most one purchase occasion per calendar day; orders on the same day are one occasion and
/// their spend is summed.</item>
/// <item>x = repeat occasions up to and including the calibration end day; the first occasion is excluded.</item>
/// <item>tₓ = (last calibration occasion − first occasion) in days / DaysPerUnit; 0 when x = 0.</item>
/// <item>T = (calibration end − first occasion) in days / DaysPerUnit, i.e. date difference: a first purchase on
/// 1997-01-01 with calibration end 1997-09-30 gives T = 272 / 7 = 38.857 weeks.</item>
/// <item>z̄ = mean spend per repeat occasion (same-day orders summed; first occasion excluded); 0 when x = 0.</item>
/// </list>
/// Customers whose first purchase is after the calibration end are left out (they have no calibration history);
/// orders after the holdout end (or the calibration end without holdout) are ignored.
/// Cost: a few O(n) passes with no per-order allocation, plus an LSD radix sort (11-bit digits) of packed
/// (customer, day) keys carrying the spend, skipped when the input is already ordered by customer then time.
/// (A counting sort by customer was tried and lost: its scatter into a million buckets misses the cache.)
/// </remarks>
public static class HistoryBuilder
{
    const int RadixBits = 11;

    /// <summary>Builds calibration histories only (see <see cref="Build(IReadOnlyList{Purchase}, DateOnly, DateOnly?, HistoryOptions?)"/>).</summary>
    public static CustomerHistory[] Build(IReadOnlyList<Purchase> purchases, DateOnly calibrationEnd) =>
        Build(purchases, calibrationEnd, null, null).Histories;

    /// <summary>
    /// Builds the calibration histories and, when <paramref name="holdoutEnd"/> is given, the actual repeat occasions
    /// per customer in the holdout period (calibration end, holdout end] and per-period tracking counts.
    /// </summary>
    /// <param name="purchases">Orders (one per row); revenue ≥ 0, UTC or unspecified-kind timestamps. Not empty.</param>
    /// <param name="calibrationEnd">Last day of the calibration period (inclusive).</param>
    /// <param name="holdoutEnd">Last day of the holdout period (inclusive), after <paramref name="calibrationEnd"/>; or null.</param>
    /// <param name="options">Time unit, spend measure, tracking period; defaults when null.</param>
    /// <exception cref="ArgumentException">Empty input, negative or non-finite revenue, local-time timestamps,
    /// holdout end not after calibration end, invalid options, or no customer with a first purchase by calibration end.</exception>
    public static PurchaseHistories Build(
        IReadOnlyList<Purchase> purchases, DateOnly calibrationEnd, DateOnly? holdoutEnd, HistoryOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(purchases);
        options ??= new HistoryOptions();
        if (!(options.DaysPerUnit > 0) || double.IsInfinity(options.DaysPerUnit))
        {
            throw new ArgumentException($"DaysPerUnit must be finite and > 0 (was {options.DaysPerUnit.ToString(System.Globalization.CultureInfo.InvariantCulture)}).", nameof(options));
        }
        if (options.TrackingPeriodDays <= 0)
        {
            throw new ArgumentException("TrackingPeriodDays must be > 0.", nameof(options));
        }
        if (holdoutEnd is { } he && he <= calibrationEnd)
        {
            throw new ArgumentException($"holdoutEnd ({he:yyyy-MM-dd}) must be after calibrationEnd ({calibrationEnd:yyyy-MM-dd}).", nameof(holdoutEnd));
        }
        if (purchases.Count == 0)
        {
            throw new ArgumentException("purchases is empty: there is no history to build.", nameof(purchases));
        }

        ReadOnlySpan<Purchase> rows = purchases switch
        {
            Purchase[] array => array,
            List<Purchase> list => CollectionsMarshal.AsSpan(list),
            _ => purchases.ToArray(),
        };

        var calDay = calibrationEnd.DayNumber;
        var lastDay = (holdoutEnd ?? calibrationEnd).DayNumber;
        var profit = options.Spend == SpendMeasure.Profit;

        // Pass 1: validate, find key ranges, detect an input already ordered by (customer, day).
        long minId = long.MaxValue, maxId = long.MinValue;
        int minDay = int.MaxValue, maxDay = int.MinValue, kept = 0;
        bool ordered = true;
        long prevId = long.MinValue;
        int prevDay = int.MinValue;
        for (var i = 0; i < rows.Length; i++)
        {
            ref readonly var p = ref rows[i];
            if (p.OccurredAtUtc.Kind == DateTimeKind.Local)
            {
                throw new ArgumentException($"purchases[{i}].OccurredAtUtc is local time; pass UTC timestamps.", nameof(purchases));
            }
            if (decimal.IsNegative(p.Revenue) && p.Revenue != 0m)
            {
                throw new ArgumentException($"purchases[{i}] (customer {p.CustomerId}) has negative revenue {p.Revenue}.", nameof(purchases));
            }
            var day = DayOf(p.OccurredAtUtc);
            if (day > lastDay)
            {
                continue;
            }
            kept++;
            if (p.CustomerId < minId) minId = p.CustomerId;
            if (p.CustomerId > maxId) maxId = p.CustomerId;
            if (day < minDay) minDay = day;
            if (day > maxDay) maxDay = day;
            if (p.CustomerId < prevId || (p.CustomerId == prevId && day < prevDay))
            {
                ordered = false;
            }
            prevId = p.CustomerId;
            prevDay = day;
        }
        if (kept == 0 || minDay > calDay)
        {
            throw new ArgumentException($"No customer made a first purchase on or before the calibration end {calibrationEnd:yyyy-MM-dd}.", nameof(purchases));
        }

        // Pass 2: order the kept rows by (customer, day) into parallel arrays of day and spend, with the start of each
        // customer's run.
        var days = GC.AllocateUninitializedArray<int>(kept);
        var spend = GC.AllocateUninitializedArray<double>(kept);
        var (runStarts, runIds) = RadixSortByCustomer(rows, lastDay, minId, maxId, minDay, maxDay, ordered, profit, days, spend);

        // Pass 3: one linear scan per customer.
        var period = options.TrackingPeriodDays;
        var periods = (lastDay - minDay) / period + 1;
        var perPeriod = new int[periods];
        var histories = new List<CustomerHistory>(runIds.Count);
        var firstDates = new List<DateOnly>(runIds.Count);
        var holdout = holdoutEnd is null ? null : new List<int>(runIds.Count);
        var unit = options.DaysPerUnit;
        runStarts.Add(kept);
        for (var c = 0; c < runIds.Count; c++)
        {
            var start = runStarts[c];
            var end = runStarts[c + 1];
            var first = days[start];
            if (first > calDay)
            {
                continue;
            }
            int x = 0, holdoutCount = 0, last = first, prev = first;
            double repeatSpend = 0;
            for (var j = start; j < end; j++)
            {
                var day = days[j];
                if (day != prev)
                {
                    // A new occasion (days are ascending within the customer).
                    perPeriod[(day - minDay) / period]++;
                    if (day <= calDay)
                    {
                        x++;
                        last = day;
                    }
                    else
                    {
                        holdoutCount++;
                    }
                    prev = day;
                }
                if (day != first && day <= calDay)
                {
                    repeatSpend += spend[j];
                }
            }
            histories.Add(new CustomerHistory(
                runIds[c], x, x == 0 ? 0 : (last - first) / unit, (calDay - first) / unit, x == 0 ? 0 : repeatSpend / x));
            firstDates.Add(DateOnly.FromDayNumber(first));
            holdout?.Add(holdoutCount);
        }

        return new PurchaseHistories
        {
            Histories = [.. histories],
            FirstPurchaseDates = [.. firstDates],
            CalibrationEnd = calibrationEnd,
            HoldoutEnd = holdoutEnd,
            DaysPerUnit = unit,
            HoldoutSpan = holdoutEnd is { } h ? (h.DayNumber - calDay) / unit : 0,
            HoldoutRepeatPurchases = holdout?.ToArray(),
            TrackingStart = DateOnly.FromDayNumber(minDay),
            TrackingPeriodDays = period,
            RepeatPurchasesPerPeriod = perPeriod,
        };
    }

    // DateOnly.DayNumber of the UTC date, without building a DateOnly.
    static int DayOf(DateTime t) => (int)(t.Ticks / TimeSpan.TicksPerDay);

    static int BitsFor(ulong maxValue) => maxValue == 0 ? 0 : 64 - System.Numerics.BitOperations.LeadingZeroCount(maxValue);

    static (List<int> Starts, List<long> Ids) RadixSortByCustomer(
        ReadOnlySpan<Purchase> rows, int lastDay, long minId, long maxId, int minDay, int maxDay, bool ordered, bool profit,
        int[] days, double[] spend)
    {
        var dayBits = BitsFor((ulong)(maxDay - minDay));
        var idBits = BitsFor((ulong)(maxId - minId));
        long[]? denseToId = null;
        Dictionary<long, int>? idToDense = null;
        if (idBits + dayBits > 64)
        {
            // Very sparse 64-bit ids: map to dense indices ordered by id, so the output is still ordered by id.
            idToDense = [];
            foreach (ref readonly var p in rows)
            {
                if (DayOf(p.OccurredAtUtc) <= lastDay)
                {
                    idToDense.TryAdd(p.CustomerId, 0);
                }
            }
            denseToId = [.. idToDense.Keys];
            Array.Sort(denseToId);
            for (var i = 0; i < denseToId.Length; i++)
            {
                idToDense[denseToId[i]] = i;
            }
            idBits = BitsFor((ulong)denseToId.Length);
        }
        var keys = GC.AllocateUninitializedArray<ulong>(days.Length);
        var k = 0;
        foreach (ref readonly var p in rows)
        {
            var day = DayOf(p.OccurredAtUtc);
            if (day > lastDay)
            {
                continue;
            }
            var id = idToDense is null ? (ulong)(p.CustomerId - minId) : (ulong)idToDense[p.CustomerId];
            keys[k] = (id << dayBits) | (uint)(day - minDay);
            spend[k] = profit ? (double)(p.Revenue - p.Cost) : (double)p.Revenue;
            k++;
        }
        var values = spend;
        if (!ordered)
        {
            RadixSort(ref keys, ref values, idBits + dayBits);
        }
        var dayMask = dayBits == 0 ? 0UL : (1UL << dayBits) - 1;
        var starts = new List<int>();
        var ids = new List<long>();
        var previous = ulong.MaxValue;
        for (var i = 0; i < keys.Length; i++)
        {
            var cust = keys[i] >> dayBits;
            if (cust != previous)
            {
                starts.Add(i);
                ids.Add(denseToId is null ? (long)cust + minId : denseToId[cust]);
                previous = cust;
            }
            days[i] = (int)(keys[i] & dayMask) + minDay;
        }
        if (!ReferenceEquals(values, spend))
        {
            Array.Copy(values, spend, spend.Length);
        }
        return (starts, ids);
    }

    // LSD radix sort of keys (only their low `bits` bits are set) carrying the spend values along; stable.
    static void RadixSort(ref ulong[] keys, ref double[] values, int bits)
    {
        var n = keys.Length;
        var keys2 = GC.AllocateUninitializedArray<ulong>(n);
        var values2 = GC.AllocateUninitializedArray<double>(n);
        var counts = new int[1 << RadixBits];
        const ulong mask = (1UL << RadixBits) - 1;
        for (var shift = 0; shift < bits; shift += RadixBits)
        {
            Array.Clear(counts);
            foreach (var key in keys)
            {
                counts[(int)((key >> shift) & mask)]++;
            }
            var sum = 0;
            for (var i = 0; i < counts.Length; i++)
            {
                var c = counts[i];
                counts[i] = sum;
                sum += c;
            }
            for (var i = 0; i < n; i++)
            {
                var key = keys[i];
                var pos = counts[(int)((key >> shift) & mask)]++;
                keys2[pos] = key;
                values2[pos] = values[i];
            }
            (keys, keys2) = (keys2, keys);
            (values, values2) = (values2, values);
        }
    }
}
