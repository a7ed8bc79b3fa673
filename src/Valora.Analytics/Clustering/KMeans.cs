using System.Globalization;

namespace Valora.Analytics.Clustering;

/// <summary>
/// k-means by Lloyd's algorithm with greedy k-means++ seeding (Arthur &amp; Vassilvitskii 2007, "k-means++: the
/// advantages of careful seeding"; the greedy variant with 2 + ⌊ln k⌋ candidate centres per step, as scikit-learn).
/// </summary>
/// <remarks>
/// Each start seeds with k-means++ and iterates assign → recompute means until no label changes, the centroids move
/// less than the tolerance, or the iteration limit. The start with the lowest inertia wins, and is polished by more
/// Lloyd steps until no label changes. A cluster that empties is re-seeded at the point farthest from its centroid.
/// The assignment step runs in fixed chunks reduced in order, so the result is the same on any number of threads.
/// Time O(restarts · iterations · n · k · d); memory O(n + k · d) beyond the data.
/// </remarks>
public static class KMeans
{
    const int Chunk = 8192;

    /// <summary>Fits k clusters with the defaults of <see cref="KMeansOptions"/>.</summary>
    public static KMeansModel Fit(FeatureMatrix points, int clusters, int seed = 0) =>
        Fit(points, new KMeansOptions { Clusters = clusters, Seed = seed });

