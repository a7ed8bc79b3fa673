using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Valora.Data;
using Valora.Data.Scores;

namespace Valora.Server.Api;

/// <summary>A customer's saved scores (RFM, CLV…).</summary>
public static class ScoresApi
{
    public static RouteGroupBuilder MapScoresApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/customers").WithTags("Scores");
        group.MapGet("/{id:long}/scores", GetScores)
            .WithName("GetCustomerScores")
            .WithSummary("The latest score of each metric for one customer")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    static async Task<Results<Ok<List<CustomerScoreView>>, ProblemHttpResult>> GetScores(long id, ValoraDbContext db, CancellationToken ct)
    {
        if (!await db.Customers.AnyAsync(c => c.Id == id, ct))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Customer not found",
                detail: $"There is no customer with id {id.ToString(System.Globalization.CultureInfo.InvariantCulture)}.");
        }
        var latest = await new ScoreQueries(db).OfCustomerAsync(id, ct);
        return TypedResults.Ok(latest);
    }
}
