using Valora.Data.Overview;
using Microsoft.AspNetCore.Http.HttpResults;
using Valora.Data;

namespace Valora.Server.Api;

/// <summary>The numbers on the dashboard's landing page.</summary>
public static class OverviewApi
{
    public static RouteGroupBuilder MapOverviewApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/overview").WithTags("Overview");
        group.MapGet("/counts", GetCounts)
            .WithName("GetOverviewCounts")
            .WithSummary("Row counts of customers, sales, interactions, tickets, surveys, pipeline, campaigns and scores");
        return group;
    }

    static async Task<Ok<OverviewCounts>> GetCounts(ValoraDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await OverviewCounts.LoadAsync(db, ct));
}
