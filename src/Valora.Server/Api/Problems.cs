using Microsoft.AspNetCore.Http.HttpResults;

namespace Valora.Server.Api;

/// <summary>The problem details the value endpoints return for bad input and for data that cannot be analysed.</summary>
public static class Problems
{
    /// <summary>400 with <c>errors: { field: [message] }</c>, as the built-in validation reports.</summary>
    public static ValidationProblem BadInput(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [message] });

    /// <summary>422: the request is fine but the data cannot answer it yet (no orders, no fitted model…).</summary>
    public static ProblemHttpResult NotAnalysable(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Not enough data", detail: detail);
}
