using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Valora.Data;
using Valora.Data.Analysis;
using Valora.Data.Recommendations;

namespace Valora.Server.Api;

/// <summary>A customer's next-best products by item-based collaborative filtering blended with popularity.</summary>
public static class RecommendationsApi
{
    /// <summary>Offers returned by default.</summary>
    public const int DefaultTop = 10;

    public static IEndpointRouteBuilder MapRecommendationsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/customers/{id:long}/recommendations", GetRecommendations)
            .WithTags("Recommendations")
            .WithName("GetCustomerRecommendations")
            .WithSummary("A customer's top products not yet bought by item-based collaborative filtering (Σ cosine similarity to what they bought, 10 neighbours per product) blended with popularity (weight 0.1), computed from every completed order; each with its score and reason: the bought product it is most similar to, or popular (a customer with no purchase gets the most popular products)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    static async Task<Results<Ok<CustomerItemOffers>, ValidationProblem, ProblemHttpResult>> GetRecommendations(
        long id, ValoraDatabase database, CancellationToken ct, int top = DefaultTop)
    {
        if (top is < 1 or > RecommendCustomers.MaxTop)
        {
            return Problems.BadInput(nameof(top), string.Create(CultureInfo.InvariantCulture, $"top must be between 1 and {RecommendCustomers.MaxTop} but was {top}."));
        }
        try
        {
            return TypedResults.Ok(await new RecommendCustomers(database).ForCustomerAsync(id, top, ct: ct));
        }
        catch (KeyNotFoundException)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such customer",
                detail: string.Create(CultureInfo.InvariantCulture, $"There is no customer {id}."));
        }
        catch (NotAnalysableException ex)
        {
            return Problems.NotAnalysable(ex);
        }
    }
}
