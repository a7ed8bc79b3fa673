using System.Globalization;
using Valora.Analytics.Clustering;
using Valora.Data.Analysis;
using Valora.Data.Sales;
using Valora.Data.Scores;
using Valora.Domain.Scores;

namespace Valora.Data.Clustering;

/// <summary>What to cluster Valora's customers on.</summary>
/// <param name="AsOf">Purchases on or before this date; null: the day of the latest purchase.</param>
/// <param name="Features">Names from <see cref="CustomerFeatures.Known"/>; empty: recency, frequency, monetary.</param>
public sealed record CustomerClusterRequest(DateOnly? AsOf, IReadOnlyList<string> Features, ClusterSettings Settings)
{
    /// <summary>The first bad field as (field, rule), or null. Field names are the API's (features, k, epsilon…).</summary>
    public (string Field, string Rule)? Check()
    {
        foreach (var f in Features)
        {
            if (CustomerFeatures.MetricOf(f) is null)
            {
                return ("features", $"'{f}' is not a customer feature; use {string.Join(", ", CustomerFeatures.Known.Select(k => k.Name))}.");
            }
        }
        if (Features.Select(f => f.Trim().ToLowerInvariant()).Distinct(StringComparer.Ordinal).Count() != Features.Count)
        {
            return ("features", "A feature is named twice.");
        }
        return Settings.Check();
    }
}

/// <summary>
/// Use case: cluster every customer on value features as of a date (<see cref="CustomerFeatures"/>, by default log1p
/// then standardised R, F, M), name the clusters, and store each customer's cluster, its name and its feature values
/// as one scoring run (<see cref="Metrics.Clusters"/>), with the profiles, quality and k selection in the run summary.
/// </summary>
public sealed class ClusterCustomers(ValoraDatabase database, TimeProvider? time = null, CustomerDataset? dataset = null)
{
    /// <exception cref="ArgumentException">A field of the request is bad (the parameter name is the field).</exception>
    /// <exception cref="NotAnalysableException">No orders, or too few customers.</exception>
    public async Task<CustomerClusterResult> ExecuteAsync(CustomerClusterRequest request, bool save = true,
        Action<string>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Features.Count == 0)
        {
            request = request with { Features = CustomerFeatures.Default };
        }
        if (request.Check() is { } bad)
        {
            throw new ArgumentException(bad.Rule, bad.Field);
        }
        progress?.Invoke("loading purchases …");
        var purchases = (dataset ?? await CustomerDataset.LoadAsync(database, ct: ct)).Purchases;
        if (purchases.Count == 0)
        {
            throw new NotAnalysableException(NotAnalysableReason.NoOrders, "There are no completed orders to cluster customers on.") { Model = Metrics.Clusters.Model };
        }
        var asOf = request.AsOf ?? DateOnly.FromDateTime(purchases.Max(p => p.OccurredAtUtc));
        var (ids, raw) = CustomerFeatures.Build(purchases, asOf, request.Features);
        ClusterOutcome outcome;
        try
        {
            outcome = ClusterPoints.Run(raw, request.Settings, progress);
        }
        catch (NotAnalysableException ex)
        {
            throw new NotAnalysableException(ex.Reason, string.Create(CultureInfo.InvariantCulture,
                $"{ids.Length} customers bought on or before {asOf:yyyy-MM-dd}: {ex.Message}"), ex) { Model = Metrics.Clusters.Model };
        }
        ct.ThrowIfCancellationRequested();
        var version = VersionOf(request, outcome);
        AnalysisRun? run = null;
        if (save)
        {
            progress?.Invoke("saving …");
            var summary = ClusterSummary.Of(outcome);
            var parameters = new
            {
                Algorithm = ClusterAlgorithms.Of(request.Settings.Algorithm),
                Features = raw.Names,
                request.Settings.K,
                request.Settings.MinK,
                request.Settings.MaxK,
                request.Settings.Epsilon,
                request.Settings.MinPoints,
                request.Settings.MinClusterSize,
                request.Settings.MinSamples,
                ClusterSelection = ClusterSettings.NameOf(request.Settings.ClusterSelection),
                request.Settings.Log1p,
                Standardise = request.Settings.Standardise,
                request.Settings.Restarts,
                request.Settings.Seed,
            };
            (run, _) = await RunWriter.WriteAsync(database,
                new ScoringRun(Metrics.Clusters.Model, version, asOf, Metrics.Clusters.All, ids.Length, parameters, summary),
                Rows(ids, raw, outcome), time, ct);
        }
        return new CustomerClusterResult(asOf, version, ids, outcome, run);
    }

    /// <summary>Runs with other algorithms, features, k or preparation are kept apart (history); a re-run replaces its own.</summary>
    public static string VersionOf(CustomerClusterRequest request, ClusterOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(outcome);
        var s = request.Settings;
        var shape = s.Algorithm == ClusterAlgorithm.Dbscan
            ? string.Create(CultureInfo.InvariantCulture, $"eps{s.Epsilon}-m{s.MinPoints}")
            : s.Algorithm == ClusterAlgorithm.Hdbscan
            ? string.Create(CultureInfo.InvariantCulture, $"mcs{s.MinClusterSize}-ms{s.MinSamples ?? s.MinClusterSize}{(s.ClusterSelection == HdbscanSelection.Leaf ? "-leaf" : "")}")
            : s.K is { } k ? string.Create(CultureInfo.InvariantCulture, $"k{k}") : string.Create(CultureInfo.InvariantCulture, $"kauto{s.MinK}-{s.MaxK}");
        var prep = (s.Log1p ? "-log1p" : "") + (s.Standardise ? "-std" : "");
        return $"{Metrics.Clusters.Model}-{ClusterAlgorithms.Of(s.Algorithm)}-{string.Join('+', outcome.Features)}-{shape}{prep}";
    }

    static IEnumerable<ScoreRow> Rows(long[] ids, Analytics.Clustering.FeatureMatrix raw, ClusterOutcome outcome)
    {
        var names = outcome.Profiles.ToDictionary(p => p.Cluster, p => p.Name);
        var metrics = raw.Names.Select(n => CustomerFeatures.MetricOf(n)!).ToArray();
        for (var r = 0; r < ids.Length; r++)
        {
            var label = outcome.Labels[r];
            yield return Metrics.Clusters.Cluster.Of(ids[r], label);
            yield return Metrics.Clusters.Name.OfLabel(ids[r], label < 0 ? "noise" : names[label]);
            if (outcome.Probabilities is { } probabilities)
            {
                yield return Metrics.Clusters.Probability.Of(ids[r], probabilities[r]);
            }
            for (var f = 0; f < metrics.Length; f++)
            {
                yield return metrics[f].Of(ids[r], raw[r, f]);
            }
        }
    }
}

/// <summary>What <see cref="ClusterCustomers"/> did.</summary>
/// <param name="Customers">Customer ids in the order of <see cref="ClusterOutcome.Labels"/>.</param>
/// <param name="Run">The stored run (null when not saved).</param>
public sealed record CustomerClusterResult(DateOnly AsOf, string Version, long[] Customers, ClusterOutcome Outcome, AnalysisRun? Run);
