using Microsoft.EntityFrameworkCore;
using Valora.Data.Interactions;
using Valora.Data.Records;
using Valora.Domain.Tickets;

namespace Valora.Data.Tickets;

/// <summary>
/// Use cases: change a ticket's status (along <see cref="TicketFlow"/>; another move is a conflict naming from → to
/// and the allowed moves), priority or assignee, with a note; and log a response to the customer. Every change is one
/// history event; resolving stamps the resolution time, reopening clears it. The ticket row is locked while it changes.
/// </summary>
public static class ChangeTicket
{
    public static async Task<WriteOutcome<TicketDetail>> ChangeAsync(
        ValoraDbContext db, long id, TicketChange change, string actor, SlaTargets targets, DateTime nowUtc, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(change);
        var errors = new RecordErrors();
        TicketStatus? status = change.Status is null ? null : TicketNames.Status(errors, change.Status);
        TicketPriority? priority = change.Priority is null ? null : TicketNames.Priority(errors, change.Priority, required: true);
        var assignee = errors.Text("assignee", change.Assignee, 100);
        var note = errors.Text("note", change.Note, InteractionInput.MaxText);
        if (change.Status is null && change.Priority is null && change.Assignee is null && note is null && !errors.Any)
        {
            errors.Add("body", "name at least one of status, priority, assignee or note.");
        }
        errors.ThrowIfAny();

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var ticket = await LockAsync(db, id, ct);
        if (ticket is null)
        {
            return WriteOutcome<TicketDetail>.Refused(WriteStatus.NotFound, $"There is no ticket with id {id}.");
        }
        if (status is { } to && !TicketFlow.Allows(ticket.Status, to))
        {
            var allowed = TicketFlow.From(ticket.Status);
            return WriteOutcome<TicketDetail>.Refused(WriteStatus.Conflict,
                $"A ticket cannot move from {TicketFlow.Name(ticket.Status)} to {TicketFlow.Name(to)}; from {TicketFlow.Name(ticket.Status)} it can move to "
                + (allowed.Count == 0 ? "nothing (it is final)." : string.Join(" or ", allowed.Select(TicketFlow.Name)) + "."));
        }
        var events = new List<TicketEvent>();
        TicketEvent Event(TicketEventKind kind, string? from, string? to2) =>
            new() { TicketId = id, At = nowUtc, Actor = actor, Kind = kind, From = from, To = to2 };
        if (status is { } next && next != ticket.Status)
        {
            events.Add(Event(TicketEventKind.Status, TicketFlow.Name(ticket.Status), TicketFlow.Name(next)));
            ticket.ResolvedAt = next switch
            {
                TicketStatus.Resolved => nowUtc,
                TicketStatus.Closed => ticket.ResolvedAt ?? nowUtc,
                _ => null,
            };
            ticket.Status = next;
        }
        if (priority is { } p && p != ticket.Priority)
        {
            events.Add(Event(TicketEventKind.Priority, Name(ticket.Priority), Name(p)));
            ticket.Priority = p;
        }
        if (change.Assignee is not null)
        {
            var current = await db.TicketEvents.Where(e => e.TicketId == id && e.Kind == TicketEventKind.Assigned)
                .OrderByDescending(e => e.Id).Select(e => e.To).FirstOrDefaultAsync(ct);
            if (!string.Equals(current, assignee, StringComparison.Ordinal))
            {
                events.Add(Event(TicketEventKind.Assigned, current, assignee));
            }
        }
        if (note is not null)
        {
            if (events.Count > 0)
            {
                events[^1].Note = note;
            }
            else
            {
                events.Add(new TicketEvent { TicketId = id, At = nowUtc, Actor = actor, Kind = TicketEventKind.Note, Note = note });
            }
        }
        db.TicketEvents.AddRange(events);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return WriteOutcome<TicketDetail>.Done((await TicketQueries.OneAsync(db, id, targets, nowUtc, ct))!);
    }

    public static async Task<WriteOutcome<TicketDetail>> RespondAsync(
        ValoraDbContext db, long id, TicketResponse response, string actor, SlaTargets targets, DateTime nowUtc, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(response);
        var errors = new RecordErrors();
        var text = errors.Text("text", response.Text, InteractionInput.MaxText, required: true);
        errors.ThrowIfAny();
        var ticket = await db.Tickets.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id, ct);
        if (ticket is null)
        {
            return WriteOutcome<TicketDetail>.Refused(WriteStatus.NotFound, $"There is no ticket with id {id}.");
        }
        if (ticket.Status == TicketStatus.Closed)
        {
            return WriteOutcome<TicketDetail>.Refused(WriteStatus.Conflict, "The ticket is closed; a closed ticket takes no more responses.");
        }
        db.TicketEvents.Add(new TicketEvent { TicketId = id, At = nowUtc, Actor = actor, Kind = TicketEventKind.Response, Note = text });
        await db.SaveChangesAsync(ct);
        return WriteOutcome<TicketDetail>.Done((await TicketQueries.OneAsync(db, id, targets, nowUtc, ct))!);
    }

    static string Name(TicketPriority p) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(p.ToString());

    static async Task<Ticket?> LockAsync(ValoraDbContext db, long id, CancellationToken ct) =>
        db.Provider == DatabaseProvider.Postgres
            ? await db.Tickets.FromSql($"SELECT * FROM \"Tickets\" WHERE \"Id\" = {id} FOR UPDATE").SingleOrDefaultAsync(ct)
            : await db.Tickets.SingleOrDefaultAsync(t => t.Id == id, ct);
}
