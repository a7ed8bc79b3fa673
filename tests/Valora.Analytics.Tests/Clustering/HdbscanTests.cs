using Valora.Analytics.Clustering;

namespace Valora.Analytics.Tests.Clustering;

public class HdbscanTests
{
    [Theory]
    [InlineData(HdbscanSpanningTree.Prim)]
    [InlineData(HdbscanSpanningTree.Boruvka)]
    public void Fit_TwoGroupsAndAnOutlier_MatchesTheHandComputedTree(HdbscanSpanningTree spanningTree)
    {
        // Rows 0–4: A = 0, 1, 2, 3, 4; rows 5–9: B = 20, …, 24; row 10: the outlier 100. MinClusterSize 3, MinSamples 3.
        // Core distance = distance to the 3rd nearest point, itself counted (= 2nd nearest other):
        //   A: 0 → {1, 2} → 2; 1 → {0, 2} → 1; 2 → 1; 3 → 1; 4 → {3, 2} → 2. B alike. Outlier: {24, 23} → 77.
        // Mutual reachability d_mr(a, b) = max(core a, core b, |a − b|). Minimum spanning tree:
        //   in A: 1–2 and 2–3 at max(1, 1, 1) = 1; 0 and 4 join at max(2, 1, 1) = 2 (0–1 / 4–3); the same in B;
        //   A–B: 4–20 at max(2, 2, 16) = 16; outlier: 24–100 at max(2, 77, 76) = 77.
        // Single linkage: {1,2,3} at 1, A = {0..4} at 2 (B alike), A ∪ B at 16, everything at 77.
        // Condensed (λ = 1/d), n = 11 so the root is 11:
        //   λ = 1/77: the outlier (1 point < 3) falls out of the root; A ∪ B (10) carries on as the root.
        //   λ = 1/16: A (5) and B (5) both ≥ 3 → clusters 12 (A, the side of the edge's lower row 4) and 13 (B).
        //   λ = 1/2: rows 0 and 4 fall out of 12 (single points); {1,2,3} carries on as 12.
        //   λ = 1: {1,2,3} splits into 2 + 1 points, both < 3 → all three fall out of 12. B alike.
        // Stability(12) = Σ (λ − 1/16)·1 = 2·(1/2 − 1/16) + 3·(1 − 1/16) = 0.875 + 2.8125 = 3.6875; 13 alike.
        // EOM: 12 and 13 are leaves (no descendants) → both selected; the root is no candidate → labels 0 (A), 1 (B),
        // outlier −1. Probability = min(λ_p, λ_max) / λ_max with λ_max(12) = 1: rows 1–3 → 1, rows 0 and 4 → 0.5.
        // Persistence = stability / (size · largest λ of the tree = 1) = 3.6875 / 5 = 0.7375.
        double[][] points = [[0], [1], [2], [3], [4], [20], [21], [22], [23], [24], [100]];
        var result = Hdbscan.Fit(FeatureMatrix.FromRows(points), new HdbscanOptions { MinClusterSize = 3, SpanningTree = spanningTree });

        Assert.Equal([1.0, 1, 1, 1, 2, 2, 2, 2, 16, 77], result.MergeDistances);
        Assert.Equal([2.0, 1, 1, 1, 2, 2, 1, 1, 1, 2, 77], result.CoreDistances);
        Assert.Equal([0, 0, 0, 0, 0, 1, 1, 1, 1, 1, -1], result.Labels);
        Assert.Equal(2, result.Clusters);
        Assert.Equal(1, result.Noise);
        Assert.Equal([0.5, 1, 1, 1, 0.5, 0.5, 1, 1, 1, 0.5, 0], result.Probabilities);
        Assert.Equal(3.6875, result.Stabilities[0], 12);
        Assert.Equal(3.6875, result.Stabilities[1], 12);
        Assert.Equal(0.7375, result.Persistence[0], 12);

        HdbscanEdge[] expected =
        [
            new(12, 0, 0.5, 1), new(12, 1, 1, 1), new(12, 2, 1, 1), new(12, 3, 1, 1), new(12, 4, 0.5, 1),
            new(13, 5, 0.5, 1), new(13, 6, 1, 1), new(13, 7, 1, 1), new(13, 8, 1, 1), new(13, 9, 0.5, 1),
            new(11, 10, 1.0 / 77, 1), new(11, 12, 1.0 / 16, 5), new(11, 13, 1.0 / 16, 5),
        ];
        Assert.Equal(expected, result.CondensedTree.OrderBy(e => e.Child).ToArray());
    }

