using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Valora.Analytics.Churn;
using Valora.Data;
using Valora.Data.Churn;
using Valora.Server.Jobs;
using Valora.Server.Security;

namespace Valora.Server.Api;

/// <summary>Churn on the database's orders: train and score as a job (progress at <c>/api/jobs/{id}</c>), read the latest scores.</summary>
public static class ChurnApi
{
    /// <summary>Job kind.</summary>
    public const string TrainJob = "churn-train";

    public static RouteGroupBuilder MapChurnApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/churn").WithTags("Churn");
        var analyses = group.MapGroup("").RequireAuthorization(Policies.RunAnalyses);
        analyses.MapPost("/train", Train)
            .WithName("TrainChurn")
            .WithSummary("Start cross-validating the learner(s) one churn window back, training the best and scoring every active customer (probability, tier, reasons, value at risk); returns the job")
            .ProducesValidationProblem();
        group.MapGet("/scores", GetScores)
            .WithName("GetChurnScores")
            .WithSummary("The latest churn run: tiers with value at risk, the probability distribution, the customers most at risk with their reasons, the expected catch at every threshold 0, 0.01 … 1 (flagged, Σ P, expected precision and recall), and the global permutation importance of each feature (ROC AUC drop on a held-out fold; empty for runs stored before it was computed)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    static Results<Accepted<JobStatus>, ValidationProblem> Train(ChurnTrainBody body, ValoraDatabase database, TimeProvider time, JobQueue jobs)
    {
        ChurnTrainer? trainer;
        try
        {
            trainer = ChurnTrainerNames.Parse(body.Trainer ?? "auto");
        }
        catch (InvalidDataException)
        {
            return Problems.BadInput("trainer", $"'{body.Trainer}' is not a trainer: use auto, lr, fasttree, fastforest or lightgbm.");
        }
        var request = new ChurnRunRequest
        {
            AsOf = body.AsOf,
            WindowDays = body.WindowDays ?? 90,
            Trainer = trainer,
            Folds = body.Folds ?? 5,
            Seed = body.Seed ?? 1,
            HighRisk = body.HighRisk ?? 0.6,
            MediumRisk = body.MediumRisk ?? 0.3,
        };
        try
        {
            request.Validate();
        }
        catch (ArgumentOutOfRangeException ex)
        {
            return Problems.OutOfRange(ex);
        }
        return JobsApi.Accepted(jobs.Enqueue(TrainJob, async (progress, ct) =>
        {
            var run = await new RunChurn(database, time).ExecuteAsync(request, progress, ct);
            var cv = run.CrossValidation.Select(r => new ChurnTrainerMetrics(ChurnTrainerNames.Of(r.Trainer), r.Folds, r.Mean, r.StandardDeviation)).ToList();
            return new ChurnTrainResult(run.Version, run.Trainer, run.ChosenByAuto, run.AsOf, run.TrainedAsOf, run.WindowDays,
                run.TrainingCustomers, run.TrainingChurned, run.ClassWeighting, cv, run.Customers.Count, run.Tiers);
        }));
    }

    static async Task<Results<Ok<ChurnScoresView>, ValidationProblem, ProblemHttpResult>> GetScores(
        ValoraDbContext db, CancellationToken ct,
        [Description("How many of the riskiest customers to list (1–1000).")] int top = 50)
    {
        if (top is < 1 or > 1000)
        {
            return Problems.BadInput(nameof(top), "top must be between 1 and 1000.");
        }
        var view = await ChurnView.LoadAsync(db, top, ct);
        return view is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No churn scores yet",
                detail: "Churn has not been trained: POST /api/churn/train, then follow the job.")
            : TypedResults.Ok(view);
    }
}

/// <summary>Training request; every field optional.</summary>
/// <param name="AsOf">Score as of this day (default: the day after the latest purchase).</param>
/// <param name="WindowDays">Days without a purchase that count as churn (1–730, default 90).</param>
/// <param name="Trainer">auto (default), lr, fasttree, fastforest or lightgbm.</param>
/// <param name="Folds">Cross-validation folds (2–20, default 5).</param>
/// <param name="Seed">Seed of folds and learners (default 1).</param>
/// <param name="HighRisk">High-tier threshold (0–1, default 0.6).</param>
/// <param name="MediumRisk">Medium-tier threshold (0–1, below highRisk, default 0.3).</param>
public sealed record ChurnTrainBody(DateOnly? AsOf = null, int? WindowDays = null, string? Trainer = null, int? Folds = null, int? Seed = null,
    double? HighRisk = null, double? MediumRisk = null);

/// <summary>Mean and standard deviation over folds of each metric of one learner.</summary>
public sealed record ChurnTrainerMetrics(string Trainer, int Folds, IReadOnlyDictionary<string, double> Mean, IReadOnlyDictionary<string, double> StandardDeviation);

/// <summary>What a training job produced.</summary>
public sealed record ChurnTrainResult(string Version, string Trainer, bool ChosenByAuto, DateOnly AsOf, DateOnly TrainedAsOf, int WindowDays,
    int TrainingCustomers, int TrainingChurned, string ClassWeighting, IReadOnlyList<ChurnTrainerMetrics> CrossValidation, int CustomersScored,
    IReadOnlyList<ChurnTierSummary> Tiers);
