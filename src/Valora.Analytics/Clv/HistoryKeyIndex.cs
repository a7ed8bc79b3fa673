namespace Valora.Analytics.Clv;

/// <summary>
/// Maps distinct (x, tₓ, T) to dense indices 0, 1, … in order of first appearance: an open-addressing hash table on
/// arrays (no per-entry allocation), several times faster than a Dictionary of tuples for millions of customers.
/// Doubles are compared by value (0.0 and −0.0 are never produced by the builders; NaN is rejected by validation).
/// </summary>
internal sealed class HistoryKeyIndex
{
    int[] slots;        // index + 1 into the key arrays, 0 = empty
    int mask;
    int count;
    int[] xs;
    double[] txs;
    double[] ts;

    public HistoryKeyIndex(int expected)
    {
        var capacity = 16;
        while (capacity < 2 * Math.Max(expected, 8))
        {
            capacity <<= 1;
        }
        slots = new int[capacity];
        mask = capacity - 1;
        xs = new int[Math.Max(expected, 8)];
        txs = new double[xs.Length];
        ts = new double[xs.Length];
    }

    public int Count => count;

    public int X(int i) => xs[i];

    public double Tx(int i) => txs[i];

    public double T(int i) => ts[i];

    /// <summary>The index of (x, tₓ, T), adding it when new.</summary>
    public int Add(int x, double tx, double t, out bool added)
    {
        var h = Hash(x, tx, t);
        var i = (int)h & mask;
        while (true)
        {
            var s = slots[i];
            if (s == 0)
            {
                break;
            }
            var k = s - 1;
            if (xs[k] == x && txs[k] == tx && ts[k] == t)
            {
                added = false;
                return k;
            }
            i = (i + 1) & mask;
        }
        if (count == xs.Length)
        {
            Array.Resize(ref xs, count * 2);
            Array.Resize(ref txs, count * 2);
            Array.Resize(ref ts, count * 2);
        }
        xs[count] = x;
        txs[count] = tx;
        ts[count] = t;
        slots[i] = ++count;
        added = true;
        if (2 * count > slots.Length)
        {
            Grow();
        }
        return count - 1;
    }

    void Grow()
    {
        slots = new int[slots.Length * 2];
        mask = slots.Length - 1;
        for (var k = 0; k < count; k++)
        {
            var i = (int)Hash(xs[k], txs[k], ts[k]) & mask;
            while (slots[i] != 0)
            {
                i = (i + 1) & mask;
            }
            slots[i] = k + 1;
        }
    }

    static ulong Hash(int x, double tx, double t)
    {
        var h = (ulong)BitConverter.DoubleToInt64Bits(tx) * 0x9E3779B97F4A7C15UL;
        h ^= (ulong)BitConverter.DoubleToInt64Bits(t) + 0x632BE59BD9B4E019UL + (h << 6) + (h >> 2);
        h ^= (ulong)(uint)x * 0xC2B2AE3D27D4EB4FUL;
        h ^= h >> 29;
        h *= 0xBF58476D1CE4E5B9UL;
        return h ^ (h >> 32);
    }
}
