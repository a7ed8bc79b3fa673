using System.CommandLine;
using System.Globalization;
using Valora.Analytics.Clustering;
using Valora.Data.Clustering;
using Valora.Data.Tables;

namespace Valora.Cli.Commands;

/// <summary>
/// <c>valora cluster --data points.csv --features x1,x2 [--id id] --algorithm kmeans|dbscan|ward|hdbscan [--k 4]
/// [--eps 0.5 --min-points 10] [--min-cluster-size 15 --min-samples 15 --cluster-selection eom|leaf] [--log1p] [--standardize] --out labels.csv</c>: clusters a user's table, prints the
/// k selection, quality scores and profiles, writes one label per row (−1 = noise).
/// </summary>
public static class ClusterCommand
{
    public static Command Create()
    {
        var data = new Option<string?>("--data") { Description = "A CSV of points to cluster (header row; one point per row); without it, Valora's customers are clustered and stored" };
        var features = new Option<string?>("--features") { Description = "Comma-separated numeric columns of --data; for customers: recency, frequency, monetary, tenure, aov (default recency,frequency,monetary)" };
        var asOf = new Option<DateOnly?>("--as-of") { Description = "Customers: purchases on or before this date (yyyy-MM-dd); default: the day of the latest purchase" };
        var noSave = new Option<bool>("--no-save") { Description = "Customers: do not store the clusters" };
        var id = new Option<string?>("--id") { Description = "A column written beside each label (default: the file's line number)" };
        var algorithm = new Option<string>("--algorithm") { Description = "kmeans, dbscan, ward or hdbscan", DefaultValueFactory = _ => "kmeans" };
        var k = new Option<int?>("--k") { Description = "Clusters for kmeans and ward (default: the k in --min-k..--max-k with the best silhouette)" };
        var minK = new Option<int>("--min-k") { Description = "Smallest k searched", DefaultValueFactory = _ => ClusterSettings.DefaultMinK };
        var maxK = new Option<int>("--max-k") { Description = "Largest k searched", DefaultValueFactory = _ => ClusterSettings.DefaultMaxK };
        var eps = new Option<double>("--eps") { Description = "DBSCAN radius, in prepared-feature units", DefaultValueFactory = _ => 0.5 };
        var minPoints = new Option<int>("--min-points") { Description = "DBSCAN: points within --eps (itself included) that make a core point", DefaultValueFactory = _ => 5 };
        var minClusterSize = new Option<int>("--min-cluster-size") { Description = "HDBSCAN: the smallest group kept as a cluster", DefaultValueFactory = _ => 15 };
        var minSamples = new Option<int?>("--min-samples") { Description = "HDBSCAN: core distance = distance to this nearest point, itself counted (default: --min-cluster-size)" };
        var selection = new Option<string>("--cluster-selection") { Description = "HDBSCAN: eom (excess of mass) or leaf", DefaultValueFactory = _ => "eom" };
        var log1p = new Option<bool>("--log1p") { Description = "log(1 + x) each feature first (counts and money)" };
        var standardize = new Option<bool>("--standardize", "--standardise") { Description = "Scale each feature to mean 0, sd 1 (after --log1p)" };
        var restarts = new Option<int>("--restarts") { Description = "k-means restarts", DefaultValueFactory = _ => KMeansOptions.DefaultRestarts };
        var seed = new Option<int>("--seed") { Description = "Seed of k-means seeding and samples", DefaultValueFactory = _ => 0 };
        var output = new Option<string?>("--out") { Description = "Write id,cluster,cluster_name per row to this CSV" };
        var command = new Command("cluster", "Cluster points (k-means, DBSCAN, Ward, HDBSCAN) with quality scores and named profiles")
        {
            data, features, asOf, noSave, id, algorithm, k, minK, maxK, eps, minPoints, minClusterSize, minSamples, selection, log1p, standardize, restarts, seed, output,
        };
        command.Aliases.Add("clusters");
        command.SetAction(async (result, ct) =>
        {
            if (!ClusterAlgorithms.TryParse(result.GetValue(algorithm), out var algo))
            {
                throw new ArgumentException($"--algorithm: '{result.GetValue(algorithm)}' is not one of {string.Join(", ", ClusterAlgorithms.Names)}.");
            }
            if (!ClusterSettings.TryParseSelection(result.GetValue(selection), out var chosen))
            {
                throw new ArgumentException($"--cluster-selection: '{result.GetValue(selection)}' is not eom or leaf.");
            }
            var settings = new ClusterSettings
            {
                Algorithm = algo,
                K = result.GetValue(k),
                MinK = result.GetValue(minK),
                MaxK = result.GetValue(maxK),
                Epsilon = result.GetValue(eps),
                MinPoints = result.GetValue(minPoints),
                MinClusterSize = result.GetValue(minClusterSize),
                MinSamples = result.GetValue(minSamples),
                ClusterSelection = chosen,
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
            var names = (result.GetValue(features) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (result.GetValue(data) is not { } path)
            {
                var request = new CustomerClusterRequest(result.GetValue(asOf), names, settings);
                if (request.Check() is { Field: "features" } badFeature)
                {
                    throw new ArgumentException("--features: " + badFeature.Rule);
                }
                var customers = await new ClusterCustomers(CliOptions.ExistingDatabaseFrom(result))
                    .ExecuteAsync(request, !result.GetValue(noSave), m => Console.Error.WriteLine(m), ct);
                if (customers.Run is not null)
                {
                    Console.Error.WriteLine($"stored {customers.Customers.Length} customers' clusters as {customers.Version} as of {customers.AsOf:yyyy-MM-dd}");
                }
                Print(customers.Outcome, format, string.Create(CultureInfo.InvariantCulture, $"customers as of {customers.AsOf:yyyy-MM-dd}"));
                return 0;
            }
            if (names.Length == 0)
            {
                throw new ArgumentException("--features: name the numeric columns of --data to cluster on (x1,x2,…).");
            }
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
            return 0;
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
        var report = ClusterSummary.Of(outcome);
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
}

/// <summary>One profile as one table row.</summary>
internal sealed record ProfileRow(int Cluster, string Name, int Size, double Share, string Medians, string ZScores);

internal static class ProfileRows
{
    public static ProfileRow Flat(this ClusterProfile p) => new(p.Cluster, p.Name, p.Size, p.Share,
        string.Join("; ", p.Features.Select(f => $"{f.Feature} {ResultWriter.Format(f.Median)}")),
        string.Join("; ", p.Features.Select(f => f.Feature + " " + f.ZScore.ToString("+0.00;-0.00", CultureInfo.InvariantCulture))));
}
