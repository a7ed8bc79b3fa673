using System.Globalization;
using System.Numerics;

namespace Valora.Analytics.Clustering;

/// <summary>
/// Silhouette coefficient (Rousseeuw 1987, "Silhouettes: a graphical aid to the interpretation and validation of
/// cluster analysis", J. Comput. Appl. Math. 20, 53–65), with Euclidean distance.
/// </summary>
/// <remarks>
/// For point i in cluster A: a(i) = mean distance to the other points of A, b(i) = the smallest mean distance to the
/// points of another cluster, s(i) = (b − a) / max(a, b); s(i) = 0 when A has one point (scikit-learn's convention).
/// Noise points (label −1) are left out: they neither get a value nor count in another point's means.
/// <para><b>Bounded memory.</b> Points are copied once, grouped by cluster into one array per feature (O(n·d)); each
/// point's distance sums to every cluster are then accumulated over contiguous runs with SIMD, so no n × n matrix (or
/// block of one) is ever held. Time O(n²·d) for the exact value, O(m·n·d) for the sampled estimate.</para>
/// </remarks>
public static class Silhouette
{
    /// <summary>Mean silhouette over all points that are not noise (scikit-learn's <c>silhouette_score</c>).</summary>
    /// <exception cref="ArgumentException">Label count differs from the points, a label below −1, or fewer than 2 or
    /// more than n − 1 clusters.</exception>
    public static double Score(FeatureMatrix points, IReadOnlyList<int> labels, int? maxDegreeOfParallelism = null)
    {
        var samples = Samples(points, labels, maxDegreeOfParallelism);
        double sum = 0;
        var count = 0;
        foreach (var s in samples)
        {
            if (!double.IsNaN(s))
            {
                sum += s;
                count++;
            }
        }
        return sum / count;
    }

    /// <summary>The silhouette of every point (NaN for noise points).</summary>
    public static double[] Samples(FeatureMatrix points, IReadOnlyList<int> labels, int? maxDegreeOfParallelism = null)
    {
        ArgumentNullException.ThrowIfNull(points);
        var set = LabelSet.From(labels, points.Rows, 2);
        var rows = Enumerable.Range(0, points.Rows).Where(i => set.Compact[i] >= 0).ToArray();
        var values = Compute(points, set, rows, maxDegreeOfParallelism);
        var result = new double[points.Rows];
        Array.Fill(result, double.NaN);
        for (var i = 0; i < rows.Length; i++)
        {
            result[rows[i]] = values[i];
        }
        return result;
    }

    /// <summary>
    /// Estimates the mean silhouette from <paramref name="sampleSize"/> points drawn at random without replacement; each
    /// is scored exactly against all points (so the estimate is unbiased, unlike scoring within the sample). With a
    /// sample as large as the population the value is exact and the interval has width 0.
    /// </summary>
    /// <exception cref="ArgumentException">A sample size below 2, or invalid labels.</exception>
    public static SilhouetteEstimate Estimate(FeatureMatrix points, IReadOnlyList<int> labels, int sampleSize, int seed = 0, int? maxDegreeOfParallelism = null)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (sampleSize < 2)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The sample size must be at least 2 but was {sampleSize}."), nameof(sampleSize));
        }
        var set = LabelSet.From(labels, points.Rows, 2);
        var eligible = Enumerable.Range(0, points.Rows).Where(i => set.Compact[i] >= 0).ToArray();
        var population = eligible.Length;
        var m = Math.Min(sampleSize, population);
        var random = new Random(seed);
        for (var i = 0; i < m; i++)
        {
            var j = i + random.Next(population - i);
            (eligible[i], eligible[j]) = (eligible[j], eligible[i]);
        }
        var chosen = eligible[..m];
        Array.Sort(chosen);
        var values = Compute(points, set, chosen, maxDegreeOfParallelism);
        var mean = values.Average();
        double ss = 0;
        foreach (var v in values)
        {
            ss += (v - mean) * (v - mean);
        }
        var sd = Math.Sqrt(ss / (m - 1));
        var se = sd / Math.Sqrt(m) * Math.Sqrt(Math.Max(0, 1 - (double)m / population));
        return new SilhouetteEstimate(mean, se, mean - 1.96 * se, mean + 1.96 * se, m, population);
    }

    /// <summary>Silhouettes of <paramref name="rows"/> against every non-noise point.</summary>
    static double[] Compute(FeatureMatrix points, LabelSet set, int[] rows, int? maxDegreeOfParallelism)
    {
        var d = points.Columns;
        var k = set.Clusters;
        // Group points by cluster: cluster c occupies [start[c], start[c + 1]) of every feature column.
        var start = new int[k + 1];
        for (var c = 0; c < k; c++)
        {
            start[c + 1] = start[c] + set.Sizes[c];
        }
        var next = (int[])start.Clone();
        var columns = new double[d][];
        for (var f = 0; f < d; f++)
        {
            columns[f] = new double[set.Used];
        }
        for (var r = 0; r < points.Rows; r++)
        {
            var c = set.Compact[r];
            if (c < 0)
            {
                continue;
            }
            var at = next[c]++;
            for (var f = 0; f < d; f++)
            {
                columns[f][at] = points.Values[r * d + f];
            }
        }
        var result = new double[rows.Length];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism ?? -1 };
        Parallel.For(0, rows.Length, parallel, () => (new double[k], new double[d]), (i, _, scratch) =>
        {
            var (sums, point) = scratch;
            var r = rows[i];
            for (var f = 0; f < d; f++)
            {
                point[f] = points.Values[r * d + f];
            }
            for (var c = 0; c < k; c++)
            {
                sums[c] = SumDistances(columns, start[c], start[c + 1], point);
            }
            var own = set.Compact[r];
            var ownSize = set.Sizes[own];
            if (ownSize == 1)
            {
                result[i] = 0;
                return scratch;
            }
            var a = sums[own] / (ownSize - 1);
            var b = double.PositiveInfinity;
            for (var c = 0; c < k; c++)
            {
                if (c != own)
                {
                    b = Math.Min(b, sums[c] / set.Sizes[c]);
                }
            }
            var max = Math.Max(a, b);
            result[i] = max > 0 ? (b - a) / max : 0;
            return scratch;
        }, _ => { });
        return result;
    }

    /// <summary>Σ Euclidean distance from <paramref name="point"/> to the points [from, to) of the feature columns.</summary>
    internal static double SumDistances(double[][] columns, int from, int to, double[] point)
    {
        var d = columns.Length;
        var width = Vector<double>.Count;
        var total = Vector<double>.Zero;
        var j = from;
        if (Vector.IsHardwareAccelerated)
        {
            Span<Vector<double>> centre = stackalloc Vector<double>[d];
            for (var f = 0; f < d; f++)
            {
                centre[f] = new Vector<double>(point[f]);
            }
            for (; j <= to - width; j += width)
            {
                var acc = Vector<double>.Zero;
                for (var f = 0; f < d; f++)
                {
                    var diff = new Vector<double>(columns[f], j) - centre[f];
                    acc += diff * diff;
                }
                total += Vector.SquareRoot(acc);
            }
        }
        var sum = Vector.Sum(total);
        for (; j < to; j++)
        {
            double acc = 0;
            for (var f = 0; f < d; f++)
            {
                var diff = columns[f][j] - point[f];
                acc += diff * diff;
            }
            sum += Math.Sqrt(acc);
        }
        return sum;
    }
}
