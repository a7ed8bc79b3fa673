using System.Globalization;
using System.Text.Json;

namespace Valora.Cli.Tests.Commands;

/// <summary><c>valora cluster --data</c> on a user's CSV: labels, k selection, quality scores, profiles, bad input.</summary>
public sealed class ClusterCommandTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("valora-cluster-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Three blobs of five points around (0,0), (12,0) and (0,10), each a plus sign of arm 0.5, 1 and 1.5.</summary>
    static readonly (double X, double Y)[] Blobs = [.. new[] { (0.0, 0.0), (12.0, 0.0), (0.0, 10.0) }
        .SelectMany((c, i) => new[] { (0.0, 0.0), (1.0, 0.0), (-1.0, 0.0), (0.0, 1.0), (0.0, -1.0) }
            .Select(o => (c.Item1 + o.Item1 * (i + 1) * 0.5, c.Item2 + o.Item2 * (i + 1) * 0.5)))];

    string WriteBlobs(string? extraRow = null)
    {
        var path = Path.Combine(_dir, "points.csv");
        var lines = new List<string> { "name,x,y,note" };
        lines.AddRange(Blobs.Select((p, i) => string.Create(CultureInfo.InvariantCulture, $"p{i},{p.X},{p.Y},\"a, b\"")));
        if (extraRow is not null)
        {
            lines.Add(extraRow);
        }
        File.WriteAllLines(path, lines);
        return path;
    }

    [Fact]
    public async Task Cluster_ThreeBlobsWithAutoK_ChoosesThreeAndMatchesScikitLearnScores()
    {
        var data = WriteBlobs();
        var labels = Path.Combine(_dir, "labels.csv");

        var (code, stdout, stderr) = await ValoraProcess.RunAsync(
            "cluster", "--data", data, "--features", "x,y", "--id", "name", "--out", labels, "--format", "json");

        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        Assert.Equal(3, root.GetProperty("clusters").GetInt32());
        Assert.Equal("silhouette", root.GetProperty("chosenBy").GetString());
        // scikit-learn 1.2.1 (KMeans(k, n_init=10, random_state=0), inertia_ and silhouette_score) on the same 15 points:
        // k = 2..8 → inertia 264, 14, 10.25, 8, 6.125, 4.4583, 3.3333; silhouette at k = 2 and 3: 0.66542, 0.87075. (Beyond 3
        // the plus signs split in several ways of equal inertia, so only the inertia is compared there, up to k = 6: at 7
        // and 8, two or three points a cluster, both libraries land in seed-dependent local optima.)
        // By hand: k = 3 is 4·0.25 + 4·1 + 4·2.25 = 14; k = 2 merges the two nearest blobs: 1 + 9 + (5·5/10)·10² + 4 = 264.
        var inertia = new[] { 264, 14, 10.25, 8, 6.125, 4.4583333, 3.3333333 };
        var candidates = root.GetProperty("candidates").EnumerateArray().ToArray();
        Assert.Equal(7, candidates.Length);
        Assert.Equal(264, candidates[0].GetProperty("inertia").GetDouble(), 9);
        Assert.Equal(14, candidates[1].GetProperty("inertia").GetDouble(), 9);
        for (var i = 2; i < 5; i++)
        {
            Assert.True(candidates[i].GetProperty("inertia").GetDouble() <= inertia[i] + 1e-6, $"k = {i + 2}: inertia above scikit-learn's");
        }
        Assert.Equal(0.6654223, candidates[0].GetProperty("silhouette").GetDouble(), 6);
        Assert.Equal(0.8707516, candidates[1].GetProperty("silhouette").GetDouble(), 6);
        var quality = root.GetProperty("quality");
        // silhouette_score, davies_bouldin_score, calinski_harabasz_score of the blobs: 0.87075, 0.14935, 348.571
        // (= (813.33 / 2) / (14 / 12) by hand).
        Assert.Equal(0.8707516, quality.GetProperty("silhouette").GetDouble(), 6);
        Assert.Equal(0.1493456, quality.GetProperty("daviesBouldin").GetDouble(), 6);
        Assert.Equal(2440.0 / 7, quality.GetProperty("calinskiHarabasz").GetDouble(), 6);
        Assert.Equal(3, root.GetProperty("profiles").GetArrayLength());

        var rows = File.ReadAllLines(labels);
        Assert.Equal("name,cluster,cluster_name", rows[0]);
        Assert.Equal(16, rows.Length);
        var byBlob = rows.Skip(1).Select(r => r.Split(',')).Select((f, i) => (Blob: i / 5, Id: f[0], Cluster: f[1])).ToArray();
        Assert.All(byBlob, r => Assert.StartsWith("p", r.Id, StringComparison.Ordinal));
        // Each blob is one cluster, and the three clusters differ.
        Assert.Equal(3, byBlob.GroupBy(r => r.Blob).Select(g => Assert.Single(g.Select(r => r.Cluster).Distinct())).Distinct().Count());
    }

    [Fact]
    public async Task Cluster_DbscanWithAFarPoint_LabelsItNoiseAndPrintsTables()
    {
        var data = WriteBlobs("far,100,100,x");
        var labels = Path.Combine(_dir, "labels.csv");

        var (code, stdout, stderr) = await ValoraProcess.RunAsync(
            "cluster", "--data", data, "--features", "x,y", "--algorithm", "dbscan", "--eps", "2", "--min-points", "3", "--out", labels);

        Assert.True(code == 0, stderr);
        Assert.Contains("Cluster profiles", stdout, StringComparison.Ordinal);
        var last = File.ReadAllLines(labels)[^1].Split(',');
        Assert.Equal(("17", "-1", "noise"), (last[0], last[1], last[2])); // no --id: the file line number
    }

    [Fact]
    public async Task Cluster_HdbscanWithAFarPoint_FindsTheThreeBlobsAndLabelsItNoise()
    {
        // The blobs are plus signs of arm a = 0.5, 1, 1.5 around (0,0), (12,0), (0,10); min samples = min cluster size = 3.
        // Core distance (3rd nearest, itself counted): a for a centre, a√2 for an arm, so each blob is joined at a√2 and
        // falls apart (into pieces < 3) there. Blobs 1 and 3 join at 8 ((0,0.5)–(0,8.5)), blob 2 at 10.5 ((0.5,0)–(11,0));
        // the far point last. Condensed tree: the far point falls out of the root; at λ = 1/10.5 blob 2 and {1, 3} split
        // (Prim reaches blob 2 from blob 1, so {1, 3} is born first); at λ = 1/8 blobs 1 and 3 split.
        // Stability {1,3} = 10·(1/8 − 1/10.5) = 0.30 < blob 1 5·(1/(0.5√2) − 1/8) = 6.45 + blob 3 5·(1/(1.5√2) − 1/8) = 1.73,
        // so the three blobs are the clusters, numbered in the order born: blob 2 → 0, blob 1 → 1, blob 3 → 2.
        var data = WriteBlobs("far,100,100,x");
        var labels = Path.Combine(_dir, "labels.csv");

        var (code, stdout, stderr) = await ValoraProcess.RunAsync(
            "cluster", "--data", data, "--features", "x,y", "--algorithm", "hdbscan", "--min-cluster-size", "3", "--out", labels);

        Assert.True(code == 0, stderr);
        Assert.Contains("hdbscan on points.csv", stdout, StringComparison.Ordinal);
        Assert.Contains("Cluster profiles", stdout, StringComparison.Ordinal);
        var rows = File.ReadAllLines(labels);
        Assert.Equal("line,cluster,cluster_name,probability", rows[0]);
        var clusters = rows.Skip(1).Select(r => r.Split(',')[1]).ToArray();
        Assert.Equal([.. Enumerable.Repeat("1", 5), .. Enumerable.Repeat("0", 5), .. Enumerable.Repeat("2", 5), "-1"], clusters);
        // Membership: a blob's points all leave at λ = 1/(a√2), its largest λ, so each is 1; the far point 0.
        Assert.Equal([.. Enumerable.Repeat("1", 15), "0"], rows.Skip(1).Select(r => r.Split(',')[^1]));
    }

    [Theory]
    [InlineData("eom", "0,0,0,0,0,0,1,1,1")]
    [InlineData("leaf", "1,1,1,2,2,2,0,0,0")]
    public async Task Cluster_HdbscanSelection_EomKeepsTheParentLeafSplitsIt(string selection, string expected)
    {
        // HdbscanTests' nested case: 0, 1, 2 | 3.5, 4.5, 5.5 | 20, 21, 22, min cluster size 3, min samples 2. Excess of mass
        // keeps the first six together (stability 3.59 > 1 + 1 of its halves); leaf takes the three leaves, numbered
        // as born: 20–22 first (split off at λ = 1/14.5), then the halves (at λ = 1/1.5).
        var data = Path.Combine(_dir, "line.csv");
        File.WriteAllLines(data, ["x", "0", "1", "2", "3.5", "4.5", "5.5", "20", "21", "22"]);
        var labels = Path.Combine(_dir, "labels.csv");

        var (code, _, stderr) = await ValoraProcess.RunAsync("cluster", "--data", data, "--features", "x", "--algorithm", "hdbscan",
            "--min-cluster-size", "3", "--min-samples", "2", "--cluster-selection", selection, "--out", labels);

        Assert.True(code == 0, stderr);
        Assert.Equal(expected, string.Join(',', File.ReadAllLines(labels).Skip(1).Select(r => r.Split(',')[1])));
    }

    [Fact]
    public async Task Cluster_WardWithK3_SplitsTheBlobs()
    {
        var data = WriteBlobs();
        var labels = Path.Combine(_dir, "labels.csv");

        var (code, _, stderr) = await ValoraProcess.RunAsync(
            "cluster", "--data", data, "--features", "x,y", "--algorithm", "ward", "--k", "3", "--standardize", "--out", labels, "--format", "json");

        Assert.True(code == 0, stderr);
        var clusters = File.ReadAllLines(labels).Skip(1).Select(r => r.Split(',')[1]).ToArray();
        Assert.Equal(3, clusters.Chunk(5).Select(c => Assert.Single(c.Distinct())).Distinct().Count());
    }

    [Theory]
    [InlineData("--features", "x,z", "--features: '", "has no column 'z'")]
    [InlineData("--k", "1", "--k: ", "at least 2")]
    [InlineData("--algorithm", "optics", "--algorithm: 'optics'", "kmeans, dbscan, ward, hdbscan")]
    [InlineData("--min-cluster-size", "1", "--min-cluster-size: ", "at least 2")]
    [InlineData("--min-samples", "0", "--min-samples: ", "at least 1")]
    [InlineData("--cluster-selection", "tree", "--cluster-selection: 'tree'", "eom or leaf")]
    [InlineData("--eps", "0", "--eps: ", "> 0")]
    public async Task Cluster_BadOption_FailsNamingIt(string option, string value, string start, string rule)
    {
        var data = WriteBlobs();
        string[] args = ["cluster", "--data", data, "--features", "x,y", option, value];
        if (option == "--features")
        {
            args = ["cluster", "--data", data, option, value];
        }

        var (code, _, stderr) = await ValoraProcess.RunAsync(args);

        Assert.Equal(1, code);
        Assert.Contains(start, stderr, StringComparison.Ordinal);
        Assert.Contains(rule, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cluster_NotANumber_NamesTheLineAndColumn()
    {
        var data = WriteBlobs("bad,1.5,abc,x");

        var (code, _, stderr) = await ValoraProcess.RunAsync("cluster", "--data", data, "--features", "x,y");

        Assert.Equal(1, code);
        Assert.Contains("line 17, column 'y': 'abc' is not a number", stderr, StringComparison.Ordinal);
    }
}
