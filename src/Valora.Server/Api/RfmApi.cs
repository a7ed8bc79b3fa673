using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Valora.Analytics.Rfm;
using Valora.Data;
using Valora.Data.Analysis;
using Valora.Data.Rfm;
using Valora.Server.Security;

namespace Valora.Server.Api;

/// <summary>RFM scoring and its named segments.</summary>
public static class RfmApi
{
    public static RouteGroupBuilder MapRfmApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/rfm").WithTags("RFM");
        var analyses = group.MapGroup("").RequireAuthorization(Policies.RunAnalyses);
        analyses.MapPost("/run", Run)
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
        catch (NotAnalysableException ex)
        {
            return Problems.NotAnalysable(ex);
        }
    }

    static async Task<Results<Ok<RfmSegmentCounts>, ProblemHttpResult>> GetSegments(ValoraDbContext db, CancellationToken ct)
    {
        var latest = await RfmSegments.LatestAsync(db, ct);
        if (latest is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No RFM run yet",
                detail: "No RFM scores are saved: POST /api/rfm/run (or run `valora rfm`) first.");
        }
        return TypedResults.Ok(latest);
    }
}

/// <param name="AsOf">The scoring date.</param>
/// <param name="Bands">Score bands.</param>
/// <param name="Customers">Customers scored.</param>
/// <param name="ModelVersion">The version the scores are saved under.</param>
/// <param name="Segments">Per segment: customers, share, mean recency (days), orders and monetary.</param>
public sealed record RfmRunResponse(DateOnly AsOf, int Bands, int Customers, string ModelVersion, IReadOnlyList<RfmSegmentSummary> Segments);
