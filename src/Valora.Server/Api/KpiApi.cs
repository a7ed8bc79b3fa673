using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Valora.Data;
using Valora.Data.Analysis;
using Valora.Data.Kpi;

namespace Valora.Server.Api;

/// <summary>Customer KPIs over a window.</summary>
public static class KpiApi
{
    public static RouteGroupBuilder MapKpiApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/kpi").WithTags("KPI");
        group.MapGet("/", GetKpis)
            .WithName("GetKpis")
            .WithSummary("Retention and churn against the previous window of equal length, order and revenue KPIs, repeat purchase, conversion, cohorts")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return group;
    }

    static async Task<Results<Ok<KpiReport>, ValidationProblem, ProblemHttpResult>> GetKpis(
        ValoraDatabase database,
        CancellationToken ct,
        [Description("First day of the window (yyyy-MM-dd).")] DateOnly from,
        [Description("Day after the last day of the window (exclusive, yyyy-MM-dd); must be after from.")] DateOnly to)
    {
        if (to <= from)
        {
            return Problems.BadInput(nameof(to), "The window is empty: 'to' (exclusive) must be after 'from'.");
        }
        try
        {
            return TypedResults.Ok(await new ComputeKpis(database).ExecuteAsync(from, to, ct));
        }
        // The window itself is checked above; what the use case still rejects is the data (no order in the window).
        catch (NotAnalysableException ex)
        {
            return Problems.NotAnalysable(ex);
        }
    }
}
