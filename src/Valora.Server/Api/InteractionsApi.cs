using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Valora.Data;
using Valora.Data.Interactions;
using Valora.Data.Records;
using Valora.Domain.Interactions;

namespace Valora.Server.Api;

/// <summary>
/// Interactions and follow-ups: log an e-mail, call, SMS, chat, meeting or visit; a customer's timeline; follow-up
/// tasks with owner and due date, the overdue list, and suggested follow-ups (open complaints, high churn risk).
/// </summary>
public static class InteractionsApi
{
    public static RouteGroupBuilder MapInteractionsApi(this IEndpointRouteBuilder app)
    {
        var customers = app.MapGroup("/customers").WithTags("Interactions");
        customers.MapPost("/{id:long}/interactions", Log)
            .WithName("LogInteraction")
            .WithSummary("Log an interaction with a customer; with an Idempotency-Key, a repeat returns the first result (another body: 409)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        customers.MapGet("/{id:long}/interactions", Timeline)
            .WithName("GetInteractionTimeline")
            .WithSummary("A customer's interactions, newest first, and their follow-up tasks")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        var followUps = app.MapGroup("/followups").WithTags("Interactions");
        followUps.MapPost("/", CreateFollowUp)
            .WithName("CreateFollowUp")
            .WithSummary("Create a follow-up task for a customer with owner and due date (Idempotency-Key optional)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        followUps.MapPatch("/{id:long}", ChangeFollowUp)
            .WithName("ChangeFollowUp")
            .WithSummary("Change a follow-up's title, owner or due date, or close it (status done or cancelled) or reopen it")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        followUps.MapGet("/", ListFollowUps)
            .WithName("GetFollowUps")
            .WithSummary("Follow-up tasks, soonest due first, by owner, status, customer; overdue=true for open ones past due")
            .ProducesValidationProblem();
        followUps.MapGet("/suggested", Suggested)
            .WithName("GetSuggestedFollowUps")
            .WithSummary("Customers with an open complaint or a high churn tier (latest churn run) and no open follow-up")
            .ProducesValidationProblem();
        return customers;
    }

    static async Task<Results<Created<InteractionView>, ValidationProblem, ProblemHttpResult>> Log(
        long id, InteractionInput interaction, ValoraDbContext db, TimeProvider time, HttpResponse response, CancellationToken ct,
        [FromHeader(Name = "Idempotency-Key"), Description("A key of your choice (1–200 visible ASCII characters) that makes a retry safe.")]
        string? idempotencyKey = null)
    {
        try
        {
            var outcome = await LogInteraction.RunAsync(db, id, interaction, idempotencyKey, time.GetUtcNow().UtcDateTime, ct);
            if (outcome.Value is not { } logged)
            {
                return RecordProblems.Refused(outcome, "Customer");
            }
            Replayed(response, outcome);
            return TypedResults.Created($"/api/customers/{id}/interactions", logged);
        }
        catch (RecordValidationException ex)
        {
            return RecordProblems.Invalid(ex);
        }
    }

    static async Task<Results<Ok<InteractionTimeline>, ProblemHttpResult>> Timeline(
        long id, ValoraDbContext db, TimeProvider time, CancellationToken ct,
        [Description("Most recent interactions returned, 1 to 500 (default 100)."), Range(1, InteractionTimeline.MaxLimit)] int limit = 100)
    {
        var timeline = await InteractionTimeline.LoadAsync(db, id, limit, Today(time), ct);
        return timeline is null ? RecordProblems.NotFound("Customer", id) : TypedResults.Ok(timeline);
    }

    static async Task<Results<Created<FollowUpView>, ValidationProblem, ProblemHttpResult>> CreateFollowUp(
        FollowUpInput followUp, ValoraDbContext db, TimeProvider time, HttpResponse response, CancellationToken ct,
        [FromHeader(Name = "Idempotency-Key"), Description("A key of your choice (1–200 visible ASCII characters) that makes a retry safe.")]
        string? idempotencyKey = null)
    {
        try
        {
            var outcome = await FollowUps.CreateAsync(db, followUp, idempotencyKey, time.GetUtcNow().UtcDateTime, ct);
            if (outcome.Value is not { } created)
            {
                return RecordProblems.Refused(outcome, "Customer");
            }
            Replayed(response, outcome);
            return TypedResults.Created($"/api/followups/{created.Id}", created);
        }
        catch (RecordValidationException ex)
        {
            return RecordProblems.Invalid(ex);
        }
    }

    static async Task<Results<Ok<FollowUpView>, ValidationProblem, ProblemHttpResult>> ChangeFollowUp(
        long id, FollowUpChange change, ValoraDbContext db, TimeProvider time, CancellationToken ct)
    {
        try
        {
            var outcome = await FollowUps.ChangeAsync(db, id, change, time.GetUtcNow().UtcDateTime, ct);
            return outcome.Value is { } changed ? TypedResults.Ok(changed) : RecordProblems.Refused(outcome, "Follow-up task");
        }
        catch (RecordValidationException ex)
        {
            return RecordProblems.Invalid(ex);
        }
    }

    static async Task<Results<Ok<IReadOnlyList<FollowUpView>>, ValidationProblem>> ListFollowUps(
        ValoraDbContext db, TimeProvider time, CancellationToken ct,
        [Description("Only this owner's tasks."), StringLength(100)] string? owner = null,
        [Description("open, done or cancelled.")] string? status = null,
        [Description("Only open tasks due before today.")] bool overdue = false,
        [Description("Only this customer's tasks.")] long? customerId = null,
        [Description("At most this many, 1 to 500 (default 100)."), Range(1, FollowUpList.MaxLimit)] int limit = 100)
    {
        FollowUpStatus? parsed = null;
        if (status is not null)
        {
            var errors = new RecordErrors();
            parsed = InteractionInput.Choice<FollowUpStatus>(errors, "status", status, required: true);
            if (errors.Any)
            {
                return Problems.BadInput("status", "must be one of open, done, cancelled.");
            }
        }
        return TypedResults.Ok(await FollowUpList.LoadAsync(db, new FollowUpFilter(owner, parsed, overdue, customerId), Today(time), limit, ct));
    }

    static async Task<Ok<SuggestedFollowUps.Result>> Suggested(
        ValoraDbContext db, TimeProvider time, CancellationToken ct,
        [Description("At most this many, 1 to 500 (default 50)."), Range(1, SuggestedFollowUps.MaxLimit)] int limit = 50) =>
        TypedResults.Ok(await SuggestedFollowUps.LoadAsync(db, Today(time), limit, ct));

    static DateOnly Today(TimeProvider time) => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    static void Replayed<T>(HttpResponse response, WriteOutcome<T> outcome)
        where T : class
    {
        if (outcome.Status == WriteStatus.Replayed)
        {
            response.Headers["Idempotent-Replayed"] = "true";
        }
    }
}
