using System.CommandLine;
using System.Globalization;
using Valora.Analytics.Clustering;
using Valora.Data.Clustering;
using Valora.Data.Tables;

namespace Valora.Cli.Commands;

/// <summary>
/// <c>valora cluster --data points.csv --features x1,x2 [--id id] --algorithm kmeans|dbscan|ward [--k 4]
/// [--eps 0.5 --min-points 10] [--log1p] [--standardize] --out labels.csv</c>: clusters a user's table, prints the
/// k selection, quality scores and profiles, writes one label per row (−1 = noise).
/// </summary>
public static class ClusterCommand
{
    public static Command Create()
    {
        var data = new Option<string?>("--data") { Description = "A CSV of points to cluster (header row; one point per row)" };
        var features = new Option<string?>("--features") { Description = "Comma-separated numeric columns to cluster on" };
        var id = new Option<string?>("--id") { Description = "A column written beside each label (default: the file's line number)" };
        var algorithm = new Option<string>("--algorithm") { Description = "kmeans, dbscan or ward", DefaultValueFactory = _ => "kmeans" };
        var k = new Option<int?>("--k") { Description = "Clusters for kmeans and ward (default: the k in --min-k..--max-k with the best silhouette)" };
        var minK = new Option<int>("--min-k") { Description = "Smallest k searched", DefaultValueFactory = _ => ClusterSettings.DefaultMinK };
        var maxK = new Option<int>("--max-k") { Description = "Largest k searched", DefaultValueFactory = _ => ClusterSettings.DefaultMaxK };
        var eps = new Option<double>("--eps") { Description = "DBSCAN radius, in prepared-feature units", DefaultValueFactory = _ => 0.5 };
        var minPoints = new Option<int>("--min-points") { Description = "DBSCAN: points within --eps (itself included) that make a core point", DefaultValueFactory = _ => 5 };
        var log1p = new Option<bool>("--log1p") { Description = "log(1 + x) each feature first (counts and money)" };
        var standardize = new Option<bool>("--standardize", "--standardise") { Description = "Scale each feature to mean 0, sd 1 (after --log1p)" };
        var restarts = new Option<int>("--restarts") { Description = "k-means restarts", DefaultValueFactory = _ => KMeansOptions.DefaultRestarts };
        var seed = new Option<int>("--seed") { Description = "Seed of k-means seeding and samples", DefaultValueFactory = _ => 0 };
        var output = new Option<string?>("--out") { Description = "Write id,cluster,cluster_name per row to this CSV" };
        var command = new Command("cluster", "Cluster points (k-means, DBSCAN, Ward) with quality scores and named profiles")
        {
            data, features, id, algorithm, k, minK, maxK, eps, minPoints, log1p, standardize, restarts, seed, output,
        };
        command.Aliases.Add("clusters");
        command.SetAction((result, _) =>
        {
            if (!ClusterAlgorithms.TryParse(result.GetValue(algorithm), out var algo))
            {
                throw new ArgumentException($"--algorithm: '{result.GetValue(algorithm)}' is not one of {string.Join(", ", ClusterAlgorithms.Names)}.");
            }
            var settings = new ClusterSettings
            {
                Algorithm = algo,
                K = result.GetValue(k),
                MinK = result.GetValue(minK),
                MaxK = result.GetValue(maxK),
                Epsilon = result.GetValue(eps),
                MinPoints = result.GetValue(minPoints),
                Log1p = result.GetValue(log1p),
                Standardise = result.GetValue(standardize),
                Restarts = result.GetValue(restarts),
                Seed = result.GetValue(seed),
            };
            if (settings.Check() is { } bad)
            {
                throw new ArgumentException($"{Flag(bad.Setting)}: {bad.Rule}");
            }
            var format = result.GetValue(CliOptions.Format);
            var path = result.GetValue(data) ?? throw new ArgumentException("--data: give the CSV of points to cluster.");
            var names = (result.GetValue(features) ?? throw new ArgumentException("--features: name the numeric columns to cluster on (x1,x2,…)."))
                .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var table = TableFile.Read(path);
            foreach (var reject in table.Rejected.Take(5))
            {
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"line {reject.Line} skipped: {reject.Reason}"));
            }
            var run = ClusterTable.Run(table, names, result.GetValue(id), settings, m => Console.Error.WriteLine(m));
            if (result.GetValue(output) is { } outPath)
            {
                ClusterTable.WriteLabels(run, outPath);
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{run.Ids.Count} labels written to {outPath}"));
            }
            Print(run.Outcome, format, Path.GetFileName(path));
            return Task.FromResult(0);
        });
        return command;
    }

    /// <summary>Prints the k selection (when k was chosen), the quality scores and the profiles.</summary>
    internal static void Print(ClusterOutcome outcome, OutputFormat format, string what)
    {
        foreach (var note in outcome.Notes)
        {
            Console.Error.WriteLine("note: " + note);
        }
        var report = Report.Of(outcome);
        if (format == OutputFormat.Json)
        {
            ResultWriter.WriteObject(report, format);
            return;
        }
        if (outcome.Candidates.Count > 0)
        {
            ResultWriter.WriteRows(outcome.Candidates, format,
                string.Create(CultureInfo.InvariantCulture, $"k by silhouette: {outcome.Clusters} (elbow at {outcome.ElbowK?.ToString(CultureInfo.InvariantCulture) ?? "—"})"));
        }
        ResultWriter.WriteObject(report.Quality, format,
            string.Create(CultureInfo.InvariantCulture, $"{ClusterAlgorithms.Of(outcome.Algorithm)} on {what}: {outcome.Rows} points, {outcome.Clusters} clusters"));
        ResultWriter.WriteRows(report.Profiles.Select(p => p.Flat()), format, "Cluster profiles (median, z-score of the mean)");
    }

    static string Flag(string setting) => setting == "epsilon"
        ? "--eps"
        : "--" + string.Concat(setting.Select(c => char.IsUpper(c) ? "-" + char.ToLowerInvariant(c) : c.ToString()));

    /// <summary>What the command prints (and the JSON it writes).</summary>
    internal sealed record Report(string Algorithm, int Rows, IReadOnlyList<string> Features, bool Log1p, bool Standardised, int Clusters,
        string ChosenBy, int? ElbowK, IReadOnlyList<KChoice> Candidates, QualityView Quality, IReadOnlyList<ClusterProfile> Profiles,
        IReadOnlyList<string> Notes)
    {
        public static Report Of(ClusterOutcome o) => new(ClusterAlgorithms.Of(o.Algorithm), o.Rows, o.Features, o.Prepared.Options.Log1p,
            o.Prepared.Options.Standardise, o.Clusters, o.ChosenBy, o.ElbowK, o.Candidates, QualityView.Of(o.Quality), o.Profiles, o.Notes);
    }

    internal sealed record QualityView(int Clusters, int Noise, double? Silhouette, bool SilhouetteIsExact, double? SilhouetteLower,
        double? SilhouetteUpper, double? DaviesBouldin, double? CalinskiHarabasz)
    {
        public static QualityView Of(ClusterScores s) => new(s.Clusters, s.Noise, s.Silhouette, s.SilhouetteIsExact,
            s.SilhouetteSampled?.Lower, s.SilhouetteSampled?.Upper, s.DaviesBouldin, s.CalinskiHarabasz);
    }
}

/// <summary>One profile as one table row.</summary>
internal sealed record ProfileRow(int Cluster, string Name, int Size, double Share, string Medians, string ZScores);

internal static class ProfileRows
{
    public static ProfileRow Flat(this ClusterProfile p) => new(p.Cluster, p.Name, p.Size, p.Share,
        string.Join("; ", p.Features.Select(f => $"{f.Feature} {ResultWriter.Format(f.Median)}")),
        string.Join("; ", p.Features.Select(f => f.Feature + " " + f.ZScore.ToString("+0.00;-0.00", CultureInfo.InvariantCulture))));
}
