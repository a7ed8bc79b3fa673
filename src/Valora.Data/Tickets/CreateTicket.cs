using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Valora.Data.Interactions;
using Valora.Data.Records;
using Valora.Domain.Tickets;

namespace Valora.Data.Tickets;

/// <summary>
/// Use case: open a ticket for a customer now, with an <c>opened</c> event (and an assignment when an assignee is
/// given) in its history; optionally under an idempotency key.
/// </summary>
public static class CreateTicket
{
    public const string Scope = "tickets.create";

    public static async Task<WriteOutcome<TicketView>> RunAsync(
        ValoraDbContext db, TicketInput input, string? idempotencyKey, string actor, SlaTargets targets, DateTime nowUtc, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(targets);
        var errors = new RecordErrors();
        if (idempotencyKey is not null && Idempotency.Check(idempotencyKey) is { } bad)
        {
            errors.Add("Idempotency-Key", bad);
        }
        if (input.CustomerId is null)
        {
            errors.Add("customerId", "is required.");
        }
        var kind = InteractionInput.Choice<TicketKind>(errors, "kind", input.Kind, required: true);
        var priority = TicketNames.Priority(errors, input.Priority, required: false);
        var subject = errors.Text("subject", input.Subject, 200, required: true);
        var text = errors.Text("text", input.Text, InteractionInput.MaxText);
        var assignee = errors.Text("assignee", input.Assignee, 100);
        var externalId = errors.Text("externalId", input.ExternalId, 100);
        errors.ThrowIfAny();
        var valid = input with { Kind = kind.ToString(), Priority = priority.ToString(), Subject = subject, Text = text, Assignee = assignee, ExternalId = externalId };
        var hash = Idempotency.Hash(valid);
        if (idempotencyKey is not null && Idempotency.Replay<TicketView>(await Idempotency.FindAsync(db, Scope, idempotencyKey, ct), hash) is { } earlier)
        {
            return earlier;
        }
        var customerId = input.CustomerId!.Value;
        if (!await db.Customers.AnyAsync(c => c.Id == customerId, ct))
        {
            return WriteOutcome<TicketView>.Refused(WriteStatus.NotFound, $"There is no customer with id {customerId}.");
        }
        var external = externalId ?? "api-" + Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture);
        if (await db.Tickets.AnyAsync(t => t.ExternalId == external, ct))
        {
            return WriteOutcome<TicketView>.Refused(WriteStatus.Conflict, $"A ticket with external id '{external}' already exists.");
        }
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var ticket = new Ticket
        {
            ExternalId = external, CustomerId = customerId, Kind = kind, Priority = priority, Status = TicketStatus.Open,
            Subject = subject, Text = text, OpenedAt = nowUtc,
        };
        db.Tickets.Add(ticket);
        try
        {
            await db.SaveChangesAsync(ct);
            var events = new List<TicketEvent>
            {
                new() { TicketId = ticket.Id, At = nowUtc, Actor = actor, Kind = TicketEventKind.Opened, To = TicketFlow.Name(TicketStatus.Open) },
            };
            if (assignee is not null)
            {
                events.Add(new() { TicketId = ticket.Id, At = nowUtc, Actor = actor, Kind = TicketEventKind.Assigned, To = assignee });
            }
            db.TicketEvents.AddRange(events);
            await db.SaveChangesAsync(ct);
            var view = TicketQueries.View(ticket, events, targets, nowUtc);
            if (idempotencyKey is not null)
            {
                Idempotency.Record(db, Scope, idempotencyKey, hash, ticket.Id, view, nowUtc);
                await db.SaveChangesAsync(ct);
            }
            await transaction.CommitAsync(ct);
            return WriteOutcome<TicketView>.Done(view);
        }
        catch (DbUpdateException)
        {
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            if (idempotencyKey is not null && Idempotency.Replay<TicketView>(await Idempotency.FindAsync(db, Scope, idempotencyKey, ct), hash) is { } raced)
            {
                return raced;
            }
            if (await db.Tickets.AnyAsync(t => t.ExternalId == external, ct))
            {
                return WriteOutcome<TicketView>.Refused(WriteStatus.Conflict, $"A ticket with external id '{external}' already exists.");
            }
            throw;
        }
    }
}
