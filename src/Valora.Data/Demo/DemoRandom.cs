namespace Valora.Data.Demo;

/// <summary>
/// xoshiro256** (Blackman &amp; Vigna 2018) seeded through splitmix64, with the samplers the demo needs. Every customer
/// and every kind of record gets its own stream derived from (seed, customer index, stream), so each stream can be
/// regenerated on its own and the output does not depend on the order in which streams are consumed.
/// </summary>
internal sealed class DemoRandom
{
    ulong _s0, _s1, _s2, _s3;

    public DemoRandom(ulong seed)
    {
        var x = seed;
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    /// <summary>The stream for one (seed, index, stream) triple.</summary>
    public static DemoRandom For(long seed, long index, int stream)
    {
        var h = Mix((ulong)seed);
        h = Mix(h ^ (ulong)index);
        h = Mix(h ^ (ulong)(uint)stream ^ 0xA5A5_5A5A_0000_0000UL);
        return new DemoRandom(h);
    }

    static ulong SplitMix(ref ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        return Mix(x);
    }

    static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public ulong NextULong()
    {
        var result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextULong() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, n); n &gt; 0. (Multiply-shift; the bias is below 2^-32.)</summary>
    public int NextInt(int n) => (int)(((NextULong() >> 32) * (ulong)n) >> 32);

    /// <summary>Uniform integer in [min, max).</summary>
    public int NextInt(int min, int max) => min + NextInt(max - min);

    public bool Chance(double p) => NextDouble() < p;

    /// <summary>Standard normal (Box–Muller, one of the pair).</summary>
    public double Normal()
    {
        var u1 = 1.0 - NextDouble();
        var u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Exponential with the given rate (mean 1/rate); +∞ when the rate is 0.</summary>
    public double Exponential(double rate) => rate <= 0 ? double.PositiveInfinity : -Math.Log(1.0 - NextDouble()) / rate;

    /// <summary>
    /// Gamma(shape, rate) with mean shape/rate, by Marsaglia &amp; Tsang (2000), "A simple method for generating gamma
    /// variables", ACM TOMS 26(3); shapes below 1 use Gamma(shape + 1)·U^(1/shape).
    /// </summary>
    public double Gamma(double shape, double rate)
    {
        if (shape < 1.0)
        {
            var u = NextDouble();
            return Gamma(shape + 1.0, rate) * Math.Pow(u, 1.0 / shape);
        }
        var d = shape - 1.0 / 3.0;
        var c = 1.0 / Math.Sqrt(9.0 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = Normal();
                v = 1.0 + c * x;
            }
            while (v <= 0);
            v = v * v * v;
            var u = NextDouble();
            if (u < 1.0 - 0.0331 * x * x * x * x || Math.Log(u) < 0.5 * x * x + d * (1.0 - v + Math.Log(v)))
            {
                return d * v / rate;
            }
        }
    }

    /// <summary>Beta(a, b) as X/(X+Y) with X ~ Gamma(a), Y ~ Gamma(b).</summary>
    public double Beta(double a, double b)
    {
        var x = Gamma(a, 1.0);
        var y = Gamma(b, 1.0);
        return x + y > 0 ? x / (x + y) : 0.5;
    }

    /// <summary>Poisson with the given mean (Knuth's product method below 30, rounded normal above).</summary>
    public int Poisson(double mean)
    {
        if (mean <= 0)
        {
            return 0;
        }
        if (mean >= 30)
        {
            return Math.Max(0, (int)Math.Round(mean + Math.Sqrt(mean) * Normal()));
        }
        var limit = Math.Exp(-mean);
        var k = 0;
        var p = NextDouble();
        while (p > limit)
        {
            k++;
            p *= NextDouble();
        }
        return k;
    }

    /// <summary>Index drawn from cumulative weights (last entry = total).</summary>
    public int Pick(double[] cumulative)
    {
        var u = NextDouble() * cumulative[^1];
        var i = Array.BinarySearch(cumulative, u);
        i = i < 0 ? ~i : i + 1;
        return Math.Min(i, cumulative.Length - 1);
    }

    public T Pick<T>(T[] items) => items[NextInt(items.Length)];
}
