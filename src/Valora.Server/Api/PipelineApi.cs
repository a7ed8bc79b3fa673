using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Valora.Analytics.Pipeline;
using Valora.Data;
using Valora.Data.Interactions;
using Valora.Data.Pipeline;
using Valora.Data.Records;
using Valora.Domain.Pipeline;
using Valora.Domain.Security;
using Valora.Server.Security;

namespace Valora.Server.Api;

/// <summary>
/// The sales pipeline: opportunities (deals) with their stage, amount, probability, expected close and owner, each
/// change kept in its history; the configured stages; and the pipeline report — weighted forecast by month or quarter,
/// win rate, cycle length, per-owner totals and stale deals, as the pipeline stood on any past day.
/// </summary>
public static class PipelineApi
{
    public static IEndpointRouteBuilder MapPipelineApi(this IEndpointRouteBuilder app)
    {
        var deals = app.MapGroup("/opportunities").WithTags("Pipeline");
        deals.MapPost("/", Create)
            .WithName("CreateOpportunity")
            .WithSummary("Open a deal for a customer; the probability defaults to the stage's (Idempotency-Key optional)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        deals.MapGet("/", List)
            .WithName("GetOpportunities")
            .WithSummary("Deals, soonest expected close first, with weighted amount and days since their last activity, by stage, owner or customer")
            .ProducesValidationProblem();
        deals.MapGet("/{id:long}", Get)
            .WithName("GetOpportunity")
            .WithSummary("One deal with its history")
            .ProducesProblem(StatusCodes.Status404NotFound);
        deals.MapPatch("/{id:long}", Change)
            .WithName("ChangeOpportunity")
            .WithSummary("Move a deal to another stage (its probability becomes the stage's unless given), change amount, probability, expected close or owner (\"\" unassigns), or log a note")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        var pipeline = app.MapGroup("/pipeline").WithTags("Pipeline");
        pipeline.MapGet("/stages", Stages)
            .WithName("GetPipelineStages")
            .WithSummary("The stages in board order with their labels and default probabilities (Valora:Pipeline:Stages)");
        pipeline.MapGet("/report", Report)
            .WithName("GetPipelineReport")
            .WithSummary("The pipeline at the end of a day: open and weighted amount per stage and per expected-close month or quarter, win rate and cycle length over a window, owners, stale deals")
            .ProducesValidationProblem();
        return app;
    }

    /// <summary>One stage: its API name, label, default probability and whether it closes a deal.</summary>
    public sealed record StageView(string Stage, string Label, double Probability, bool Closed);

    static async Task<Results<Created<OpportunityView>, ValidationProblem, ProblemHttpResult>> Create(
        OpportunityInput opportunity, ValoraDbContext db, TimeProvider time, IOptions<PipelineStages> stages, ClaimsPrincipal user, CancellationToken ct,
        [FromHeader(Name = "Idempotency-Key"), Description("A key of your choice (1–200 visible ASCII characters) that makes a retry safe.")]
        string? idempotencyKey = null)
    {
        try
        {
            var outcome = await SaveOpportunity.CreateAsync(db, opportunity, idempotencyKey, Actor(user), stages.Value, time.GetUtcNow().UtcDateTime, ct);
            return outcome.Value is { } created
                ? TypedResults.Created($"/api/opportunities/{created.Id}", created.MaskFor(user))
                : RecordProblems.Refused(outcome, "Customer");
        }
        catch (RecordValidationException ex)
        {
            return RecordProblems.Invalid(ex);
        }
    }

    static async Task<Results<Ok<IReadOnlyList<OpportunityView>>, ValidationProblem>> List(
        ValoraDbContext db, TimeProvider time, IOptions<PipelineStages> stages, ClaimsPrincipal user, CancellationToken ct,
        [Description("prospecting, qualification, proposal, negotiation, won or lost.")] string? stage = null,
        [Description("Only deals not yet won or lost.")] bool openOnly = false,
        [Description("Only this person's deals."), StringLength(100)] string? owner = null,
        [Description("Only this customer's deals.")] long? customerId = null,
        [Description("At most this many, 1 to 1000 (default 200)."), Range(1, OpportunityQueries.MaxLimit)] int limit = 200)
    {
        var errors = new RecordErrors();
        OpportunityStage? s = stage is null ? null : InteractionInput.Choice<OpportunityStage>(errors, "stage", stage, required: true);
        try
        {
            errors.ThrowIfAny();
        }
        catch (RecordValidationException ex)
        {
            return RecordProblems.Invalid(ex);
        }
        var list = await OpportunityQueries.ListAsync(db, new OpportunityFilter(s, owner, customerId, openOnly), stages.Value, time.GetUtcNow().UtcDateTime, limit, ct);
        return TypedResults.Ok<IReadOnlyList<OpportunityView>>([.. list.Select(o => o.MaskFor(user))]);
    }

    static async Task<Results<Ok<OpportunityDetail>, ProblemHttpResult>> Get(
        long id, ValoraDbContext db, TimeProvider time, IOptions<PipelineStages> stages, ClaimsPrincipal user, CancellationToken ct) =>
        await OpportunityQueries.OneAsync(db, id, stages.Value, time.GetUtcNow().UtcDateTime, ct) is { } deal
            ? TypedResults.Ok(deal with { Opportunity = deal.Opportunity.MaskFor(user) })
            : RecordProblems.NotFound("Opportunity", id);

    static async Task<Results<Ok<OpportunityDetail>, ValidationProblem, ProblemHttpResult>> Change(
        long id, OpportunityChange change, ValoraDbContext db, TimeProvider time, IOptions<PipelineStages> stages, ClaimsPrincipal user, CancellationToken ct)
    {
        try
        {
            var outcome = await SaveOpportunity.ChangeAsync(db, id, change, Actor(user), stages.Value, time.GetUtcNow().UtcDateTime, ct);
            return outcome.Value is { } deal
                ? TypedResults.Ok(deal with { Opportunity = deal.Opportunity.MaskFor(user) })
                : RecordProblems.Refused(outcome, "Opportunity");
        }
        catch (RecordValidationException ex)
        {
            return RecordProblems.Invalid(ex);
        }
    }

    static Ok<StageView[]> Stages(IOptions<PipelineStages> stages) =>
        TypedResults.Ok(PipelineStages.Order
            .Select(s => new StageView(PipelineStages.Name(s), stages.Value.For(s).Label ?? s.ToString(), stages.Value.For(s).Probability, PipelineStages.IsClosed(s)))
            .ToArray());

    static async Task<Results<Ok<PipelineSummary>, ValidationProblem>> Report(
        ValoraDbContext db, TimeProvider time, IOptions<PipelineStages> stages, CancellationToken ct,
        [Description("The day the pipeline is reported at the end of (default: the latest day with pipeline activity).")] DateOnly? asOf = null,
        [Description("month (default) or quarter.")] string? period = null,
        [Description("An open deal with no activity in more than this many days is stale (default 30)."), Range(1, PipelineReportOptions.MaxDays)] int staleDays = 30,
        [Description("Win rate and cycle length count deals closed in this many days up to the as-of day (default 365)."), Range(1, PipelineReportOptions.MaxDays)] int windowDays = 365)
    {
        var errors = new RecordErrors();
        var p = period is null ? ForecastPeriod.Month : InteractionInput.Choice<ForecastPeriod>(errors, "period", period, required: true);
        try
        {
            errors.ThrowIfAny();
        }
        catch (RecordValidationException ex)
        {
            return RecordProblems.Invalid(ex);
        }
        var day = asOf ?? await PipelineReport.DefaultAsOfAsync(db, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime), ct);
        return TypedResults.Ok(await PipelineReport.RunAsync(db, stages.Value, new PipelineReportOptions(day, p, staleDays, windowDays), ct));
    }

    static OpportunityView MaskFor(this OpportunityView o, ClaimsPrincipal user) =>
        user.MaySeePersonalData() ? o : o with { CustomerName = PersonalData.MaskName(o.CustomerName) };

    static string Actor(ClaimsPrincipal user) => user.Identity?.Name ?? "unknown";
}
