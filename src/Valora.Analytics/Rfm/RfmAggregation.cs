using System.Globalization;
using System.Numerics;
using Valora.Domain.Sales;

namespace Valora.Analytics.Rfm;

/// <summary>
/// Per-customer totals of the purchases up to a cut-off, in one pass without per-purchase allocation: sorted by id.
/// Revenue is summed exactly as a 64-bit count of 1/10 000 currency units when every revenue has at most four decimals
/// (the usual money amounts), which is several times faster than <see cref="decimal"/> addition; otherwise in decimal.
/// </summary>
internal sealed class RfmAggregation
{
    const int FixedScale = 4;
    const long MaxExactDouble = 1L << 53;
    static readonly long[] Pow10 = [1, 10, 100, 1_000, 10_000];

    public int Count { get; private init; }
    public long[] Ids { get; private init; } = [];
    public int[] LastDay { get; private init; } = [];
    public int[] Orders { get; private init; } = [];

    /// <summary>Σ revenue in 1/10 000 units, when <see cref="IsFixedPoint"/>.</summary>
    public long[] Units { get; private init; } = [];

    /// <summary>Σ revenue, when not <see cref="IsFixedPoint"/>.</summary>
    public decimal[] Revenue { get; private init; } = [];

    /// <summary>True when totals are in <see cref="Units"/> and every total is below 2⁵³ (exact as a double).</summary>
    public bool IsFixedPoint { get; private init; }

    public decimal RevenueOf(int i) => IsFixedPoint ? new decimal((int)Units[i], (int)(Units[i] >> 32), 0, false, FixedScale) : Revenue[i];

    struct Entry
    {
        public long Id;
        public long Units;
        public int LastDay;
        public int Orders;
    }

    struct DenseEntry
    {
        public long Units;
        public int LastDay;
        public int Orders;
    }

