using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Valora.Data;

namespace Valora.Server.Api;

/// <summary>A customer's saved scores (RFM, CLV…).</summary>
public static class ScoresApi
{
    public static RouteGroupBuilder MapScoresApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/customers").WithTags("Scores");
        group.MapGet("/{id:long}/scores", GetScores)
            .WithName("GetCustomerScores")
            .WithSummary("The latest score of each metric for one customer")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    static async Task<Results<Ok<List<ScoreValue>>, ProblemHttpResult>> GetScores(long id, ValoraDbContext db, CancellationToken ct)
    {
        if (!await db.Customers.AnyAsync(c => c.Id == id, ct))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Customer not found",
                detail: $"There is no customer with id {id.ToString(System.Globalization.CultureInfo.InvariantCulture)}.");
        }
        var rows = await db.CustomerScores.AsNoTracking().Where(s => s.CustomerId == id).ToListAsync(ct);
        // Latest per metric: the latest as-of date, then the most recently written row.
        var latest = rows
            .GroupBy(s => s.Metric, StringComparer.Ordinal)
            .Select(g => g.OrderByDescending(s => s.AsOf).ThenByDescending(s => s.Id).First())
            .OrderBy(s => s.Metric, StringComparer.Ordinal)
            .Select(s => new ScoreValue(s.Metric, s.Value, s.Label, s.AsOf, s.ModelVersion))
            .ToList();
        return TypedResults.Ok(latest);
    }
}

/// <param name="Value">Numeric score; null for labels (and for values that were not finite).</param>
/// <param name="Label">Text score such as an RFM segment.</param>
public sealed record ScoreValue(string Metric, double? Value, string? Label, DateOnly AsOf, string ModelVersion);
