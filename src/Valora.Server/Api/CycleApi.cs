using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Valora.Analytics.Cycles;
using Valora.Data;
using Valora.Data.Cycles;
using Valora.Server.Jobs;
using Valora.Server.Security;

namespace Valora.Server.Api;

/// <summary>Purchase cycles: compute and store every customer's rhythm as a job, read the latest run.</summary>
public static class CycleApi
{
    /// <summary>Job kind.</summary>
    public const string RunJob = "cycle-run";

    public static RouteGroupBuilder MapCycleApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/cycle").WithTags("Cycle");
        var analyses = group.MapGroup("").RequireAuthorization(Policies.RunAnalyses);
        analyses.MapPost("/run", Run)
            .WithName("RunPurchaseCycle")
            .WithSummary("Start computing each customer's purchase rhythm as of a date (mean and sample sd of the days between purchase days, expected next day, days overdue, overdue past mean + k·sd, BG/NBD P(alive) and P(purchase within windowDays)) and each category's repurchase cycle, stored as cycle_* scores; returns the job")
            .ProducesValidationProblem();
        group.MapGet("/", GetLatest)
            .WithName("GetPurchaseCycle")
            .WithSummary("The latest purchase-cycle run: customers per status, the overdue customers (or all with a rhythm, overdueOnly=false) most days overdue first, the distribution of mean intervals and each category's repurchase cycle")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    static Results<Accepted<JobStatus>, ValidationProblem> Run(CycleRunBody? body, ValoraDatabase database, JobQueue jobs)
    {
        body ??= new CycleRunBody();
        var d = new CycleOptions();
        var options = new CycleOptions { K = body.K ?? d.K, WindowDays = body.WindowDays ?? d.WindowDays };
        if (options.Check() is { } bad)
        {
            return Problems.BadInput(bad.Field, bad.Rule);
        }
        return JobsApi.Accepted(jobs.Enqueue(RunJob, async (progress, ct) =>
        {
            var run = await new RunPurchaseCycle(database).ExecuteAsync(body.AsOf, options, save: true, progress, ct);
            return new CycleRunResult(run.Version, run.AsOf, run.Customers.Count, run.BtydModel,
                run.Counts.ToDictionary(c => PurchaseCycles.Name(c.Status), c => c.Customers, StringComparer.Ordinal));
        }));
    }

    static async Task<Results<Ok<CycleRunView>, ValidationProblem, ProblemHttpResult>> GetLatest(ValoraDbContext db, ClaimsPrincipal user, CancellationToken ct,
        bool overdueOnly = true, int top = 50, int skip = 0)
    {
        if (top is < 1 or > CycleView.MaxTop)
        {
            return Problems.BadInput(nameof(top), string.Create(CultureInfo.InvariantCulture, $"top must be between 1 and {CycleView.MaxTop} but was {top}."));
        }
        if (skip < 0)
        {
            return Problems.BadInput(nameof(skip), string.Create(CultureInfo.InvariantCulture, $"skip must be ≥ 0 but was {skip}."));
        }
        var view = await CycleView.LoadAsync(db, overdueOnly, top, skip, ct);
        return view is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No purchase cycles yet",
                detail: "The customers' purchase cycles have not been computed: POST /api/cycle/run, then follow the job (or run `valora cycle`).")
            : TypedResults.Ok(view.MaskFor(user));
    }
}

/// <summary>Purchase-cycle request; every field optional (as-of: the latest purchase day, k 1, windowDays 30).</summary>
public sealed record CycleRunBody(DateOnly? AsOf = null, double? K = null, int? WindowDays = null);

/// <summary>What a purchase-cycle job produced: customers per status.</summary>
public sealed record CycleRunResult(string Version, DateOnly AsOf, int Customers, string? BtydModel, IReadOnlyDictionary<string, int> Statuses);