    [Fact]
    public void Fit_NestedGroups_ExcessOfMassKeepsTheParentWhereLeafSplitsIt()
    {
        // L1 = 0, 1, 2 (rows 0–2); L2 = 3.5, 4.5, 5.5 (rows 3–5); R = 20, 21, 22 (rows 6–8). MinClusterSize 3, MinSamples 2:
        // every core distance is 1 (the nearest other point). MST: unit steps inside each group, 2–3.5 at 1.5, 5.5–20 at 14.5.
        // Condensed, root 9: λ = 1/14.5: L (6) and R (3) → clusters 10 (L) and 11 (R). λ = 1/1.5: L1 and L2 (3 each) → 12, 13.
        // λ = 1: every group's points fall out (each 3-point group splits 2 + 1).
        // Stability: R = 3·(1 − 1/14.5) = 2.7931; L = 6·(1/1.5 − 1/14.5) = 3.5862; L1 = L2 = 3·(1 − 1/1.5) = 1.
        // EOM: L1 + L2 = 2 < 3.5862 → L is kept → labels L = 0 (cluster 10), R = 1 (11). Leaf: 11, 12, 13 → R 0, L1 1, L2 2.
        double[][] points = [[0], [1], [2], [3.5], [4.5], [5.5], [20], [21], [22]];
        var x = FeatureMatrix.FromRows(points);
        var eom = Hdbscan.Fit(x, new HdbscanOptions { MinClusterSize = 3, MinSamples = 2 });
        Assert.Equal([0, 0, 0, 0, 0, 0, 1, 1, 1], eom.Labels);
        Assert.Equal(6 * (1 / 1.5 - 1 / 14.5), eom.Stabilities[0], 12);
        Assert.Equal(3 * (1 - 1 / 14.5), eom.Stabilities[1], 12);
        Assert.All(eom.Probabilities, p => Assert.Equal(1, p)); // λ_p = 1 capped at λ_max(L) = 1/1.5
        var leaf = Hdbscan.Fit(x, new HdbscanOptions { MinClusterSize = 3, MinSamples = 2, Selection = HdbscanSelection.Leaf });
        Assert.Equal([1, 1, 1, 2, 2, 2, 0, 0, 0], leaf.Labels);
        Assert.Equal(3 * (1 - 1 / 14.5), leaf.Stabilities[0], 12);
        Assert.Equal(1, leaf.Stabilities[1], 12);
        Assert.Equal(1, leaf.Stabilities[2], 12);
    }

    [Fact]
    public void Fit_OneGroup_IsNoiseUnlessASingleClusterIsAllowed()
    {
        // 0, 1, 2 and 3.5, 4.5, 5.5, MinClusterSize 3, MinSamples 2: root 6 splits at 1.5 into 7 and 8.
        // Root stability = 6·(1/1.5 − 0) = 4; children 3·(1 − 1/1.5) = 1 each, sum 2 < 4. Without AllowSingleCluster the
        // root is no candidate → 7 and 8 are the clusters. With it the root wins; its points are labelled when their λ
        // (1) reaches the root's largest child λ (1/1.5) → all six in cluster 0.
        double[][] points = [[0], [1], [2], [3.5], [4.5], [5.5]];
        var x = FeatureMatrix.FromRows(points);
        Assert.Equal([0, 0, 0, 1, 1, 1], Hdbscan.Fit(x, new HdbscanOptions { MinClusterSize = 3, MinSamples = 2 }).Labels);
        var single = Hdbscan.Fit(x, new HdbscanOptions { MinClusterSize = 3, MinSamples = 2, AllowSingleCluster = true });
        Assert.Equal([0, 0, 0, 0, 0, 0], single.Labels);
        Assert.Equal(4, single.Stabilities[0], 12);
    }

    [Fact]
    public void Fit_ThreeGaussianBlobs_RecoversThem()
    {
        var random = new Random(7);
        var (points, truth) = Blobs(random, [(0, 0), (6, 0), (3, 5)], 0.6, 120);
        var result = Hdbscan.Fit(FeatureMatrix.FromRows(points), 15);
        Assert.Equal(3, result.Clusters);
        Assert.True(AdjustedRand(truth, result.Labels) >= 0.95, $"ARI {AdjustedRand(truth, result.Labels)}");
    }