    public static RfmAggregation Build(ReadOnlySpan<Purchase> purchases, DateOnly asOf)
    {
        var cutoffTicks = (asOf.DayNumber + 1L) * TimeSpan.TicksPerDay;
        long minId = long.MaxValue, maxId = long.MinValue;
        var inScope = 0;
        var fixedPoint = true;
        Span<int> bits = stackalloc int[4];
        foreach (ref readonly var p in purchases)
        {
            decimal.GetBits(p.Revenue, bits);
            var negative = bits[3] < 0 && (bits[0] | bits[1] | bits[2]) != 0;
            if (negative)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"Customer {p.CustomerId} has a purchase at {p.OccurredAtUtc:O} with negative revenue {p.Revenue}."), "purchases");
            }
            if (p.OccurredAtUtc.Ticks < cutoffTicks)
            {
                inScope++;
                minId = Math.Min(minId, p.CustomerId);
                maxId = Math.Max(maxId, p.CustomerId);
                var scale = (bits[3] >> 16) & 0xFF;
                // ≤ 4 decimals and < 2³² after scaling keeps one purchase far from overflow; sums are checked.
                fixedPoint &= bits[2] == 0 && bits[1] == 0 && scale <= FixedScale;
            }
        }
        if (inScope == 0)
        {
            return new RfmAggregation();
        }
        if (fixedPoint)
        {
            try
            {
                var result = BuildFixed(purchases, cutoffTicks, minId, maxId, inScope);
                if (result is not null)
                {
                    return result;
                }
            }
            catch (OverflowException)
            {
                // A customer's total exceeds 2⁶³ units: fall back to decimal sums below.
            }
        }
        return BuildDecimal(purchases, cutoffTicks);
    }

    static RfmAggregation? BuildFixed(ReadOnlySpan<Purchase> purchases, long cutoffTicks, long minId, long maxId, int inScope)
    {
        Span<int> bits = stackalloc int[4];
        Entry[] table;
        // Unsigned difference: correct even when max − min overflows a long.
        var idSpan = unchecked((ulong)(maxId - minId));
        if (idSpan < (ulong)inScope)
        {
            // Dense ids (the usual database keys): index by id − min; memory stays below that of the input itself. The
            // 16-byte entry without the id keeps the randomly updated table small (the loop is bound by cache misses).
            var dense = new DenseEntry[(int)idSpan + 1];
            foreach (ref readonly var p in purchases)
            {
                var ticks = p.OccurredAtUtc.Ticks;
                if (ticks >= cutoffTicks)
                {
                    continue;
                }
                decimal.GetBits(p.Revenue, bits);
                ref var e = ref dense[(int)(p.CustomerId - minId)];
                Add(ref e.Units, ref e.LastDay, ref e.Orders, ticks, (uint)bits[0] * Pow10[FixedScale - ((bits[3] >> 16) & 0xFF)]);
            }
            table = new Entry[dense.Length];
            for (var s = 0; s < table.Length; s++)
            {
                table[s] = new Entry { Id = minId + s, Units = dense[s].Units, LastDay = dense[s].LastDay, Orders = dense[s].Orders };
            }
        }
        else
        {
            // Sparse ids: open addressing, linear probing, load ≤ 1/2; an entry is empty while its Orders is 0.
            var capacity = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(1024, Math.Min(inScope, 1 << 29) / 4));
            table = new Entry[capacity];
            var shift = 64 - BitOperations.Log2((uint)capacity);
            var used = 0;
            foreach (ref readonly var p in purchases)
            {
                var ticks = p.OccurredAtUtc.Ticks;
                if (ticks >= cutoffTicks)
                {
                    continue;
                }
                decimal.GetBits(p.Revenue, bits);
                var mask = table.Length - 1;
                var h = Hash(p.CustomerId, shift);
                while (table[h].Orders != 0 && table[h].Id != p.CustomerId)
                {
                    h = (h + 1) & mask;
                }
                ref var e = ref table[h];
                if (e.Orders == 0)
                {
                    e.Id = p.CustomerId;
                    used++;
                }
                Add(ref e.Units, ref e.LastDay, ref e.Orders, ticks, (uint)bits[0] * Pow10[FixedScale - ((bits[3] >> 16) & 0xFF)]);
                if (used * 2 > table.Length)
                {
                    table = Rehash(table);
                    shift--;
                }
            }
        }

        var count = 0;
        foreach (ref readonly var e in table.AsSpan())
        {
            if (e.Orders != 0)
            {
                if (e.Units >= MaxExactDouble)
                {
                    return null; // ranking by double would not be exact
                }
                count++;
            }
        }
        var ids = new long[count];
        var lastDay = new int[count];
        var orders = new int[count];
        var units = new long[count];
        var c = 0;
        foreach (ref readonly var e in table.AsSpan())
        {
            if (e.Orders != 0)
            {
                ids[c] = e.Id;
                lastDay[c] = e.LastDay;
                orders[c] = e.Orders;
                units[c] = e.Units;
                c++;
            }
        }
        if (idSpan >= (ulong)inScope)
        {
            // Hash order is arbitrary: sort by id so the output does not depend on it.
            var order = Identity(count);
            Array.Sort((long[])ids.Clone(), order);
            ids = Permute(ids, order);
            lastDay = Permute(lastDay, order);
            orders = Permute(orders, order);
            units = Permute(units, order);
        }
        return new RfmAggregation { Count = count, Ids = ids, LastDay = lastDay, Orders = orders, Units = units, IsFixedPoint = true };
    }

    static void Add(ref long sumUnits, ref int lastDay, ref int orders, long ticks, long units)
    {
        var day = (int)(ticks / TimeSpan.TicksPerDay);
        if (orders == 0 || day > lastDay)
        {
            lastDay = day;
        }
        orders++;
        sumUnits = checked(sumUnits + units);
    }

    /// <summary>The general path for revenues with more than four decimals or huge totals.</summary>
    static RfmAggregation BuildDecimal(ReadOnlySpan<Purchase> purchases, long cutoffTicks)
    {
        var index = new Dictionary<long, int>();
        var lastDay = new List<int>();
        var orders = new List<int>();
        var revenue = new List<decimal>();
        var ids = new List<long>();
        foreach (ref readonly var p in purchases)
        {
            var ticks = p.OccurredAtUtc.Ticks;
            if (ticks >= cutoffTicks)
            {
                continue;
            }
            var day = (int)(ticks / TimeSpan.TicksPerDay);
            if (!index.TryGetValue(p.CustomerId, out var s))
            {
                s = ids.Count;
                index[p.CustomerId] = s;
                ids.Add(p.CustomerId);
                lastDay.Add(day);
                orders.Add(0);
                revenue.Add(0m);
            }
            lastDay[s] = Math.Max(lastDay[s], day);
            orders[s]++;
            revenue[s] += p.Revenue;
        }
        var order = Identity(ids.Count);
        var sortedIds = ids.ToArray();
        Array.Sort(sortedIds, order);
        return new RfmAggregation
        {
            Count = ids.Count,
            Ids = sortedIds,
            LastDay = Permute(lastDay.ToArray(), order),
            Orders = Permute(orders.ToArray(), order),
            Revenue = Permute(revenue.ToArray(), order),
            IsFixedPoint = false,
        };
    }

    /// <summary>Fibonacci hashing: the top bits of id × 2⁶⁴/φ index a table of 2^(64 − shift) entries.</summary>
    static int Hash(long id, int shift) => (int)(unchecked((ulong)id * 11400714819323198485UL) >> shift);

    static Entry[] Rehash(Entry[] old)
    {
        var table = new Entry[old.Length * 2];
        var mask = table.Length - 1;
        var shift = 64 - BitOperations.Log2((uint)table.Length);
        foreach (ref readonly var e in old.AsSpan())
        {
            if (e.Orders == 0)
            {
                continue;
            }
            var h = Hash(e.Id, shift);
            while (table[h].Orders != 0)
            {
                h = (h + 1) & mask;
            }
            table[h] = e;
        }
        return table;
    }

    internal static int[] Identity(int n)
    {
        var order = new int[n];
        for (var i = 0; i < n; i++)
        {
            order[i] = i;
        }
        return order;
    }

    static T[] Permute<T>(T[] values, int[] order)
    {
        var result = new T[values.Length];
        for (var i = 0; i < order.Length; i++)
        {
            result[i] = values[order[i]];
        }
        return result;
    }
}