    /// <summary>Fits k-means.</summary>
    /// <exception cref="ArgumentException">k outside 1..n, or an option out of range (the message names it).</exception>
    public static KMeansModel Fit(FeatureMatrix points, KMeansOptions options)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(options);
        var n = points.Rows;
        var k = options.Clusters;
        if (k < 1 || k > n)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"Clusters (k) must be between 1 and the number of points ({n}) but was {k}."), nameof(options));
        }
        if (options.Restarts < 1)
        {
            throw new ArgumentException("Restarts must be at least 1.", nameof(options));
        }
        if (options.MaxIterations < 1)
        {
            throw new ArgumentException("MaxIterations must be at least 1.", nameof(options));
        }
        if (!(options.Tolerance >= 0))
        {
            throw new ArgumentException("Tolerance must be ≥ 0.", nameof(options));
        }
        var d = points.Columns;
        var x = points.Values;
        var tolerance = options.Tolerance * MeanVariance(x, n, d);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism ?? -1 };
        var random = new Random(options.Seed);

        double[]? bestCentroids = null;
        int[]? bestLabels = null;
        var bestInertia = double.PositiveInfinity;
        var bestIterations = 0;
        var bestStart = 0;
        var labels = new int[n];
        for (var start = 0; start < options.Restarts; start++)
        {
            var centroids = PlusPlus(x, n, d, k, random);
            var iterations = Lloyd(x, n, d, k, centroids, labels, options.MaxIterations, tolerance, parallel, out var inertia);
            if (inertia < bestInertia)
            {
                bestInertia = inertia;
                bestCentroids = centroids;
                bestLabels = (int[])labels.Clone();
                bestIterations = iterations;
                bestStart = start;
            }
        }
        // Polish the winner to a fixed point: Lloyd never increases inertia, so this only helps.
        var polish = Lloyd(x, n, d, k, bestCentroids!, bestLabels!, options.MaxIterations, 0, parallel, out var polished);
        return new KMeansModel(bestCentroids!, k, d, bestLabels!, polished, bestIterations + polish, bestStart);
    }

    /// <summary>Index of the nearest of <paramref name="k"/> row-major centroids, and its squared distance.</summary>
    internal static int Nearest(ReadOnlySpan<double> point, double[] centroids, int k, out double distance)
    {
        var d = point.Length;
        var best = 0;
        var bestDistance = double.PositiveInfinity;
        for (var c = 0; c < k; c++)
        {
            var s = SquaredDistance(point, centroids.AsSpan(c * d, d));
            if (s < bestDistance)
            {
                bestDistance = s;
                best = c;
            }
        }
        distance = bestDistance;
        return best;
    }

    internal static double SquaredDistance(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s = 0;
        for (var f = 0; f < a.Length; f++)
        {
            var diff = a[f] - b[f];
            s += diff * diff;
        }
        return s;
    }

    static double MeanVariance(double[] x, int n, int d)
    {
        double total = 0;
        for (var f = 0; f < d; f++)
        {
            double sum = 0;
            for (var r = 0; r < n; r++)
            {
                sum += x[r * d + f];
            }
            var mean = sum / n;
            double ss = 0;
            for (var r = 0; r < n; r++)
            {
                var dev = x[r * d + f] - mean;
                ss += dev * dev;
            }
            total += ss / n;
        }
        return total / d;
    }

    /// <summary>Greedy k-means++: each new centre is the best (lowest potential) of 2 + ⌊ln k⌋ D²-sampled candidates.</summary>
    static double[] PlusPlus(double[] x, int n, int d, int k, Random random)
    {
        var centroids = new double[k * d];
        var first = random.Next(n);
        Array.Copy(x, first * d, centroids, 0, d);
        var closest = new double[n];
        double potential = 0;
        for (var r = 0; r < n; r++)
        {
            closest[r] = SquaredDistance(x.AsSpan(r * d, d), centroids.AsSpan(0, d));
            potential += closest[r];
        }
        var trials = 2 + (int)Math.Log(k);
        var cumulative = new double[n];
        var candidateDistances = new double[trials][];
        for (var t = 0; t < trials; t++)
        {
            candidateDistances[t] = new double[n];
        }
        for (var c = 1; c < k; c++)
        {
            double running = 0;
            for (var r = 0; r < n; r++)
            {
                running += closest[r];
                cumulative[r] = running;
            }
            var bestTrial = -1;
            var bestPotential = double.PositiveInfinity;
            var candidates = new int[trials];
            for (var t = 0; t < trials; t++)
            {
                var candidate = running > 0 ? Search(cumulative, random.NextDouble() * running) : random.Next(n);
                candidates[t] = candidate;
                var distances = candidateDistances[t];
                var candidatePoint = x.AsSpan(candidate * d, d);
                double pot = 0;
                for (var r = 0; r < n; r++)
                {
                    var s = Math.Min(closest[r], SquaredDistance(x.AsSpan(r * d, d), candidatePoint));
                    distances[r] = s;
                    pot += s;
                }
                if (pot < bestPotential)
                {
                    bestPotential = pot;
                    bestTrial = t;
                }
            }
            Array.Copy(x, candidates[bestTrial] * d, centroids, c * d, d);
            Array.Copy(candidateDistances[bestTrial], closest, n);
            potential = bestPotential;
        }
        _ = potential;
        return centroids;
    }

    /// <summary>First index whose cumulative weight exceeds <paramref name="target"/> (points of weight 0 are never chosen).</summary>
    static int Search(double[] cumulative, double target)
    {
        int lo = 0, hi = cumulative.Length - 1;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (cumulative[mid] > target)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /// <summary>Lloyd iterations from <paramref name="centroids"/> (updated in place); labels end as the nearest
    /// centroid of each point and the inertia is theirs.</summary>
    static int Lloyd(double[] x, int n, int d, int k, double[] centroids, int[] labels, int maxIterations, double tolerance,
        ParallelOptions parallel, out double inertia)
    {
        var chunks = (n + Chunk - 1) / Chunk;
        var sums = new double[chunks][];
        var counts = new long[chunks][];
        var chunkInertia = new double[chunks];
        var chunkChanged = new int[chunks];
        for (var c = 0; c < chunks; c++)
        {
            sums[c] = new double[k * d];
            counts[c] = new long[k];
        }
        var totalSums = new double[k * d];
        var totalCounts = new long[k];
        var first = true;
        var iterations = 0;
        while (true)
        {
            // Assignment step (E): nearest centroid per point, with partial sums for the update.
            Parallel.For(0, chunks, parallel, chunk =>
            {
                var s = sums[chunk];
                var cnt = counts[chunk];
                Array.Clear(s);
                Array.Clear(cnt);
                double inert = 0;
                var changed = 0;
                var end = Math.Min(n, (chunk + 1) * Chunk);
                for (var r = chunk * Chunk; r < end; r++)
                {
                    var point = x.AsSpan(r * d, d);
                    var label = Nearest(point, centroids, k, out var dist);
                    inert += dist;
                    if (label != labels[r])
                    {
                        changed++;
                        labels[r] = label;
                    }
                    cnt[label]++;
                    var offset = label * d;
                    for (var f = 0; f < d; f++)
                    {
                        s[offset + f] += point[f];
                    }
                }
                chunkInertia[chunk] = inert;
                chunkChanged[chunk] = changed;
            });
            inertia = 0;
            var anyChanged = first;
            for (var c = 0; c < chunks; c++)
            {
                inertia += chunkInertia[c];
                anyChanged |= chunkChanged[c] > 0;
            }
            first = false;
            if (!anyChanged || iterations >= maxIterations)
            {
                return iterations;
            }
            // Update step (M): centroids become the means of their points.
            Array.Clear(totalSums);
            Array.Clear(totalCounts);
            for (var c = 0; c < chunks; c++)
            {
                for (var j = 0; j < k * d; j++)
                {
                    totalSums[j] += sums[c][j];
                }
                for (var j = 0; j < k; j++)
                {
                    totalCounts[j] += counts[c][j];
                }
            }
            double shift = 0;
            for (var c = 0; c < k; c++)
            {
                if (totalCounts[c] == 0)
                {
                    continue;
                }
                for (var f = 0; f < d; f++)
                {
                    var mean = totalSums[c * d + f] / totalCounts[c];
                    var move = mean - centroids[c * d + f];
                    shift += move * move;
                    centroids[c * d + f] = mean;
                }
            }
            if (Array.IndexOf(totalCounts, 0L) >= 0)
            {
                Reseed(x, n, d, k, centroids, labels, totalCounts);
                shift = double.PositiveInfinity;
            }
            iterations++;
            if (shift <= tolerance)
            {
                // Converged on movement: one last assignment so the labels match the final centroids.
                tolerance = double.PositiveInfinity;
                maxIterations = iterations;
            }
        }
    }

    /// <summary>Moves each empty cluster's centroid onto the point currently farthest from its own centroid.</summary>
    static void Reseed(double[] x, int n, int d, int k, double[] centroids, int[] labels, long[] counts)
    {
        var distance = new double[n];
        for (var r = 0; r < n; r++)
        {
            distance[r] = SquaredDistance(x.AsSpan(r * d, d), centroids.AsSpan(labels[r] * d, d));
        }
        for (var c = 0; c < k; c++)
        {
            if (counts[c] != 0)
            {
                continue;
            }
            var far = 0;
            for (var r = 1; r < n; r++)
            {
                if (distance[r] > distance[far])
                {
                    far = r;
                }
            }
            Array.Copy(x, far * d, centroids, c * d, d);
            distance[far] = -1;
        }
    }
}