    [Fact]
    public void Fit_TwoMoons_RecoversBothWhereKMeansCannot()
    {
        var random = new Random(3);
        var points = new List<double[]>();
        var truth = new List<int>();
        for (var i = 0; i < 200; i++)
        {
            var t = Math.PI * random.NextDouble();
            points.Add([Math.Cos(t) + 0.05 * Normal(random), Math.Sin(t) + 0.05 * Normal(random)]);
            truth.Add(0);
            t = Math.PI * random.NextDouble();
            points.Add([1 - Math.Cos(t) + 0.05 * Normal(random), 0.5 - Math.Sin(t) + 0.05 * Normal(random)]);
            truth.Add(1);
        }
        var x = FeatureMatrix.FromRows(points);
        var kmeans = KMeans.Fit(x, 2);
        Assert.True(AdjustedRand(truth, kmeans.Labels) < 0.6, $"k-means ARI {AdjustedRand(truth, kmeans.Labels)}");
        var result = Hdbscan.Fit(x, new HdbscanOptions { MinClusterSize = 15, MinSamples = 5 });
        Assert.Equal(2, result.Clusters);
        Assert.True(AdjustedRand(truth, result.Labels) >= 0.95, $"HDBSCAN ARI {AdjustedRand(truth, result.Labels)}");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(11)]
    public void Fit_UniformNoise_IsMostlyNoise(int seed)
    {
        // No structure: whatever clusters the random fluctuations give, most points leave the tree before any is born.
        var random = new Random(seed);
        var points = Enumerable.Range(0, 200).Select(_ => new[] { random.NextDouble() * 10, random.NextDouble() * 10 }).ToArray();
        var result = Hdbscan.Fit(FeatureMatrix.FromRows(points), 15);
        Assert.True(result.Noise > 100, $"{result.Noise} of 200 uniform points are noise");
        Assert.Equal(result.Noise, result.Labels.Count(l => l == -1));
        Assert.All(result.Labels.Zip(result.Probabilities).Where(p => p.First == -1), p => Assert.Equal(0, p.Second));
    }

    [Fact]
    public void Fit_UniformBackground_IsNoiseOrWeakMembersAroundTheBlobs()
    {
        // Two tight blobs (sd 0.3) and 100 uniform points on [0, 10]². A background point that leaves the tree after a
        // blob's cluster is born belongs to it, but weakly: every background point farther than 5 sd from both centres is
        // noise or has probability < 0.5, and at least 40 % are noise outright; the blobs themselves are recovered exactly.
        var random = new Random(11);
        var (points, truth) = Blobs(random, [(2, 2), (8, 8)], 0.3, 100);
        for (var i = 0; i < 100; i++)
        {
            points.Add([random.NextDouble() * 10, random.NextDouble() * 10]);
            truth.Add(-1);
        }
        var result = Hdbscan.Fit(FeatureMatrix.FromRows(points), 15);
        Assert.Equal(2, result.Clusters);
        var far = Enumerable.Range(200, 100)
            .Where(i => Math.Min(Math.Sqrt(Math.Pow(points[i][0] - 2, 2) + Math.Pow(points[i][1] - 2, 2)),
                                 Math.Sqrt(Math.Pow(points[i][0] - 8, 2) + Math.Pow(points[i][1] - 8, 2))) > 1.5)
            .ToArray();
        Assert.All(far, i => Assert.True(result.Labels[i] == -1 || result.Probabilities[i] < 0.5, $"row {i}: {result.Labels[i]}, p {result.Probabilities[i]}"));
        Assert.True(far.Count(i => result.Labels[i] == -1) * 5 >= far.Length * 2, $"{far.Count(i => result.Labels[i] == -1)} of {far.Length} are noise");
        var blobRows = Enumerable.Range(0, 200).Where(i => result.Labels[i] >= 0).ToArray();
        Assert.True(blobRows.Length >= 190, $"{blobRows.Length} of 200 blob points clustered");
        Assert.Equal(1, AdjustedRand(blobRows.Select(i => truth[i]).ToArray(), blobRows.Select(i => result.Labels[i]).ToArray()), 12);
    }

