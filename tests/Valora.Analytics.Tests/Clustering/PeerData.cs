namespace Valora.Analytics.Tests.Clustering;

/// <summary>
/// The data sets of <c>bench/peers/clustering.py</c>, regenerated bit for bit: a 32-bit LCG (Numerical Recipes
/// constants), uniforms state / 2^32 and "normals" as the sum of 12 uniforms minus 6 (only +, * and /, so Python and
/// C# produce identical doubles).
/// </summary>
static class PeerData
{
    sealed class Lcg(uint seed)
    {
        uint _state = seed;

        public double Uniform()
        {
            _state = unchecked(1664525u * _state + 1013904223u);
            return _state / 4294967296.0;
        }

        public double Normal()
        {
            var s = 0.0;
            for (var i = 0; i < 12; i++)
            {
                s += Uniform();
            }
            return s - 6.0;
        }
    }

    /// <summary>Point i belongs to blob i % centres: centre + sd · normal per coordinate.</summary>
    public static (double[][] Points, int[] Labels) Blobs(int n, double[][] centres, double sd, uint seed)
    {
        var g = new Lcg(seed);
        var d = centres[0].Length;
        var x = new double[n][];
        var y = new int[n];
        for (var i = 0; i < n; i++)
        {
            var c = i % centres.Length;
            y[i] = c;
            x[i] = new double[d];
            for (var f = 0; f < d; f++)
            {
                x[i][f] = centres[c][f] + sd * g.Normal();
            }
        }
        return (x, y);
    }

    /// <summary>n points uniform in [low, high)^d.</summary>
    public static double[][] Uniform(int n, double low, double high, int d, uint seed)
    {
        var g = new Lcg(seed);
        return Enumerable.Range(0, n).Select(_ => Enumerable.Range(0, d).Select(_ => low + (high - low) * g.Uniform()).ToArray()).ToArray();
    }

    /// <summary>The metrics and k-means set: blobs(400, 4 centres in 3-d, sd 1, seed 7).</summary>
    public static (double[][] Points, int[] Labels) Metrics() =>
        Blobs(400, [[0, 0, 0], [3, 1, 0], [1, 4, 1], [4, 4, 3]], 1.0, 7);

    /// <summary>The DBSCAN set: blobs(300, 3 centres in 2-d, sd 0.45, seed 11) then 60 uniform points in [−2, 4.5)² (seed 13).</summary>
    public static double[][] Dbscan() =>
        [.. Blobs(300, [[0, 0], [2.5, 0], [1, 2.5]], 0.45, 11).Points, .. Uniform(60, -2, 4.5, 2, 13)];

    /// <summary>The small Ward set: blobs(60, 4 centres in 2-d, sd 0.8, seed 5).</summary>
    public static double[][] Ward60() => Blobs(60, [[0, 0], [3, 0], [0, 3], [3, 3]], 0.8, 5).Points;

    /// <summary>The larger Ward set: blobs(500, 5 centres in 3-d, sd 1, seed 17).</summary>
    public static double[][] Ward500() => Blobs(500, [[0, 0, 0], [3, 0, 1], [0, 3, 2], [3, 3, 0], [1.5, 1.5, 4]], 1.0, 17).Points;

    public static int[] Ints(string csv) => csv.Split(',').Select(s => int.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    public static double[] Doubles(string csv) => csv.Split(',').Select(s => double.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
}
