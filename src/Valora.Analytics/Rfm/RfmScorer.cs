using System.Globalization;
using System.Runtime.InteropServices;
using Valora.Domain.Sales;

namespace Valora.Analytics.Rfm;

/// <summary>
/// Recency-frequency-monetary scoring with quantile bands (quintile RFM coding as popularised by Hughes 1994,
/// "Strategic Database Marketing"; R, F and M as summaries of purchase history, Fader, Hardie &amp; Lee 2005,
/// "RFM and CLV: Using Iso-Value Curves for Customer Base Analysis", J. Marketing Research 42(4), 415–430).
/// </summary>
/// <remarks>
/// <para><b>Measures</b> per customer, from purchases whose UTC date is on or before the as-of date (later ones are
/// ignored): DaysSinceLastPurchase = asOf − date of last purchase (whole days, ≥ 0); Orders = number of purchases;
/// Monetary = Σ revenue, or Σ revenue / Orders (<see cref="RfmOptions.Monetary"/>). Cost is not used.</para>
/// <para><b>Bands (ties always share a band).</b> With n customers and B bands, a customer whose value has k customers
/// strictly worse than it (fewer orders / less money / more days since the last purchase) gets band
/// 1 + ⌊B·k / n⌋. Equivalently: sort the values from worst to best and give every value the band of its first
/// occurrence's position (percent rank by minimum rank, pandas <c>rank(method="min")</c>). Tied customers therefore
/// always share a band, the best values get the top bands, and bands can be empty or unequal when many customers tie
/// (e.g. every one-order customer is F = 1 and F = 2 may be empty). With all values distinct, each band holds n/B
/// customers (±1).</para>
/// <para><b>Performance.</b> Aggregation is one pass over the purchases into per-customer arrays (direct indexing when
/// ids are dense, an open-addressing hash table otherwise), integer measures are ranked with a counting sort and the
/// monetary measure with one array sort; no per-purchase allocation.</para>
/// </remarks>
public static class RfmScorer
{
    /// <summary>Scores every customer with a purchase on or before <paramref name="asOf"/>.</summary>
    /// <param name="purchases">Completed orders of any customers in any order; revenue ≥ 0.</param>
    /// <param name="asOf">The scoring date (inclusive).</param>
    /// <param name="options">Bands, monetary measure and segment map; null = defaults.</param>
    /// <returns>Empty customers and segments when no purchase is on or before <paramref name="asOf"/>.</returns>
    /// <exception cref="ArgumentException">A negative revenue (the message names the customer), or a segment map that
    /// does not match the bands or does not cover every cell.</exception>
    public static RfmResult Score(IReadOnlyList<Purchase> purchases, DateOnly asOf, RfmOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(purchases);
        options ??= new RfmOptions();
        var bands = options.Bands;
        if (bands is < 2 or > 9)
        {
            throw new ArgumentException($"Bands must be in 2..9 but was {bands.ToString(CultureInfo.InvariantCulture)}.", nameof(options));
        }
        ArgumentNullException.ThrowIfNull(options.SegmentMap, nameof(options));
        if (!Enum.IsDefined(options.Monetary))
        {
            throw new ArgumentException($"Unknown monetary measure {options.Monetary}.", nameof(options));
        }
        if (options.SegmentMap.Bands != bands)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"The segment map is written for {options.SegmentMap.Bands} bands but scoring uses {bands}; pass a map for {bands} bands."), nameof(options));
        }
        var (segmentOfCell, segmentNames) = CellTables(options.SegmentMap, bands);

        var span = purchases switch
        {
            Purchase[] array => array,
            List<Purchase> list => CollectionsMarshal.AsSpan(list),
            _ => [.. purchases],
        };
        var agg = RfmAggregation.Build(span, asOf);
        var n = agg.Count;
        if (n == 0)
        {
            return new RfmResult(asOf, bands, [], []);
        }

        var days = new int[n];
        var asOfDay = asOf.DayNumber;
        var monetary = new decimal[n];
        var average = options.Monetary == RfmMonetary.AveragePerOrder;
        for (var i = 0; i < n; i++)
        {
            days[i] = asOfDay - agg.LastDay[i];
            monetary[i] = average ? agg.RevenueOf(i) / agg.Orders[i] : agg.RevenueOf(i);
        }

        var r = BandInts(days, bands, lowerIsBetter: true);
        var f = BandInts(agg.Orders, bands, lowerIsBetter: false);
        int[] m;
        if (!agg.IsFixedPoint)
        {
            m = BandDecimals(monetary, bands);
        }
        else if (average)
        {
            m = BandRatios(agg.Units, agg.Orders, bands);
        }
        else
        {
            m = BandLongs(agg.Units, bands);
        }

        var cells = CellStrings(bands);
        var segCount = segmentNames.Length;
        var count = new int[segCount];
        var sumDays = new long[segCount];
        var sumOrders = new long[segCount];
        var sumMoney = new decimal[segCount];
        var rows = new RfmCustomerScore[n];
        for (var i = 0; i < n; i++)
        {
            var cell = ((r[i] - 1) * bands + f[i] - 1) * bands + m[i] - 1;
            var s = segmentOfCell[cell];
            rows[i] = new RfmCustomerScore(agg.Ids[i], days[i], agg.Orders[i], monetary[i], r[i], f[i], m[i], cells[cell], segmentNames[s]);
            count[s]++;
            sumDays[s] += days[i];
            sumOrders[s] += agg.Orders[i];
            sumMoney[s] += monetary[i];
        }

        var summaries = new List<RfmSegmentSummary>();
        for (var s = 0; s < segCount; s++)
        {
            if (count[s] > 0)
            {
                summaries.Add(new RfmSegmentSummary(
                    segmentNames[s], count[s], count[s] / (double)n,
                    sumDays[s] / (double)count[s], sumOrders[s] / (double)count[s], sumMoney[s] / count[s], sumMoney[s]));
            }
        }
        return new RfmResult(asOf, bands, rows, summaries);
    }

    /// <summary>
    /// The band of each value: 1 + ⌊B·k / n⌋ with k the number of values strictly worse than it (see type remarks).
    /// Exposed for reuse and testing.
    /// </summary>
    /// <param name="values">The values, n ≥ 1.</param>
    /// <param name="bands">B ≥ 1.</param>
    /// <param name="lowerIsBetter">True for recency-like measures (smaller value = higher band).</param>
    public static int[] BandInts(IReadOnlyList<int> values, int bands, bool lowerIsBetter)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfLessThan(bands, 1);
        var v = values as int[] ?? [.. values];
        var n = v.Length;
        var result = new int[n];
        if (n == 0)
        {
            return result;
        }
        int min = int.MaxValue, max = int.MinValue;
        foreach (var x in v)
        {
            min = Math.Min(min, x);
            max = Math.Max(max, x);
        }
        var range = (long)max - min + 1;
        if (range <= 4L * n + 1024)
        {
            // Counting sort: worse[j] = number of values strictly worse than min + j.
            var counts = new int[range];
            foreach (var x in v)
            {
                counts[x - min]++;
            }
            var worse = new long[range];
            long acc = 0;
            if (lowerIsBetter)
            {
                for (var j = (int)range - 1; j >= 0; j--)
                {
                    worse[j] = acc;
                    acc += counts[j];
                }
            }
            else
            {
                for (var j = 0; j < range; j++)
                {
                    worse[j] = acc;
                    acc += counts[j];
                }
            }
            for (var i = 0; i < n; i++)
            {
                result[i] = 1 + (int)(bands * worse[v[i] - min] / n);
            }
            return result;
        }

        var keys = new long[n];
        var index = new int[n];
        for (var i = 0; i < n; i++)
        {
            keys[i] = lowerIsBetter ? -(long)v[i] : v[i];
            index[i] = i;
        }
        Array.Sort(keys, index);
        AssignByMinRank(keys, index, bands, result);
        return result;
    }

    /// <summary>Bands of decimal values, higher = better, by the same min-rank rule as <see cref="BandInts"/>.</summary>
    public static int[] BandDecimals(IReadOnlyList<decimal> values, int bands)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfLessThan(bands, 1);
        var n = values.Count;
        var keys = new decimal[n];
        var index = new int[n];
        for (var i = 0; i < n; i++)
        {
            keys[i] = values[i];
            index[i] = i;
        }
        Array.Sort(keys, index);
        var result = new int[n];
        AssignByMinRank(keys, index, bands, result);
        return result;
    }

    /// <summary>Bands of non-negative longs, higher = better.</summary>
    static int[] BandLongs(long[] values, int bands)
    {
        var keys = (long[])values.Clone();
        var index = RfmAggregation.Identity(values.Length);
        Array.Sort(keys, index);
        var result = new int[values.Length];
        AssignByMinRank(keys, index, bands, result);
        return result;
    }

    /// <summary>
    /// Bands of numerator/denominator (both &lt; 2⁵³, denominators ≥ 1), higher = better, ranked exactly: sorted by the
    /// double quotient (correctly rounded, so equal fractions give equal doubles), then runs of equal doubles are re-sorted
    /// and compared by exact cross-multiplication, so distinct fractions that round alike are still told apart.
    /// </summary>
    static int[] BandRatios(long[] numerators, int[] denominators, int bands)
    {
        var n = numerators.Length;
        var keys = new double[n];
        for (var i = 0; i < n; i++)
        {
            keys[i] = numerators[i] / (double)denominators[i];
        }
        var index = RfmAggregation.Identity(n);
        Array.Sort(keys, index);
        var result = new int[n];
        var ratio = Comparer<int>.Create((a, b) =>
            ((Int128)numerators[a] * denominators[b]).CompareTo((Int128)numerators[b] * denominators[a]));
        var runStart = 0;
        for (var i = 1; i <= n; i++)
        {
            if (i < n && keys[i] == keys[runStart])
            {
                continue;
            }
            // Within a run of equal doubles, order exactly and start a new rank wherever the fractions differ.
            if (i - runStart > 1)
            {
                Array.Sort(index, runStart, i - runStart, ratio);
            }
            var rankStart = runStart;
            for (var j = runStart; j < i; j++)
            {
                if (j > runStart && ratio.Compare(index[j], index[j - 1]) != 0)
                {
                    rankStart = j;
                }
                result[index[j]] = 1 + (int)((long)bands * rankStart / n);
            }
            runStart = i;
        }
        return result;
    }

    static void AssignByMinRank<T>(T[] sortedKeys, int[] index, int bands, int[] result)
        where T : IEquatable<T>
    {
        var n = sortedKeys.Length;
        var runStart = 0;
        for (var i = 0; i < n; i++)
        {
            if (i > 0 && !sortedKeys[i].Equals(sortedKeys[i - 1]))
            {
                runStart = i;
            }
            result[index[i]] = 1 + (int)((long)bands * runStart / n);
        }
    }

    static (int[] SegmentOfCell, string[] Names) CellTables(RfmSegmentMap map, int bands)
    {
        var names = new List<string>();
        var indexOf = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var rule in map.Rules)
        {
            if (!indexOf.ContainsKey(rule.Segment))
            {
                indexOf[rule.Segment] = names.Count;
                names.Add(rule.Segment);
            }
        }
        var table = new int[bands * bands * bands];
        for (var r = 1; r <= bands; r++)
        {
            for (var f = 1; f <= bands; f++)
            {
                for (var m = 1; m <= bands; m++)
                {
                    table[((r - 1) * bands + f - 1) * bands + m - 1] = indexOf[map.SegmentOf(r, f, m)];
                }
            }
        }
        return (table, [.. names]);
    }

    static string[] CellStrings(int bands)
    {
        var cells = new string[bands * bands * bands];
        for (var r = 1; r <= bands; r++)
        {
            for (var f = 1; f <= bands; f++)
            {
                for (var m = 1; m <= bands; m++)
                {
                    cells[((r - 1) * bands + f - 1) * bands + m - 1] = string.Create(CultureInfo.InvariantCulture, $"{r}{f}{m}");
                }
            }
        }
        return cells;
    }
}