    [Fact]
    public void Fit_DoesNotDependOnThreadCount()
    {
        var (points, _) = Blobs(new Random(5), [(0, 0), (4, 0)], 1.0, 150);
        var x = FeatureMatrix.FromRows(points);
        var a = Hdbscan.Fit(x, new HdbscanOptions { MinClusterSize = 10, MaxDegreeOfParallelism = 1 });
        var b = Hdbscan.Fit(x, new HdbscanOptions { MinClusterSize = 10 });
        Assert.Equal(a.Labels, b.Labels);
        Assert.Equal(a.Probabilities, b.Probabilities);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Fit_BoruvkaAndPrim_GiveTheSamePartition(int dimensions)
    {
        // Both build a minimum spanning tree: every minimum spanning tree has the same sorted weights, so the merge heights
        // agree exactly. Where d_mr ties, a point joining at a split's height may fall to the parent in one tree and to
        // a child in the other, so the labels agree up to numbering on all but a few such points.
        var random = new Random(17 + dimensions);
        var points = Enumerable.Range(0, 900)
            .Select(i => Enumerable.Range(0, dimensions).Select(f => (f == 0 ? i % 3 * 4.0 : 0) + Normal(random) * (1 + i % 3 * 0.5)).ToArray())
            .Concat(Enumerable.Range(0, 60).Select(_ => Enumerable.Range(0, dimensions).Select(_ => random.NextDouble() * 16 - 4).ToArray()))
            .ToArray();
        var x = FeatureMatrix.FromRows(points);
        var prim = Hdbscan.Fit(x, new HdbscanOptions { MinClusterSize = 20, MinSamples = 8, SpanningTree = HdbscanSpanningTree.Prim });
        var boruvka = Hdbscan.Fit(x, new HdbscanOptions { MinClusterSize = 20, MinSamples = 8, SpanningTree = HdbscanSpanningTree.Boruvka });
        Assert.True(prim.Clusters >= 2, $"{prim.Clusters} clusters");
        Assert.Equal(prim.MergeDistances, boruvka.MergeDistances);
        Assert.Equal(x.Rows - 1, prim.MergeDistances.Length);
        Assert.Equal(prim.Clusters, boruvka.Clusters);
        Assert.True(Math.Abs(prim.Noise - boruvka.Noise) <= 5, $"noise {prim.Noise} and {boruvka.Noise}");
        Assert.True(AdjustedRand(prim.Labels, boruvka.Labels) >= 0.99, $"ARI {AdjustedRand(prim.Labels, boruvka.Labels)}");
        var labelsLeaf = Hdbscan.Fit(x, new HdbscanOptions { MinClusterSize = 20, Selection = HdbscanSelection.Leaf, SpanningTree = HdbscanSpanningTree.Prim });
        var labelsLeafB = Hdbscan.Fit(x, new HdbscanOptions { MinClusterSize = 20, Selection = HdbscanSelection.Leaf, SpanningTree = HdbscanSpanningTree.Boruvka });
        Assert.True(AdjustedRand(labelsLeaf.Labels, labelsLeafB.Labels) >= 0.99, $"leaf ARI {AdjustedRand(labelsLeaf.Labels, labelsLeafB.Labels)}");
    }

    [Theory]
    [InlineData(21, 10, 10)]
    [InlineData(22, 15, 5)]
    [InlineData(23, 8, 3)]
    public void Fit_AgreesWithANaiveImplementationOfTheDefinitions(int seed, int minClusterSize, int minSamples)
    {
        // HdbscanReference: n × n matrix, Kruskal, the condensed tree level by level. A point whose own merge height
        // equals a split's goes to the child in the binary hierarchy (as in the hdbscan library: it leaves the new cluster
        // at the λ of its birth) but falls from the parent in the level view. Labels may differ on such points only;
        // every other point's label matches one for one, and the selected clusters' stabilities are equal.
        var random = new Random(seed);
        var (points, _) = Blobs(random, [(0, 0), (5, 1), (2, 6)], 0.9, 80);
        for (var i = 0; i < 40; i++)
        {
            points.Add([random.NextDouble() * 12 - 3, random.NextDouble() * 12 - 3]);
        }
        var reference = HdbscanReference.Fit([.. points], minClusterSize, minSamples);
        foreach (var tree in new[] { HdbscanSpanningTree.Prim, HdbscanSpanningTree.Boruvka })
        {
            var result = Hdbscan.Fit(FeatureMatrix.FromRows(points), new HdbscanOptions { MinClusterSize = minClusterSize, MinSamples = minSamples, SpanningTree = tree });
            Assert.Equal(reference.SelectedStabilities.Length, result.Clusters);
            Assert.Equal(reference.SelectedStabilities, result.Stabilities.Order().ToArray(), (a, b) => Math.Abs(a - b) <= 1e-9 * Math.Max(1, Math.Abs(a)));
            var born = result.CondensedTree.Where(e => e.Child >= points.Count).ToDictionary(e => e.Child, e => e.Lambda);
            var atBirth = result.CondensedTree
                .Where(e => e.Child < points.Count && e.Lambda == born.GetValueOrDefault(e.Parent, 0))
                .Select(e => e.Child).ToHashSet();
            Assert.True(atBirth.Count * 20 <= points.Count, $"{tree}: {atBirth.Count} points leave a cluster at its birth");
            var others = Enumerable.Range(0, points.Count).Where(i => !atBirth.Contains(i)).ToArray();
            var map = others.GroupBy(i => reference.Labels[i]).ToDictionary(g => g.Key, g => result.Labels[g.First()]);
            Assert.Equal(map.Count, map.Values.Distinct().Count());
            Assert.All(others, i => Assert.Equal(map[reference.Labels[i]], result.Labels[i]));
            Assert.Equal(-1, map.GetValueOrDefault(-1, -1));
        }
    }

    [Fact]
    public void KdTree_KthNearestDistance_AsBruteForce()
    {
        var points = PeerData.Dbscan();
        var tree = new KdTree(FeatureMatrix.FromRows(points));
        foreach (var k in new[] { 1, 2, 5, 16, 40 })
        {
            for (var i = 0; i < points.Length; i += 11)
            {
                var expected = points
                    .Select(p => Math.Sqrt(Math.Pow(points[i][0] - p[0], 2) + Math.Pow(points[i][1] - p[1], 2)))
                    .Order().ElementAt(k - 1);
                Assert.Equal(expected, tree.KthNearestDistance(points[i], k), 12);
            }
        }
    }

    [Theory]
    [InlineData(1, null, "MinClusterSize")]
    [InlineData(5, 0, "MinSamples")]
    [InlineData(5, 11, "MinSamples")]
    public void Fit_WithBadSettings_NamesThem(int minClusterSize, int? minSamples, string name)
    {
        var x = FeatureMatrix.FromRows(Enumerable.Range(0, 10).Select(i => new[] { (double)i }).ToArray());
        var error = Assert.Throws<ArgumentException>(() => Hdbscan.Fit(x, new HdbscanOptions { MinClusterSize = minClusterSize, MinSamples = minSamples }));
        Assert.StartsWith(name, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AdjustedRand_MatchesTheWorkedValue()
    {
        // [0,0,1,1] vs [0,0,1,2]: index 1, expected 2·1/6 = 1/3, max (2 + 1)/2 → (2/3)/(7/6) = 4/7 (scikit-learn's docs: 0.57).
        Assert.Equal(4.0 / 7, AdjustedRand([0, 0, 1, 1], [0, 0, 1, 2]), 12);
        Assert.Equal(1, AdjustedRand([0, 0, 1, 1], [1, 1, 0, 0]), 12);
    }

    static (List<double[]> Points, List<int> Truth) Blobs(Random random, (double X, double Y)[] centres, double sd, int each)
    {
        var points = new List<double[]>();
        var truth = new List<int>();
        for (var i = 0; i < each; i++)
        {
            for (var c = 0; c < centres.Length; c++)
            {
                points.Add([centres[c].X + sd * Normal(random), centres[c].Y + sd * Normal(random)]);
                truth.Add(c);
            }
        }
        return (points, truth);
    }

    static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>Hubert &amp; Arabie's adjusted Rand index; −1 (noise) counts as one more label.</summary>
    internal static double AdjustedRand(IReadOnlyList<int> a, IReadOnlyList<int> b)
    {
        static double Pairs(long m) => m * (m - 1) / 2.0;
        var n = a.Count;
        var table = new Dictionary<(int, int), long>();
        var rows = new Dictionary<int, long>();
        var columns = new Dictionary<int, long>();
        for (var i = 0; i < n; i++)
        {
            table[(a[i], b[i])] = table.GetValueOrDefault((a[i], b[i])) + 1;
            rows[a[i]] = rows.GetValueOrDefault(a[i]) + 1;
            columns[b[i]] = columns.GetValueOrDefault(b[i]) + 1;
        }
        var index = table.Values.Sum(Pairs);
        var sumA = rows.Values.Sum(Pairs);
        var sumB = columns.Values.Sum(Pairs);
        var expected = sumA * sumB / Pairs(n);
        var max = (sumA + sumB) / 2;
        return max == expected ? 1 : (index - expected) / (max - expected);
    }
}
