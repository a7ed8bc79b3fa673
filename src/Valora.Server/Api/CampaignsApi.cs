using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Valora.Data;
using Valora.Data.Analysis;
using Valora.Data.Campaigns;

namespace Valora.Server.Api;

/// <summary>Campaigns and their results measured against the control group.</summary>
public static class CampaignsApi
{
    public static RouteGroupBuilder MapCampaignsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/campaigns").WithTags("Campaigns");
        group.MapGet("/", GetCampaigns)
            .WithName("GetCampaigns")
            .WithSummary("Every campaign with its contacted and control member counts, newest first");
        group.MapGet("/{id}/results", GetResults)
            .WithName("GetCampaignResults")
            .WithSummary("Response, conversion and revenue per member against the control group: uplift with 95 % intervals and p-values, incremental conversions and revenue, cost per conversion, ROI")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return group;
    }

    static async Task<Ok<IReadOnlyList<CampaignSummary>>> GetCampaigns(ValoraDatabase database, CancellationToken ct) =>
        TypedResults.Ok(await new CampaignResults(database).ListAsync(ct));

    static async Task<Results<Ok<CampaignReport>, ProblemHttpResult>> GetResults(
        ValoraDatabase database, CancellationToken ct, [Description("The campaign's external id.")] string id)
    {
        try
        {
            return await new CampaignResults(database).ResultsAsync(id, ct) is { } report
                ? TypedResults.Ok(report)
                : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"There is no campaign '{id}'.");
        }
        catch (NotAnalysableException ex)
        {
            return Problems.NotAnalysable(ex);
        }
    }
}
