using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Valora.Data;
using Valora.Data.Analysis;
using Valora.Data.Surveys;
using Valora.Server.Security;

namespace Valora.Server.Api;

/// <summary>Satisfaction from the stored surveys: NPS with its trend, each question on its scale, per-customer scores.</summary>
public static class SurveysApi
{
    public static RouteGroupBuilder MapSurveysApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/surveys").WithTags("Surveys");
        group.MapGet("/nps", GetNps)
            .WithName("GetNps")
            .WithSummary("Net Promoter Score of the NPS answers in a window, with its 95 % interval and its trend by month")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/questions", GetQuestions)
            .WithName("GetSurveyQuestions")
            .WithSummary("Each survey question on its scale: mean, distribution, top-2 and bottom-2 box with the Wilson 95 % interval")
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        var analyses = group.MapGroup("").RequireAuthorization(Policies.RunAnalyses);
        analyses.MapPost("/scores", SaveScores)
            .WithName("SaveSatisfactionScores")
            .WithSummary("Store each customer's latest NPS answer and group and mean CSAT as scores (the customer 360 reads them)")
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return group;
    }

    static async Task<Results<Ok<NpsReport>, ValidationProblem, ProblemHttpResult>> GetNps(
        ValoraDatabase database, CancellationToken ct,
        [Description("First day of the window (yyyy-MM-dd); default: every answer.")] DateOnly? from = null,
        [Description("Day after the last day (exclusive, yyyy-MM-dd).")] DateOnly? to = null)
    {
        if (from is { } f && to is { } t && t <= f)
        {
            return Problems.BadInput(nameof(to), "The window is empty: 'to' (exclusive) must be after 'from'.");
        }
        try
        {
            return TypedResults.Ok(await new SurveyResults(database).NpsAsync(from, to, ct));
        }
        catch (NotAnalysableException ex)
        {
            return Problems.NotAnalysable(ex);
        }
    }

    static async Task<Results<Ok<IReadOnlyList<QuestionSatisfaction>>, ProblemHttpResult>> GetQuestions(ValoraDatabase database, CancellationToken ct)
    {
        try
        {
            return TypedResults.Ok(await new SurveyResults(database).QuestionsAsync(ct));
        }
        catch (NotAnalysableException ex)
        {
            return Problems.NotAnalysable(ex);
        }
    }

    static async Task<Results<Ok<SatisfactionRun>, ProblemHttpResult>> SaveScores(
        ValoraDatabase database, CancellationToken ct, [Description("Answers on or before this day (default: the latest answer's day).")] DateOnly? asOf = null)
    {
        try
        {
            var (day, customers) = await new SurveyResults(database).SaveAsync(asOf, ct);
            return TypedResults.Ok(new SatisfactionRun(day, customers));
        }
        catch (NotAnalysableException ex)
        {
            return Problems.NotAnalysable(ex);
        }
    }
}

/// <summary>A stored satisfaction run.</summary>
public sealed record SatisfactionRun(DateOnly AsOf, int Customers);
