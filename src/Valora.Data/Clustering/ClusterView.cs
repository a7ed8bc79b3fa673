using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Valora.Analytics.Clustering;
using Valora.Data.Scores;

namespace Valora.Data.Clustering;

/// <summary>
/// The latest stored clustering of the customers (<see cref="ClusterCustomers"/>), for the API and the dashboard
/// alike: each cluster's size, feature means and medians (from the run's summary) and its share of the value — of
/// the revenue when monetary was a clustering feature (the stored <c>cluster_monetary</c>), and of the lifetime value
/// when CLV is scored (the latest CLV run) — counted from the stored per-customer rows; plus the run's quality.
/// </summary>
public static class ClusterView
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The latest clustering run, or null when the customers were never clustered.</summary>
    public static async Task<ClusterRunView?> LoadAsync(ValoraDbContext db, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var queries = new ScoreQueries(db);
        var run = await queries.LatestRunAsync(Metrics.Clusters.Model, ct);
        if (run is null)
        {
            return null;
        }
        var summary = JsonSerializer.Deserialize<ClusterSummary>(run.SummaryJson, Json)
            ?? throw new InvalidDataException($"Clustering run {run.Id} has no summary.");
        var clusters = await queries.NumbersAsync(run, Metrics.Clusters.Cluster, ct: ct);
        var monetary = summary.Features.Contains("monetary", StringComparer.Ordinal)
            ? await queries.NumbersAsync(run, Metrics.Clusters.Monetary, ct: ct)
            : null;
        Dictionary<long, double>? clv = null;
        if (await queries.LatestRunAsync(Metrics.Clv.Model, ct) is { } clvRun)
        {
            clv = await queries.NumbersAsync(clvRun, Metrics.Clv.Value, [.. clusters.Keys], ct);
        }
        var byCluster = clusters.GroupBy(kv => (int)kv.Value).ToDictionary(g => g.Key, g => g.Select(kv => kv.Key).ToArray());
        var totalRevenue = monetary?.Values.Sum() ?? 0;
        var totalClv = clv?.Values.Sum() ?? 0;
        var profiles = summary.Profiles.Select(p =>
        {
            var ids = byCluster.GetValueOrDefault(p.Cluster, []);
            return new ClusterProfileView(p.Cluster, p.Name, ids.Length, clusters.Count == 0 ? 0 : (double)ids.Length / clusters.Count, p.Features,
                monetary is null || totalRevenue == 0 ? null : ids.Sum(id => monetary.GetValueOrDefault(id)) / totalRevenue,
                clv is null || totalClv == 0 ? null : ids.Sum(id => clv.GetValueOrDefault(id)) / totalClv);
        }).ToList();
        return new ClusterRunView(run.Version, run.AsOf, run.RanAt, clusters.Count, byCluster.GetValueOrDefault(-1, []).Length,
            summary.Algorithm, summary.Features, summary.Log1p, summary.Standardised, summary.ChosenBy, summary.ElbowK,
            summary.Candidates, summary.Quality, profiles, clv is not null, summary.Notes);
    }

    /// <summary>
    /// One customer's cluster in the latest clustering run (number, name, feature values) with that cluster's profile,
    /// or null when the customers were never clustered or this one was not (no purchase by the run's date).
    /// </summary>
    public static async Task<CustomerClusterView?> OfCustomerAsync(ValoraDbContext db, long customerId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var queries = new ScoreQueries(db);
        var run = await queries.LatestRunAsync(Metrics.Clusters.Model, ct);
        if (run is null)
        {
            return null;
        }
        var rows = await db.CustomerScores.AsNoTracking()
            .Where(s => s.CustomerId == customerId && s.AsOf == run.AsOf && s.ModelVersion == run.Version)
            .ToListAsync(ct);
        var cluster = rows.FirstOrDefault(r => r.Metric == Metrics.Clusters.Cluster.Name)?.Value;
        if (cluster is null)
        {
            return null;
        }
        var summary = JsonSerializer.Deserialize<ClusterSummary>(run.SummaryJson, Json);
        var features = CustomerFeatures.Known
            .Select(k => (k.Name, Row: rows.FirstOrDefault(r => r.Metric == k.Metric.Name)))
            .Where(f => f.Row?.Value is not null)
            .ToDictionary(f => f.Name, f => f.Row!.Value!.Value, StringComparer.Ordinal);
        return new CustomerClusterView(customerId, (int)cluster.Value, rows.FirstOrDefault(r => r.Metric == Metrics.Clusters.Name.Name)?.Label ?? "",
            features, run.Version, run.AsOf, summary?.Profiles.FirstOrDefault(p => p.Cluster == (int)cluster.Value));
    }
}

/// <summary>The latest clustering for display.</summary>
/// <param name="Customers">Customers clustered (noise included).</param>
/// <param name="Noise">Customers DBSCAN left as noise (cluster −1).</param>
/// <param name="ClvScored">Whether a CLV run exists, so <see cref="ClusterProfileView.ClvShare"/> is known.</param>
public sealed record ClusterRunView(string Version, DateOnly AsOf, DateTime RanAt, int Customers, int Noise, string Algorithm,
    IReadOnlyList<string> Features, bool Log1p, bool Standardised, string ChosenBy, int? ElbowK, IReadOnlyList<KChoice> Candidates,
    ClusterQualityView Quality, IReadOnlyList<ClusterProfileView> Profiles, bool ClvScored, IReadOnlyList<string> Notes);

/// <summary>One cluster: its stored members, feature means/medians/z-scores, and its share of revenue and of CLV.</summary>
/// <param name="Size">Customers stored with this cluster.</param>
/// <param name="Share">Size / all customers of the run (noise included).</param>
/// <param name="RevenueShare">Σ revenue of its customers / Σ revenue of all, up to the as-of date (null when monetary was not a feature).</param>
/// <param name="ClvShare">Σ latest CLV of its customers / Σ CLV of the clustered customers (null without a CLV run).</param>
public sealed record ClusterProfileView(int Cluster, string Name, int Size, double Share, IReadOnlyList<FeatureProfile> Features,
    double? RevenueShare, double? ClvShare);

/// <summary>One customer's cluster in the latest clustering run.</summary>
/// <param name="Features">The customer's own feature values, by name (recency, frequency, …).</param>
/// <param name="Profile">The cluster's profile (null for DBSCAN or HDBSCAN noise).</param>
public sealed record CustomerClusterView(long CustomerId, int Cluster, string Name, IReadOnlyDictionary<string, double> Features,
    string Version, DateOnly AsOf, ClusterProfile? Profile);
