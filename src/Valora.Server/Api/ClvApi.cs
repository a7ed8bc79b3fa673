using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Valora.Analytics.Clv;
using Valora.Data;
using Valora.Data.Analysis;
using Valora.Data.Clv;
using Valora.Server.Jobs;
using Valora.Server.Security;

namespace Valora.Server.Api;

/// <summary>
/// Probabilistic lifetime value: fit BG/NBD, Pareto/NBD or Gamma-Gamma and score customers (as background jobs,
/// followed at <c>/api/jobs/{id}</c>), validate on a holdout, list the saved models.
/// </summary>
public static class ClvApi
{
    public static RouteGroupBuilder MapClvApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/clv").WithTags("CLV");
        var analyses = group.MapGroup("").RequireAuthorization(Policies.RunAnalyses);
        analyses.MapPost("/fit", Fit)
            .WithName("FitClv")
            .WithSummary("Start fitting a model on the calibration period (validated on the holdout when given) and saving it; returns the job")
            .ProducesValidationProblem();
        analyses.MapPost("/score", Score)
            .WithName("ScoreClv")
            .WithSummary("Start scoring every customer with the latest purchase and spend models (P(alive), purchases, spend, CLV with 95 % intervals); returns the job")
            .ProducesValidationProblem();
        analyses.MapPost("/validate", Validate)
            .WithName("ValidateClv")
            .WithSummary("Fit a purchase model on the calibration period and compare its predictions with the holdout (not saved)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/models", GetModels)
            .WithName("GetClvModels")
            .WithSummary("Fitted models, newest first: kind, version, data window, parameters and metrics");
        return group;
    }

    /// <summary>Job kinds.</summary>
    public const string FitJob = "clv-fit", ScoreJob = "clv-score";

    static Results<Accepted<JobStatus>, ValidationProblem> Fit(ClvFitRequest request, ValoraDatabase database, TimeProvider time, JobQueue jobs)
    {
        if (Check(request, holdoutRequired: false) is { } problem)
        {
            return problem;
        }
        var kind = ClvModelKinds.Parse(request.Model);
        return JobsApi.Accepted(jobs.Enqueue(FitJob, async ct => FitResult(
            await new FitClv(database, time).ExecuteAsync(kind, request.CalibrationEnd, request.HoldoutEnd, request.DaysPerUnit, save: true, ct))));
    }

    static async Task<Results<Ok<ClvHoldout>, ValidationProblem, ProblemHttpResult>> Validate(
        ClvFitRequest request, ValoraDatabase database, TimeProvider time, CancellationToken ct)
    {
        if (Check(request, holdoutRequired: true) is { } problem)
        {
            return problem;
        }
        var kind = ClvModelKinds.Parse(request.Model);
        if (kind == ClvModelKind.GammaGamma)
        {
            return Problems.BadInput("model", "Validation compares purchase counts: use bgnbd or paretonbd.");
        }
        try
        {
            var fit = await new FitClv(database, time).ExecuteAsync(kind, request.CalibrationEnd, request.HoldoutEnd, request.DaysPerUnit, save: false, ct);
            return TypedResults.Ok(fit.Holdout!);
        }
        catch (NotAnalysableException ex)
        {
            return Problems.NotAnalysable(ex);
        }
    }

    static Results<Accepted<JobStatus>, ValidationProblem> Score(ClvScoreBody request, ValoraDatabase database, JobQueue jobs)
    {
        ClvModelKind? model = null;
        if (request.Model is not null)
        {
            if (!TryParseModel(request.Model, out var k) || k == ClvModelKind.GammaGamma)
            {
                return Problems.BadInput("model", $"'{request.Model}' is not a purchase model: use bgnbd or paretonbd, or leave it out for the latest fitted.");
            }
            model = k;
        }
        var scoreRequest = new ClvScoreRequest(request.Horizon, request.DiscountRate, request.Margin, request.AsOf, model, request.Intervals);
        if (scoreRequest.Problem() is { } problem)
        {
            return Problems.BadInput(problem.Field, problem.Message);
        }
        return JobsApi.Accepted(jobs.Enqueue(ScoreJob, async ct => ScoreResult(await new ScoreClv(database).ExecuteAsync(scoreRequest, ct))));
    }

    static async Task<Ok<List<ClvModelInfo>>> GetModels(ValoraDbContext db, CancellationToken ct)
    {
        var runs = await db.ModelRuns.AsNoTracking().OrderByDescending(r => r.Id).ToListAsync(ct);
        return TypedResults.Ok(runs.Select(r => new ClvModelInfo(
            r.Id, r.Kind, r.Version, r.TrainedAt, r.DataFrom, r.DataTo, r.HoldoutTo, ParseJson(r.ParametersJson), ParseJson(r.MetricsJson))).ToList());
    }

    static JsonElement ParseJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    static ValidationProblem? Check(ClvFitRequest request, bool holdoutRequired)
    {
        if (!TryParseModel(request.Model, out _))
        {
            return Problems.BadInput("model", $"Unknown model '{request.Model}': use bgnbd, paretonbd or gammagamma.");
        }
        if (request.CalibrationEnd == default)
        {
            return Problems.BadInput("calibrationEnd", "Give the last day of the calibration period (yyyy-MM-dd).");
        }
        if (holdoutRequired && request.HoldoutEnd is null)
        {
            return Problems.BadInput("holdoutEnd", "Validation needs the last day of the holdout period (yyyy-MM-dd).");
        }
        if (request.HoldoutEnd is { } h && h <= request.CalibrationEnd)
        {
            return Problems.BadInput("holdoutEnd", "The holdout must end after the calibration end.");
        }
        if (!(request.DaysPerUnit > 0) || !double.IsFinite(request.DaysPerUnit))
        {
            return Problems.BadInput("daysPerUnit", "Days per model time unit must be a finite number > 0 (7 = weeks).");
        }
        return null;
    }

    static bool TryParseModel(string? name, out ClvModelKind kind)
    {
        kind = default;
        if (string.IsNullOrWhiteSpace(name))
        {
            return false;
        }
        try
        {
            kind = ClvModelKinds.Parse(name);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    static ClvFitResult FitResult(ClvFit fit) => new(
        fit.Kind, fit.Run?.Version, fit.CalibrationEnd, fit.HoldoutEnd, fit.DaysPerUnit, fit.Estimates, fit.LogLikelihood,
        fit.Customers, fit.DistinctHistories, fit.LeftOut, fit.Holdout);

    /// <summary>How many of the most valuable customers a scoring job's result lists.</summary>
    public const int TopCustomers = 20;

    static ClvScoreResult ScoreResult(ClvScoring s)
    {
        var top = Enumerable.Range(0, s.Values.Count)
            .OrderByDescending(i => s.Values[i].Clv)
            .Take(TopCustomers)
            .Select(i => new ClvScoredCustomer(s.Values[i].CustomerId, s.Values[i].ProbabilityAlive, s.Values[i].ExpectedPurchases,
                s.Values[i].SpendPerPurchase, s.Values[i].Clv, s.Intervals?[i].ClvLower, s.Intervals?[i].ClvUpper))
            .ToList();
        return new ClvScoreResult(s.AsOf, s.ModelVersion, s.PurchaseModel, s.Horizon, s.Margin, s.MonthlyDiscountRate, s.Months,
            s.Values.Count, s.Values.Sum(v => v.Clv), top);
    }
}

/// <param name="Model">bgnbd (default), paretonbd or gammagamma.</param>
/// <param name="CalibrationEnd">Last day of the calibration period.</param>
/// <param name="HoldoutEnd">Last day of the holdout period (optional for fit, required for validate).</param>
/// <param name="DaysPerUnit">Days per model time unit (7 = weeks, the default).</param>
public sealed record ClvFitRequest(DateOnly CalibrationEnd, string Model = "bgnbd", DateOnly? HoldoutEnd = null, double DaysPerUnit = 7);

/// <param name="Horizon">Horizon in model time units (weeks by default), default 52.</param>
/// <param name="DiscountRate">Annual discount rate (0.10 = 10 %), default 0.10.</param>
/// <param name="Margin">Share of revenue that is profit; default: observed from costs.</param>
/// <param name="AsOf">Score as of this date; default: the latest purchase.</param>
/// <param name="Model">bgnbd or paretonbd; default: the latest fitted purchase model.</param>
/// <param name="Intervals">Also compute 95 % intervals from the parameter uncertainty (default true; slower).</param>
public sealed record ClvScoreBody(
    double Horizon = 52, double DiscountRate = 0.10, double? Margin = null, DateOnly? AsOf = null, string? Model = null, bool Intervals = true);

/// <summary>The result of a fit job.</summary>
/// <param name="LeftOut">Customers left out of the fit (Gamma-Gamma: repeat customers whose mean repeat spend is 0).</param>
public sealed record ClvFitResult(
    string Kind, string? Version, DateOnly CalibrationEnd, DateOnly? HoldoutEnd, double DaysPerUnit, IReadOnlyList<ClvEstimate> Estimates,
    double LogLikelihood, int Customers, int DistinctHistories, int LeftOut, ClvHoldout? Holdout);

/// <summary>The result of a scoring job: the run and its most valuable customers (every score is in the scores table).</summary>
public sealed record ClvScoreResult(
    DateOnly AsOf, string ModelVersion, string PurchaseModel, double Horizon, double Margin, double MonthlyDiscountRate, int Months,
    int Customers, double TotalClv, IReadOnlyList<ClvScoredCustomer> Top);

public sealed record ClvScoredCustomer(
    long CustomerId, double ProbabilityAlive, double ExpectedPurchases, double ExpectedSpend, double Clv, double? ClvLower, double? ClvUpper);

/// <summary>A saved model run, its parameters and metrics JSON parsed.</summary>
public sealed record ClvModelInfo(
    long Id, string Kind, string Version, DateTime TrainedAt, DateOnly? DataFrom, DateOnly DataTo, DateOnly? HoldoutTo,
    JsonElement Parameters, JsonElement Metrics);
