using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Valora.Analytics.Rfm;
using Valora.Data;
using Valora.Data.Rfm;

namespace Valora.Server.Api;

/// <summary>RFM scoring and its named segments.</summary>
public static class RfmApi
{
    public const string SegmentMetric = "rfm_segment";

    public static RouteGroupBuilder MapRfmApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/rfm").WithTags("RFM");
        group.MapPost("/run", Run)
            .WithName("RunRfm")
            .WithSummary("Score every customer's recency, frequency and monetary value, save the scores, return the segments")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/segments", GetSegments)
            .WithName("GetRfmSegments")
            .WithSummary("Customers per RFM segment in the latest saved run")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    static async Task<Results<Ok<RfmRunResponse>, ValidationProblem, ProblemHttpResult>> Run(
        ValoraDatabase database,
        CancellationToken ct,
        [Description("Score as of this date (yyyy-MM-dd); default: the day of the latest purchase.")] DateOnly? asOf = null,
        [Description("Score bands; the built-in segment map is written for 5.")] int bands = RfmOptions.DefaultBands,
        [Description("Monetary as Total (default) or AveragePerOrder.")] string monetary = nameof(RfmMonetary.Total))
    {
        if (!Enum.TryParse<RfmMonetary>(monetary, ignoreCase: true, out var kind) || !Enum.IsDefined(kind))
        {
            return Problems.BadInput(nameof(monetary), $"'{monetary}' is not a monetary measure: use Total or AveragePerOrder.");
        }
        if (bands != RfmSegmentMap.Default.Bands)
        {
            return Problems.BadInput(nameof(bands),
                $"The segment map is written for {RfmSegmentMap.Default.Bands} bands; other band counts need their own map.");
        }
        try
        {
            var result = await new RunRfm(database).ExecuteAsync(asOf, new RfmOptions { Bands = bands, Monetary = kind }, save: true, ct);
            return TypedResults.Ok(new RfmRunResponse(result.AsOf, result.Bands, result.Customers.Count,
                RunRfm.VersionOf(new RfmOptions { Bands = bands, Monetary = kind }), result.Segments));
        }
        catch (InvalidOperationException ex)
        {
            return Problems.NotAnalysable(ex.Message);
        }
    }

    static async Task<Results<Ok<RfmSegmentCounts>, ProblemHttpResult>> GetSegments(ValoraDbContext db, CancellationToken ct)
    {
        var latest = await LatestRunAsync(db, ct);
        if (latest is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No RFM run yet",
                detail: "No RFM scores are saved: POST /api/rfm/run (or run `valora rfm`) first.");
        }
        return TypedResults.Ok(latest);
    }

    /// <summary>
    /// The segment counts of the latest saved run: the (as-of, version) of the most recently written
    /// <c>rfm_segment</c> row, counted by label. Null when no run has been saved.
    /// </summary>
    public static async Task<RfmSegmentCounts?> LatestRunAsync(ValoraDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        // Newest by id: a run replaces its rows in one transaction, so the highest id belongs to the latest run.
        var run = await db.CustomerScores.AsNoTracking()
            .Where(s => s.Metric == SegmentMetric)
            .OrderByDescending(s => s.Id)
            .Select(s => new { s.AsOf, s.ModelVersion })
            .FirstOrDefaultAsync(ct);
        if (run is null)
        {
            return null;
        }
        var counts = await db.CustomerScores.AsNoTracking()
            .Where(s => s.Metric == SegmentMetric && s.AsOf == run.AsOf && s.ModelVersion == run.ModelVersion)
            .GroupBy(s => s.Label)
            .Select(g => new { Segment = g.Key, Customers = g.Count() })
            .ToListAsync(ct);
        var segments = counts
            .Select(c => new RfmSegmentCount(c.Segment ?? "(none)", c.Customers))
            .OrderByDescending(c => c.Customers).ThenBy(c => c.Segment, StringComparer.Ordinal)
            .ToList();
        return new RfmSegmentCounts(run.AsOf, run.ModelVersion, segments.Sum(s => s.Customers), segments);
    }
}

/// <param name="AsOf">The scoring date.</param>
/// <param name="Bands">Score bands.</param>
/// <param name="Customers">Customers scored.</param>
/// <param name="ModelVersion">The version the scores are saved under.</param>
/// <param name="Segments">Per segment: customers, share, mean recency (days), orders and monetary.</param>
public sealed record RfmRunResponse(DateOnly AsOf, int Bands, int Customers, string ModelVersion, IReadOnlyList<RfmSegmentSummary> Segments);

public sealed record RfmSegmentCounts(DateOnly AsOf, string ModelVersion, int Customers, IReadOnlyList<RfmSegmentCount> Segments);

public sealed record RfmSegmentCount(string Segment, int Customers);
