using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Valora.Data.Analysis;

namespace Valora.Server.Api;

/// <summary>
/// The problem details the endpoints return for bad input and for data that cannot be analysed, and the API's words
/// for a <see cref="NotAnalysableException"/> (the CLI has its own in <c>Valora.Cli/CliRunner</c>).
/// </summary>
public static class Problems
{
    /// <summary>400 with <c>errors: { field: [message] }</c>, as the built-in validation reports.</summary>
    public static ValidationProblem BadInput(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [message] });

    /// <summary>
    /// 400 for a request setting a use case refused as out of range: the field is the parameter's name in the API's
    /// camelCase, the message its rule without .NET's "(Parameter …)" and "Actual value was …" suffixes.
    /// </summary>
    public static ValidationProblem OutOfRange(ArgumentOutOfRangeException ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        var name = ex.ParamName ?? "body";
        return BadInput(JsonNamingPolicy.CamelCase.ConvertName(name), ex.Message.Split(" (Parameter")[0].Split(Environment.NewLine)[0]);
    }

    /// <summary>422: the request is fine but the data cannot answer it yet (no orders, no fitted model…).</summary>
    public static ProblemHttpResult NotAnalysable(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Not enough data", detail: detail);

    /// <summary>
    /// 422 for a use case's neutral error: <c>title</c> says what is missing, <c>detail</c> the use case's message and
    /// what to do through the API, and the extensions <c>reason</c> (a stable code, e.g. <c>noModel</c>) and
    /// <c>model</c> let a client act on it without parsing text.
    /// </summary>
    public static ProblemHttpResult NotAnalysable(NotAnalysableException ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        var extensions = new Dictionary<string, object?>(StringComparer.Ordinal) { ["reason"] = ReasonCode(ex.Reason) };
        if (ex.Model is not null)
        {
            extensions["model"] = ex.Model;
        }
        return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: Title(ex.Reason),
            detail: Describe(ex), extensions: extensions);
    }

    /// <summary>The use case's message followed by what to do, in the API's words (never a CLI flag).</summary>
    public static string Describe(NotAnalysableException ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        var remedy = (ex.Reason, ex.Model) switch
        {
            (NotAnalysableReason.NoOrders, _) => "Import orders first.",
            (NotAnalysableReason.NoModel, "bgnbd" or "paretonbd" or "gammagamma") =>
                $"Fit one first: POST /api/clv/fit with \"model\": \"{ex.Model}\" and a calibrationEnd.",
            (NotAnalysableReason.NoModel, { } model) => $"Train a {model} model first.",
            (NotAnalysableReason.MixedCurrencies, _) => "Keep one currency per database, or convert the amounts to one currency before importing.",
            _ => null,
        };
        return remedy is null ? ex.Message : $"{ex.Message} {remedy}";
    }

    /// <summary>The stable code of a reason as the API writes it (camel case, e.g. <c>noOrders</c>).</summary>
    public static string ReasonCode(NotAnalysableReason reason) => JsonNamingPolicy.CamelCase.ConvertName(reason.ToString());

    static string Title(NotAnalysableReason reason) => reason switch
    {
        NotAnalysableReason.NoOrders => "No orders",
        NotAnalysableReason.NoModel => "No model",
        NotAnalysableReason.FitFailed => "The model could not be fitted",
        NotAnalysableReason.MixedCurrencies => "Several currencies",
        NotAnalysableReason.MissingInput => "Missing input",
        _ => "Not enough data",
    };
}
