using Microsoft.AspNetCore.Http.HttpResults;
using Valora.Data;
using Valora.Data.Analysis;
using Valora.Data.Value;

namespace Valora.Server.Api;

/// <summary>Historic customer value: how concentrated profit is across customers.</summary>
public static class ValueApi
{
    public static RouteGroupBuilder MapValueApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/value").WithTags("Value");
        group.MapGet("/concentration", GetConcentration)
            .WithName("GetValueConcentration")
            .WithSummary("Concentration of cumulative profit (revenue − cost of completed orders) across customers: Gini, top 10/20 % share, Lorenz curve")
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return group;
    }

    static async Task<Results<Ok<ValueConcentration>, ProblemHttpResult>> GetConcentration(ValoraDatabase database, CancellationToken ct)
    {
        try
        {
            return TypedResults.Ok(await new ProfitConcentration(database).ExecuteAsync(ct));
        }
        catch (NotAnalysableException ex)
        {
            return Problems.NotAnalysable(ex);
        }
    }
}
