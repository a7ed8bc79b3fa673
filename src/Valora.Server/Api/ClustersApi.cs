using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Valora.Data;
using Valora.Data.Clustering;
using Valora.Server.Jobs;
using Valora.Server.Security;

namespace Valora.Server.Api;

/// <summary>Clusters of the customers: run a clustering as a job, read the latest run's profiles and one customer's cluster.</summary>
public static class ClustersApi
{
    /// <summary>Job kind.</summary>
    public const string RunJob = "clusters-run";

    /// <summary>Most clusters a fixed k may ask for (as the largest k searched).</summary>
    public const int MaxK = 50;

    public static RouteGroupBuilder MapClustersApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/clusters").WithTags("Clusters");
        var analyses = group.MapGroup("").RequireAuthorization(Policies.RunAnalyses);
        analyses.MapPost("/run", Run)
            .WithName("RunClusters")
            .WithSummary("Start clustering every customer on value features as of a date (k-means, DBSCAN, Ward or HDBSCAN; by default log1p then standardised recency, frequency, monetary, k chosen by silhouette) and storing each customer's cluster; returns the job")
            .ProducesValidationProblem();
        group.MapGet("/", GetLatest)
            .WithName("GetClusters")
            .WithSummary("The latest clustering: each cluster's size, feature means and medians, z-scores, share of revenue and of CLV; the run's quality and k selection")
            .ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGet("/customers/{id:long}/cluster", GetCustomerCluster)
            .WithTags("Clusters")
            .WithName("GetCustomerCluster")
            .WithSummary("One customer's cluster in the latest clustering, with their feature values and the cluster's profile")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    static Results<Accepted<JobStatus>, ValidationProblem> Run(ClustersRunBody? body, ValoraDatabase database, TimeProvider time, JobQueue jobs)
    {
        body ??= new ClustersRunBody();
        var algorithm = ClusterAlgorithm.KMeans;
        if (body.Algorithm is not null && !ClusterAlgorithms.TryParse(body.Algorithm, out algorithm))
        {
            return Problems.BadInput("algorithm", $"'{body.Algorithm}' is not an algorithm: use {string.Join(", ", ClusterAlgorithms.Names)}.");
        }
        if (body.K is > MaxK and var k)
        {
            return Problems.BadInput("k", string.Create(CultureInfo.InvariantCulture, $"k must be between 2 and {MaxK} but was {k}."));
        }
        var clusterSelection = Analytics.Clustering.HdbscanSelection.ExcessOfMass;
        if (body.ClusterSelection is not null && !ClusterSettings.TryParseSelection(body.ClusterSelection, out clusterSelection))
        {
            return Problems.BadInput("clusterSelection", $"'{body.ClusterSelection}' is not a cluster selection: use eom or leaf.");
        }
        var defaults = new ClusterSettings();
        var settings = new ClusterSettings
        {
            Algorithm = algorithm,
            K = body.K,
            MinK = body.MinK ?? defaults.MinK,
            MaxK = body.MaxK ?? defaults.MaxK,
            Epsilon = body.Epsilon ?? defaults.Epsilon,
            MinPoints = body.MinPoints ?? defaults.MinPoints,
            MinClusterSize = body.MinClusterSize ?? defaults.MinClusterSize,
            MinSamples = body.MinSamples,
            ClusterSelection = clusterSelection,
            Log1p = body.Log1p ?? true,
            Standardise = body.Standardise ?? true,
            Restarts = body.Restarts ?? defaults.Restarts,
            Seed = body.Seed ?? defaults.Seed,
        };
        var request = new CustomerClusterRequest(body.AsOf, body.Features ?? [], settings);
        if (request.Check() is { } bad)
        {
            return Problems.BadInput(bad.Field, bad.Rule);
        }
        return JobsApi.Accepted(jobs.Enqueue(RunJob, async (progress, ct) =>
        {
            var result = await new ClusterCustomers(database, time).ExecuteAsync(request, save: true, progress.Report, ct);
            return new ClustersRunResult(result.Version, result.AsOf, result.Customers.Length, ClusterSummary.Of(result.Outcome));
        }));
    }

    static async Task<Results<Ok<ClusterRunView>, ProblemHttpResult>> GetLatest(ValoraDbContext db, CancellationToken ct)
    {
        var view = await ClusterView.LoadAsync(db, ct);
        return view is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No clusters yet",
                detail: "The customers have not been clustered: POST /api/clusters/run, then follow the job.")
            : TypedResults.Ok(view);
    }

    static async Task<Results<Ok<CustomerClusterView>, ProblemHttpResult>> GetCustomerCluster(long id, ValoraDbContext db, CancellationToken ct)
    {
        if (!await db.Customers.AnyAsync(c => c.Id == id, ct))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Customer not found",
                detail: $"There is no customer with id {id.ToString(CultureInfo.InvariantCulture)}.");
        }
        var view = await ClusterView.OfCustomerAsync(db, id, ct);
        return view is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not clustered",
                detail: $"Customer {id.ToString(CultureInfo.InvariantCulture)} is in no clustering: cluster the customers (POST /api/clusters/run) after they have bought.")
            : TypedResults.Ok(view);
    }
}

/// <summary>Clustering request; every field optional.</summary>
/// <param name="AsOf">Purchases on or before this day (default: the day of the latest purchase).</param>
/// <param name="Features">Any of recency, frequency, monetary, tenure, aov (default recency, frequency, monetary).</param>
/// <param name="Algorithm">kmeans (default), dbscan, ward or hdbscan.</param>
/// <param name="K">Clusters for kmeans and ward (2–50); default: the k in minK..maxK with the best silhouette.</param>
/// <param name="MinK">Smallest k searched (≥ 2, default 2).</param>
/// <param name="MaxK">Largest k searched (≤ 50, default 8).</param>
/// <param name="Epsilon">DBSCAN radius in prepared-feature units (> 0, default 0.5).</param>
/// <param name="MinPoints">DBSCAN: points within ε, itself included, that make a core point (≥ 1, default 5).</param>
/// <param name="MinClusterSize">HDBSCAN: the smallest group kept as a cluster (≥ 2, default 15).</param>
/// <param name="MinSamples">HDBSCAN: core distance = distance to the minSamples-th nearest customer, itself counted (≥ 1, default minClusterSize).</param>
/// <param name="ClusterSelection">HDBSCAN: eom (excess of mass, default) or leaf.</param>
/// <param name="Log1p">log(1 + x) each feature first (default true: counts and money are skewed).</param>
/// <param name="Standardise">Scale each feature to mean 0, sd 1 after log1p (default true).</param>
/// <param name="Restarts">k-means restarts (1–100, default 10).</param>
/// <param name="Seed">Seed of k-means seeding and samples (default 0).</param>
public sealed record ClustersRunBody(DateOnly? AsOf = null, IReadOnlyList<string>? Features = null, string? Algorithm = null, int? K = null,
    int? MinK = null, int? MaxK = null, double? Epsilon = null, int? MinPoints = null, bool? Log1p = null, bool? Standardise = null,
    int? Restarts = null, int? Seed = null, int? MinClusterSize = null, int? MinSamples = null, string? ClusterSelection = null);

/// <summary>What a clustering job produced.</summary>
public sealed record ClustersRunResult(string Version, DateOnly AsOf, int Customers, ClusterSummary Summary);
