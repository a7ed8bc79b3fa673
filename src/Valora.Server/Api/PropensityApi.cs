using System.Globalization;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Valora.Analytics.Churn;
using Valora.Analytics.Propensity;
using Valora.Data;
using Valora.Data.Churn;
using Valora.Data.Propensity;
using Valora.Server.Jobs;
using Valora.Server.Security;

namespace Valora.Server.Api;

/// <summary>
/// Purchase propensity and needs: train and score every customer as a job (what <c>valora propensity train</c> does),
/// and read one customer's stored scores.
/// </summary>
public static class PropensityApi
{
    /// <summary>Job kind.</summary>
    public const string TrainJob = "propensity-train";

    public static RouteGroupBuilder MapPropensityApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/propensity").WithTags("Propensity");
        var analyses = group.MapGroup("").RequireAuthorization(Policies.RunAnalyses);
        analyses.MapPost("/train", Train)
            .WithName("TrainPropensity")
            .WithSummary("Start training, as of asOf − windowDays, the probability of a purchase in the window (its own binary model) and the category of the next order (multi-class, cross-validated beside the most-frequent-past-category baseline), then scoring every customer as of asOf and storing propensity_* scores; returns the job")
            .ProducesValidationProblem();
        group.MapGet("/customers/{id:long}", GetCustomer)
            .WithName("GetCustomerPropensity")
            .WithSummary("A customer's scores in the latest propensity run: probability of a purchase in the window, the most likely next category, its probability and the top three, model version and as-of date")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    static Results<Accepted<JobStatus>, ValidationProblem> Train(PropensityTrainBody body, ValoraDatabase database, TimeProvider time, JobQueue jobs)
    {
        NextCategoryTrainer? trainer;
        try
        {
            trainer = PropensityTrainerNames.Parse(body.Trainer ?? "auto");
        }
        catch (ArgumentException)
        {
            return Problems.BadInput("trainer", $"'{body.Trainer}' is not a trainer: use {PropensityTrainerNames.Choices}.");
        }
        ChurnTrainer? buyTrainer;
        try
        {
            buyTrainer = ChurnTrainerNames.Parse(body.BuyTrainer ?? "auto");
        }
        catch (InvalidDataException)
        {
            return Problems.BadInput("buyTrainer", $"'{body.BuyTrainer}' is not a trainer: use auto, lr, fasttree, fastforest or lightgbm.");
        }
        var request = new PropensityRunRequest
        {
            AsOf = body.AsOf,
            WindowDays = body.WindowDays ?? 90,
            Trainer = trainer,
            BuyTrainer = buyTrainer,
            Folds = body.Folds ?? 5,
            Seed = body.Seed ?? 1,
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
            var run = await new RunPropensity(database, time).ExecuteAsync(request, progress, ct);
            return new PropensityTrainResult(run.Version, run.AsOf, run.TrainedAsOf, run.WindowDays,
                new PropensityBuyResult(run.Buy.Trainer, run.Buy.ChosenByAuto, run.Buy.TrainingCustomers, run.Buy.Buyers,
                    [.. run.Buy.CrossValidation.Select(r => new PropensityLearnerMetrics(ChurnTrainerNames.Of(r.Trainer), r.Folds, r.Mean))],
                    run.Buy.Customers.Count),
                new PropensityCategoryResult(run.Trainer, run.ChosenByAuto, run.CustomersBeforeTraining, run.TrainingCustomers, run.Classes,
                    [.. run.DroppedClasses.Select(d => d.Category)],
                    [.. run.CrossValidation.Select(r => new PropensityLearnerMetrics(PropensityTrainerNames.Of(r.Trainer), r.Folds, r.Model))],
                    run.CrossValidation[0].Baseline, run.Customers.Count));
        }));
    }

    static async Task<Results<Ok<CustomerPropensity>, ProblemHttpResult>> GetCustomer(long id, ValoraDbContext db, CancellationToken ct)
    {
        var queries = new PropensityQueries(db);
        if (!await queries.CustomerExistsAsync(id, ct))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such customer",
                detail: string.Create(CultureInfo.InvariantCulture, $"There is no customer {id}."));
        }
        var scores = await queries.OfCustomerAsync(id, ct);
        return scores is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No propensity yet",
                detail: string.Create(CultureInfo.InvariantCulture,
                    $"Customer {id} has no propensity score (no run yet, or no purchase of theirs before its date): POST /api/propensity/train, then follow the job."))
            : TypedResults.Ok(scores);
    }
}

/// <summary>
/// Propensity request: a JSON object, every field optional (<c>{}</c> trains with a 90-day window as of the day after
/// the latest purchase). A field it does not know is refused (400).
/// </summary>
/// <param name="AsOf">Score as of this day (purchases before it; default: the day after the latest purchase).</param>
/// <param name="WindowDays">Days after the training date in which purchases are looked for (1–730, default 90).</param>
/// <param name="Trainer">Next-category learner: auto (default), lightgbm or maxent.</param>
/// <param name="BuyTrainer">Purchase-probability learner: auto (default), lr, fasttree, fastforest or lightgbm.</param>
/// <param name="Folds">Stratified cross-validation folds (2–20, default 5).</param>
/// <param name="Seed">Seed of folds and learners (default 1).</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record PropensityTrainBody(DateOnly? AsOf = null, int? WindowDays = null, string? Trainer = null, string? BuyTrainer = null,
    int? Folds = null, int? Seed = null);

/// <summary>Mean over folds of each metric of one learner.</summary>
public sealed record PropensityLearnerMetrics(string Trainer, int Folds, IReadOnlyDictionary<string, double> Mean);

/// <summary>The purchase-probability model a propensity job trained.</summary>
/// <param name="CustomersScored">Customers with a purchase before the as-of date.</param>
public sealed record PropensityBuyResult(string Trainer, bool ChosenByAuto, int TrainingCustomers, int Buyers,
    IReadOnlyList<PropensityLearnerMetrics> CrossValidation, int CustomersScored);

/// <summary>The next-category model a propensity job trained, and the baseline on the same folds.</summary>
/// <param name="CustomersBeforeTraining">Customers with a categorised purchase before the training date.</param>
/// <param name="TrainingCustomers">Of them, those who bought in the window in a category learned.</param>
/// <param name="DroppedClasses">Categories left out for having fewer buyers than folds.</param>
/// <param name="Baseline">The most-frequent-past-category baseline's metrics (mean over folds).</param>
/// <param name="CustomersScored">Customers with a categorised purchase before the as-of date.</param>
public sealed record PropensityCategoryResult(string Trainer, bool ChosenByAuto, int CustomersBeforeTraining, int TrainingCustomers,
    IReadOnlyList<string> Classes, IReadOnlyList<string> DroppedClasses, IReadOnlyList<PropensityLearnerMetrics> CrossValidation,
    IReadOnlyDictionary<string, double> Baseline, int CustomersScored);

/// <summary>What a propensity job trained and stored.</summary>
public sealed record PropensityTrainResult(string Version, DateOnly AsOf, DateOnly TrainedAsOf, int WindowDays,
    PropensityBuyResult Buy, PropensityCategoryResult NextCategory);
