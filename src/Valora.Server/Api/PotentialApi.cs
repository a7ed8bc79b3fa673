using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Valora.Analytics.Potential;
using Valora.Data;
using Valora.Data.Potential;
using Valora.Server.Jobs;
using Valora.Server.Security;

namespace Valora.Server.Api;

/// <summary>Potential value V = α·B + β·R + γ·M: score every customer as a job, read PV per group.</summary>
public static class PotentialApi
{
    /// <summary>Job kind.</summary>
    public const string ScoreJob = "potential-score";

    /// <summary>Job kind of learning the components.</summary>
    public const string LearnJob = "potential-learn";

    /// <summary>Most top customers a read may ask for.</summary>
    public const int MaxTop = 500;

    public static RouteGroupBuilder MapPotentialApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/potential").WithTags("Potential value");
        var analyses = group.MapGroup("").RequireAuthorization(Policies.RunAnalyses);
        analyses.MapPost("/score", Score)
            .WithName("ScorePotential")
            .WithSummary("Start scoring every customer's potential value V = α·B + β·R + γ·M as of a date (B from the latest CLV run, retention from the latest churn run, referrals, tickets and interactions of the year) and storing potential_* scores; returns the job")
            .ProducesValidationProblem();
        analyses.MapPost("/learn", Learn)
            .WithName("LearnPotential")
            .WithSummary("Start learning B, R and M by regression on a time holdout (features up to a cutoff, what each customer brought in the window after it): linear, FastTree and LightGBM beside the naive predictions, each component scored by its best learner and stored as potential_learned_*; returns the job")
            .ProducesValidationProblem();
        group.MapGet("/learned", GetLearned)
            .WithName("GetLearnedPotential")
            .WithSummary("The latest learned-potential run: the holdout errors (MAE, RMSE, R²) of every learner and component beside its naive baseline, the learner that scored each component, and the customers of highest learned V")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/", GetLatest)
            .WithName("GetPotential")
            .WithSummary("The latest potential-value run: weights and settings, PV = Σ V and Σ B, R, M per RFM segment, cluster or churn tier, and the customers of highest V")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    static Results<Accepted<JobStatus>, ValidationProblem> Score(PotentialScoreBody? body, ValoraDatabase database, JobQueue jobs)
    {
        body ??= new PotentialScoreBody();
        var defaults = new PotentialOptions();
        var options = new PotentialOptions
        {
            Weights = new PotentialWeights(body.Alpha ?? PotentialWeights.DefaultAlpha, body.Beta ?? PotentialWeights.DefaultBeta, body.Gamma ?? PotentialWeights.DefaultGamma),
            HorizonYears = body.HorizonYears ?? defaults.HorizonYears,
            AnnualDiscountRate = body.DiscountRate ?? defaults.AnnualDiscountRate,
            TicketCost = body.TicketCost ?? defaults.TicketCost,
            ContactCost = body.ContactCost ?? defaults.ContactCost,
        };
        if (options.Check() is { } bad)
        {
            return Problems.BadInput(bad.Field, bad.Rule);
        }
        return JobsApi.Accepted(jobs.Enqueue(ScoreJob, async (progress, ct) =>
        {
            var run = await new ScorePotential(database).ExecuteAsync(body.AsOf, options, save: true, progress, ct);
            return new PotentialScoreResult(run.Version, run.AsOf, run.Result.Customers.Count, run.Result.Total, run.ClvRun, run.RetentionSource);
        }));
    }

    static Results<Accepted<JobStatus>, ValidationProblem> Learn(PotentialLearnBody body, ValoraDatabase database, JobQueue jobs)
    {
        var defaults = new LearnPotentialRequest();
        var regressors = new List<ComponentRegressor>();
        foreach (var name in body.Learners ?? [.. defaults.Regressors.Select(LearnPotential.Name)])
        {
            try
            {
                regressors.Add(LearnPotential.Parse(name ?? ""));
            }
            catch (ArgumentException e)
            {
                return Problems.BadInput("learners", e.Message);
            }
        }
        var request = new LearnPotentialRequest
        {
            AsOf = body.AsOf,
            WindowDays = body.WindowDays ?? defaults.WindowDays,
            Regressors = regressors,
            Weights = new PotentialWeights(body.Alpha ?? PotentialWeights.DefaultAlpha, body.Beta ?? PotentialWeights.DefaultBeta, body.Gamma ?? PotentialWeights.DefaultGamma),
            TicketCost = body.TicketCost ?? defaults.TicketCost,
            ContactCost = body.ContactCost ?? defaults.ContactCost,
            Seed = body.Seed ?? defaults.Seed,
        };
        if (request.Check() is { } bad)
        {
            return Problems.BadInput(bad.Field == "regressors" ? "learners" : bad.Field, bad.Rule);
        }
        return JobsApi.Accepted(jobs.Enqueue(LearnJob, async (progress, ct) =>
        {
            var run = await new LearnPotential(database).ExecuteAsync(request, save: true, progress, ct);
            return new PotentialLearnResult(run.Version, run.AsOf, run.WindowDays, run.Evaluation.TrainingRows, run.Evaluation.HoldoutRows,
                [.. run.Scoring.Select(LearnPotential.Name)], run.Customers.Count, run.Customers.Sum(c => c.Value));
        }));
    }

