using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Valora.Analytics.Lifecycle;
using Valora.Data;
using Valora.Data.Lifecycle;
using Valora.Server.Jobs;
using Valora.Server.Security;

namespace Valora.Server.Api;

/// <summary>Lifecycle stages: compute and store them as a job, read the latest funnel, compare two dates.</summary>
public static class LifecycleApi
{
    /// <summary>Job kind.</summary>
    public const string RunJob = "lifecycle-run";

    /// <summary>Most customers of one flow a comparison lists.</summary>
    public const int MaxMembers = 1000;

    public static RouteGroupBuilder MapLifecycleApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/lifecycle").WithTags("Lifecycle");
        var analyses = group.MapGroup("").RequireAuthorization(Policies.RunAnalyses);
        analyses.MapPost("/run", Run)
            .WithName("RunLifecycle")
            .WithSummary("Start placing every customer in a lifecycle stage (intro, confirmation, growth, retention, leaving) as of a date by the documented rules, with their thresholds, and storing lifecycle_* scores; returns the job")
            .ProducesValidationProblem();
        group.MapGet("/", GetLatest)
            .WithName("GetLifecycle")
            .WithSummary("The latest lifecycle run: customers, share, Σ CLV and Σ potential value per stage in lifecycle order, and what each stage calls for")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/transitions", GetTransitions)
            .WithName("GetLifecycleTransitions")
            .WithSummary("The moves between the stages as of two dates (default thresholds): flows, the stage-to-stage matrix (last row: not yet a customer) and, with fromStage and toStage, who moved")
            .ProducesValidationProblem();
        return group;
    }

    static Results<Accepted<JobStatus>, ValidationProblem> Run(LifecycleRunBody? body, ValoraDatabase database, JobQueue jobs)
    {
        body ??= new LifecycleRunBody();
        var d = new LifecycleOptions();
        var options = new LifecycleOptions
        {
            IntroDays = body.IntroDays ?? d.IntroDays,
            ConfirmationOrders = body.ConfirmationOrders ?? d.ConfirmationOrders,
            ConfirmationDays = body.ConfirmationDays ?? d.ConfirmationDays,
            GrowthRatio = body.GrowthRatio ?? d.GrowthRatio,
            LeavingGapMultiple = body.LeavingGapMultiple ?? d.LeavingGapMultiple,
            LeavingMinDays = body.LeavingMinDays ?? d.LeavingMinDays,
            SingleOrderLeavingDays = body.SingleOrderLeavingDays ?? d.SingleOrderLeavingDays,
            LeavingProbabilityAlive = body.LeavingProbabilityAlive ?? d.LeavingProbabilityAlive,
        };
        if (options.Check() is { } bad)
        {
            return Problems.BadInput(bad.Field, bad.Rule);
        }
        return JobsApi.Accepted(jobs.Enqueue(RunJob, async (progress, ct) =>
        {
            progress.Report("placing customers");
            var run = await new RunLifecycle(database).ExecuteAsync(body.AsOf, options, save: true, ct);
            return new LifecycleRunResult(run.Version, run.AsOf, run.Customers.Count, run.AliveFrom,
                run.Counts.ToDictionary(c => LifecycleStages.Name(c.Stage), c => c.Customers, StringComparer.Ordinal));
        }));
    }

    static async Task<Results<Ok<LifecycleRunView>, ProblemHttpResult>> GetLatest(ValoraDbContext db, CancellationToken ct)
    {
        var view = await LifecycleView.LoadAsync(db, ct);
        return view is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No lifecycle stages yet",
                detail: "The customers have not been placed in the lifecycle: POST /api/lifecycle/run, then follow the job.")
            : TypedResults.Ok(view);
    }

    static async Task<Results<Ok<LifecycleTransitionsView>, ValidationProblem>> GetTransitions(ValoraDatabase database, DateOnly from, DateOnly to,
        CancellationToken ct, string? fromStage = null, string? toStage = null)
    {
        if (from >= to)
        {
            return Problems.BadInput(nameof(from), string.Create(CultureInfo.InvariantCulture, $"from ({from:yyyy-MM-dd}) must be before to ({to:yyyy-MM-dd})."));
        }
        var names = "new, " + string.Join(", ", Enum.GetValues<LifecycleStage>().Select(LifecycleStages.Name));
        var fromNew = string.Equals(fromStage, "new", StringComparison.OrdinalIgnoreCase);
        LifecycleStage? f = null, t = null;
        if (fromStage is not null && !fromNew)
        {
            if (!LifecycleStages.TryParse(fromStage, out var s))
            {
                return Problems.BadInput(nameof(fromStage), $"'{fromStage}' is not a stage: use {names}.");
            }
            f = s;
        }
        if (toStage is not null)
        {
            if (!LifecycleStages.TryParse(toStage, out var s))
            {
                return Problems.BadInput(nameof(toStage), $"'{toStage}' is not a stage: use {names[5..]}.");
            }
            t = s;
        }
        if ((f is not null || fromNew) != (t is not null))
        {
            return Problems.BadInput(t is null ? nameof(toStage) : nameof(fromStage), "fromStage and toStage go together: give both, or neither.");
        }
        var comparison = await new RunLifecycle(database).CompareAsync(from, to, fromStage: f, toStage: t, fromNew: fromNew, ct: ct);
        var stages = Enum.GetValues<LifecycleStage>().Select(LifecycleStages.Name).ToArray();
        return TypedResults.Ok(new LifecycleTransitionsView(comparison.From, comparison.To, stages, [.. stages, "new"], comparison.Matrix,
            [.. comparison.Flows.Select(x => new LifecycleFlowView(x.From is { } s ? LifecycleStages.Name(s) : "new", LifecycleStages.Name(x.To), x.Customers))],
            comparison.Members.Count, [.. comparison.Members.Take(MaxMembers)]));
    }
}

/// <summary>Lifecycle request; every field optional (the thresholds default as documented).</summary>
public sealed record LifecycleRunBody(DateOnly? AsOf = null, int? IntroDays = null, int? ConfirmationOrders = null, int? ConfirmationDays = null,
    double? GrowthRatio = null, double? LeavingGapMultiple = null, int? LeavingMinDays = null, int? SingleOrderLeavingDays = null,
    double? LeavingProbabilityAlive = null);

/// <summary>What a lifecycle job produced: customers per stage.</summary>
public sealed record LifecycleRunResult(string Version, DateOnly AsOf, int Customers, string? AliveFrom, IReadOnlyDictionary<string, int> Stages);

/// <summary>The moves between two dates.</summary>
/// <param name="Columns">The later stage of each matrix column.</param>
/// <param name="Rows">The earlier stage of each matrix row ("new": not yet a customer).</param>
/// <param name="MemberCount">Customers of the flow asked about (the list stops at 1,000).</param>
public sealed record LifecycleTransitionsView(DateOnly From, DateOnly To, IReadOnlyList<string> Columns, IReadOnlyList<string> Rows, int[][] Matrix,
    IReadOnlyList<LifecycleFlowView> Flows, int MemberCount, IReadOnlyList<long> Members);

/// <summary>Customers who moved from one stage to another.</summary>
public sealed record LifecycleFlowView(string From, string To, int Customers);
