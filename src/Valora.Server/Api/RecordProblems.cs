using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Valora.Data.Records;

namespace Valora.Server.Api;

/// <summary>The responses of the record endpoints (customers, interactions, tickets) for a refused write or bad input.</summary>
public static class RecordProblems
{
    /// <summary>400 naming each field and the rule it breaks.</summary>
    public static ValidationProblem Invalid(RecordValidationException ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        return TypedResults.ValidationProblem(ex.Errors.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal),
            title: "The request is not valid");
    }

    /// <summary>The problem for a refused write: 404, 409, 412, 422 or 428 with the use case's reason.</summary>
    public static ProblemHttpResult Refused<T>(WriteOutcome<T> outcome, string what)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var (status, title) = outcome.Status switch
        {
            WriteStatus.NotFound => (StatusCodes.Status404NotFound, $"{what} not found"),
            WriteStatus.Conflict => (StatusCodes.Status409Conflict, "Conflict"),
            WriteStatus.PreconditionFailed => (StatusCodes.Status412PreconditionFailed, "Stale version"),
            WriteStatus.PreconditionRequired => (StatusCodes.Status428PreconditionRequired, "If-Match required"),
            WriteStatus.NotAllowed => (StatusCodes.Status422UnprocessableEntity, "Change not allowed"),
            _ => throw new ArgumentException($"{outcome.Status} is not a refusal.", nameof(outcome)),
        };
        return TypedResults.Problem(statusCode: status, title: title, detail: outcome.Message);
    }

    /// <summary>404 for an id that names nothing.</summary>
    public static ProblemHttpResult NotFound(string what, long id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: $"{what} not found",
            detail: $"There is no {what.ToLowerInvariant()} with id {id.ToString(CultureInfo.InvariantCulture)}.");
}
