using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Valora.Data;
using Valora.Data.Interactions;
using Valora.Data.Records;
using Valora.Data.Tickets;
using Valora.Domain.Tickets;

namespace Valora.Server.Api;

/// <summary>
/// Service tickets: open one, change its status (along the flow), priority or assignee, log responses; each change is
/// kept in its history. SLA targets per priority (configurable) give every ticket its first-response and resolution
/// clocks and breaches.
/// </summary>
public static class TicketsApi
{
    public static RouteGroupBuilder MapTicketsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/tickets").WithTags("Tickets");
        group.MapPost("/", Create)
            .WithName("CreateTicket")
            .WithSummary("Open a ticket for a customer (Idempotency-Key optional)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/", List)
            .WithName("GetTickets")
            .WithSummary("Tickets, newest first, with assignee, first response and SLA status, by status, priority, kind, assignee or customer")
            .ProducesValidationProblem();
        group.MapGet("/sla", Sla)
            .WithName("GetSlaTargets")
            .WithSummary("The SLA targets per priority, in hours");
        group.MapGet("/{id:long}", Get)
            .WithName("GetTicket")
            .WithSummary("One ticket with its history and SLA clocks")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPatch("/{id:long}", Change)
            .WithName("ChangeTicket")
            .WithSummary("Change status (open → inProgress/resolved, inProgress → open/resolved, resolved → closed/inProgress), priority or assignee, with a note")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id:long}/responses", Respond)
            .WithName("RespondToTicket")
            .WithSummary("Log a response to the customer (the first one stops the first-response clock)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return group;
    }

    /// <summary>The SLA targets of one priority, in hours.</summary>
    public sealed record SlaTargetView(string Priority, double FirstResponseHours, double ResolutionHours);

    static async Task<Results<Created<TicketView>, ValidationProblem, ProblemHttpResult>> Create(
        TicketInput ticket, ValoraDbContext db, TimeProvider time, IOptions<SlaTargets> sla, ClaimsPrincipal user, CancellationToken ct,
        [FromHeader(Name = "Idempotency-Key"), Description("A key of your choice (1–200 visible ASCII characters) that makes a retry safe.")]
        string? idempotencyKey = null)
    {
        try
        {
            var outcome = await CreateTicket.RunAsync(db, ticket, idempotencyKey, Actor(user), sla.Value, time.GetUtcNow().UtcDateTime, ct);
            return outcome.Value is { } created
                ? TypedResults.Created($"/api/tickets/{created.Id}", created)
                : RecordProblems.Refused(outcome, "Customer");
        }
        catch (RecordValidationException ex)
        {
            return RecordProblems.Invalid(ex);
        }
    }

    static async Task<Results<Ok<IReadOnlyList<TicketView>>, ValidationProblem>> List(
        ValoraDbContext db, TimeProvider time, IOptions<SlaTargets> sla, CancellationToken ct,
        [Description("open, inProgress, resolved or closed.")] string? status = null,
        [Description("Only open and in-progress tickets.")] bool openOnly = false,
        [Description("low, normal, high or urgent.")] string? priority = null,
        [Description("inquiry, complaint or feedback.")] string? kind = null,
        [Description("Only tickets assigned to this person."), StringLength(100)] string? assignee = null,
        [Description("Only this customer's tickets.")] long? customerId = null,
        [Description("At most this many, 1 to 500 (default 100)."), Range(1, TicketQueries.MaxLimit)] int limit = 100)
    {
        var errors = new RecordErrors();
        TicketStatus? s = status is null ? null : InteractionInput.Choice<TicketStatus>(errors, "status", status, required: true);
        TicketPriority? p = priority is null ? null : InteractionInput.Choice<TicketPriority>(errors, "priority", priority, required: true);
        TicketKind? k = kind is null ? null : InteractionInput.Choice<TicketKind>(errors, "kind", kind, required: true);
        try
        {
            errors.ThrowIfAny();
        }
        catch (RecordValidationException ex)
        {
            return RecordProblems.Invalid(ex);
        }
        return TypedResults.Ok(await TicketQueries.ListAsync(db, new TicketFilter(s, p, k, assignee, customerId, openOnly), sla.Value,
            time.GetUtcNow().UtcDateTime, limit, ct));
    }

    static Ok<SlaTargetView[]> Sla(IOptions<SlaTargets> sla) =>
        TypedResults.Ok(Enum.GetValues<TicketPriority>().Reverse()
            .Select(p => new SlaTargetView(System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(p.ToString()),
                sla.Value.For(p).FirstResponse.TotalHours, sla.Value.For(p).Resolution.TotalHours))
            .ToArray());

    static async Task<Results<Ok<TicketDetail>, ProblemHttpResult>> Get(
        long id, ValoraDbContext db, TimeProvider time, IOptions<SlaTargets> sla, CancellationToken ct) =>
        await TicketQueries.OneAsync(db, id, sla.Value, time.GetUtcNow().UtcDateTime, ct) is { } ticket
            ? TypedResults.Ok(ticket)
            : RecordProblems.NotFound("Ticket", id);

    static async Task<Results<Ok<TicketDetail>, ValidationProblem, ProblemHttpResult>> Change(
        long id, TicketChange change, ValoraDbContext db, TimeProvider time, IOptions<SlaTargets> sla, ClaimsPrincipal user, CancellationToken ct) =>
        await WriteAsync(() => ChangeTicket.ChangeAsync(db, id, change, Actor(user), sla.Value, time.GetUtcNow().UtcDateTime, ct));

    static async Task<Results<Ok<TicketDetail>, ValidationProblem, ProblemHttpResult>> Respond(
        long id, TicketResponse response, ValoraDbContext db, TimeProvider time, IOptions<SlaTargets> sla, ClaimsPrincipal user, CancellationToken ct) =>
        await WriteAsync(() => ChangeTicket.RespondAsync(db, id, response, Actor(user), sla.Value, time.GetUtcNow().UtcDateTime, ct));

    static async Task<Results<Ok<TicketDetail>, ValidationProblem, ProblemHttpResult>> WriteAsync(Func<Task<WriteOutcome<TicketDetail>>> write)
    {
        try
        {
            var outcome = await write();
            return outcome.Value is { } ticket ? TypedResults.Ok(ticket) : RecordProblems.Refused(outcome, "Ticket");
        }
        catch (RecordValidationException ex)
        {
            return RecordProblems.Invalid(ex);
        }
    }

    static string Actor(ClaimsPrincipal user) => user.Identity?.Name ?? "unknown";
}