    static async Task<Results<Ok<LearnedPotentialView>, ValidationProblem, ProblemHttpResult>> GetLearned(ValoraDbContext db, CancellationToken ct, int top = 20)
    {
        if (top is < 0 or > MaxTop)
        {
            return Problems.BadInput(nameof(top), $"top must be between 0 and {MaxTop} but was {top}.");
        }
        var view = await LearnedPotentialView.LoadAsync(db, top, ct);
        return view is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No learned potential yet",
                detail: "The potential components have not been learned: POST /api/potential/learn, then follow the job.")
            : TypedResults.Ok(view);
    }

    static async Task<Results<Ok<PotentialRunView>, ValidationProblem, ProblemHttpResult>> GetLatest(ValoraDbContext db, CancellationToken ct,
        string by = "rfm", int top = 20)
    {
        if (!PotentialView.Groupings.TryGetValue(by, out var grouping))
        {
            return Problems.BadInput(nameof(by), $"'{by}' is not a grouping: use {string.Join(", ", PotentialView.Groupings.Keys)}.");
        }
        if (top is < 0 or > MaxTop)
        {
            return Problems.BadInput(nameof(top), $"top must be between 0 and {MaxTop} but was {top}.");
        }
        var view = await PotentialView.LoadAsync(db, grouping, top, ct);
        return view is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No potential value yet",
                detail: "Potential value has not been scored: POST /api/potential/score, then follow the job.")
            : TypedResults.Ok(view);
    }
}

/// <summary>Potential-value request; every field optional.</summary>
/// <param name="AsOf">Use data on or before this day (default: the day of the latest purchase).</param>
/// <param name="Alpha">α, weight of B (≥ 0, default 0.5).</param>
/// <param name="Beta">β, weight of R (≥ 0, default 0.3).</param>
/// <param name="Gamma">γ, weight of M (≥ 0, default 0.2).</param>
/// <param name="HorizonYears">Years ahead R and M look (1–30, default 1).</param>
/// <param name="DiscountRate">Annual discount rate (> −1, default 0.10).</param>
/// <param name="TicketCost">Cost to serve a ticket (≥ 0, default 10).</param>
/// <param name="ContactCost">Cost of an interaction (≥ 0, default 1).</param>
public sealed record PotentialScoreBody(DateOnly? AsOf = null, double? Alpha = null, double? Beta = null, double? Gamma = null,
    int? HorizonYears = null, double? DiscountRate = null, double? TicketCost = null, double? ContactCost = null);

/// <summary>What a potential-value job produced.</summary>
public sealed record PotentialScoreResult(string Version, DateOnly AsOf, int Customers, double PotentialValue, string? ClvRun, string RetentionSource);

/// <summary>Learning request; every field optional.</summary>
/// <param name="AsOf">Learn and score with data on or before this day (default: the day of the latest purchase).</param>
/// <param name="WindowDays">Days of each window (30–730, default 90).</param>
/// <param name="Learners">Learners to compare: linear, fasttree, lightgbm (default all three).</param>
/// <param name="Alpha">α, weight of the learned B in V (default 0.5).</param>
/// <param name="Beta">β, weight of the learned R (default 0.3).</param>
/// <param name="Gamma">γ, weight of the learned M (default 0.2).</param>
/// <param name="TicketCost">Cost to serve a ticket, taken off M (default 10).</param>
/// <param name="ContactCost">Cost of an interaction, taken off M (default 1).</param>
/// <param name="Seed">Seed of the tree learners (default 1).</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record PotentialLearnBody(DateOnly? AsOf = null, int? WindowDays = null, IReadOnlyList<string?>? Learners = null, double? Alpha = null, double? Beta = null,
    double? Gamma = null, double? TicketCost = null, double? ContactCost = null, int? Seed = null);

/// <summary>What a learning job produced.</summary>
/// <param name="Scoring">The learner that scored purchase, referral and maintenance.</param>
/// <param name="PotentialValue">Σ V of the learned components.</param>
public sealed record PotentialLearnResult(string Version, DateOnly AsOf, int WindowDays, int TrainingRows, int HoldoutRows, IReadOnlyList<string> Scoring,
    int Customers, double PotentialValue);
