using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Valora.Domain.Tickets;

namespace Valora.Data.Tickets;

/// <summary>How a ticket stands against its targets; <see cref="Status"/> is <c>breached</c> when either target is,
/// else <c>pending</c> while one is still running, else <c>met</c>.</summary>
public sealed record TicketSla(string Status, SlaClock FirstResponse, SlaClock Resolution);

/// <summary>One step of a ticket's history.</summary>
public sealed record TicketEventView(DateTime At, string Actor, string Kind, string? From, string? To, string? Note);

/// <summary>A ticket with its assignee and first response (from its history), its SLA clocks and the statuses it may move to.</summary>
public sealed record TicketView(
    long Id, string ExternalId, long CustomerId, string Kind, string Priority, string Status, string? Subject, string? Text,
    DateTime OpenedAt, DateTime? ResolvedAt, string? Assignee, DateTime? FirstResponseAt, TicketSla Sla, IReadOnlyList<string> NextStatuses);

/// <summary>A ticket and its whole history, oldest first.</summary>
public sealed record TicketDetail(TicketView Ticket, IReadOnlyList<TicketEventView> History);

/// <summary>Which tickets a list shows; every filter given must hold.</summary>
public sealed record TicketFilter(
    TicketStatus? Status = null, TicketPriority? Priority = null, TicketKind? Kind = null, string? Assignee = null, long? CustomerId = null, bool OpenOnly = false);

/// <summary>Query: tickets newest first with their SLA status, and one ticket with its history.</summary>
public static class TicketQueries
{
    public const int MaxLimit = 500;

    public static async Task<IReadOnlyList<TicketView>> ListAsync(
        ValoraDbContext db, TicketFilter filter, SlaTargets targets, DateTime nowUtc, int limit, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxLimit);
        var tickets = db.Tickets.AsNoTracking();
        if (filter.Status is { } status)
        {
            tickets = tickets.Where(t => t.Status == status);
        }
        if (filter.OpenOnly)
        {
            tickets = tickets.Where(t => t.Status == TicketStatus.Open || t.Status == TicketStatus.InProgress);
        }
        if (filter.Priority is { } priority)
        {
            tickets = tickets.Where(t => t.Priority == priority);
        }
        if (filter.Kind is { } kind)
        {
            tickets = tickets.Where(t => t.Kind == kind);
        }
        if (filter.CustomerId is { } customer)
        {
            tickets = tickets.Where(t => t.CustomerId == customer);
        }
        if (!string.IsNullOrWhiteSpace(filter.Assignee))
        {
            var assignee = filter.Assignee.Trim();
            tickets = tickets.Where(t => db.TicketEvents.Where(e => e.TicketId == t.Id && e.Kind == TicketEventKind.Assigned)
                .OrderByDescending(e => e.Id).Select(e => e.To).FirstOrDefault() == assignee);
        }
        var page = await tickets.OrderByDescending(t => t.OpenedAt).ThenByDescending(t => t.Id).Take(limit).ToListAsync(ct);
        var ids = page.Select(t => t.Id).ToList();
        var events = (await db.TicketEvents.AsNoTracking().Where(e => ids.Contains(e.TicketId)).ToListAsync(ct))
            .ToLookup(e => e.TicketId);
        return [.. page.Select(t => View(t, events[t.Id], targets, nowUtc))];
    }

    public static async Task<TicketDetail?> OneAsync(ValoraDbContext db, long id, SlaTargets targets, DateTime nowUtc, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var ticket = await db.Tickets.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id, ct);
        if (ticket is null)
        {
            return null;
        }
        var events = await db.TicketEvents.AsNoTracking().Where(e => e.TicketId == id).OrderBy(e => e.At).ThenBy(e => e.Id).ToListAsync(ct);
        return new TicketDetail(View(ticket, events, targets, nowUtc),
            [.. events.Select(e => new TicketEventView(e.At, e.Actor, Camel(e.Kind.ToString()), e.From, e.To, e.Note))]);
    }

    /// <summary>
    /// The ticket as the API shows it. Its assignee is the last assignment in the history; its first response is the
    /// earliest response logged or move out of <c>open</c>, whichever came first.
    /// </summary>
    public static TicketView View(Ticket t, IEnumerable<TicketEvent> history, SlaTargets targets, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(targets);
        var events = history.OrderBy(e => e.At).ThenBy(e => e.Id).ToList();
        var assignee = events.LastOrDefault(e => e.Kind == TicketEventKind.Assigned)?.To;
        var open = TicketFlow.Name(TicketStatus.Open);
        var firstResponse = events
            .Where(e => e.Kind == TicketEventKind.Response || (e.Kind == TicketEventKind.Status && e.From == open))
            .Select(e => (DateTime?)e.At).FirstOrDefault();
        var target = targets.For(t.Priority);
        var answered = t.Status != TicketStatus.Open;
        var done = t.Status is TicketStatus.Resolved or TicketStatus.Closed;
        var response = SlaClock.Of(t.OpenedAt, target.FirstResponse, firstResponse, canBeUnknown: firstResponse is null && answered, nowUtc);
        var resolution = SlaClock.Of(t.OpenedAt, target.Resolution, t.ResolvedAt, canBeUnknown: t.ResolvedAt is null && done, nowUtc);
        var states = new[] { response.State, resolution.State };
        var sla = new TicketSla(states.Contains("breached") ? "breached" : states.Contains("pending") ? "pending" : "met", response, resolution);
        return new TicketView(t.Id, t.ExternalId, t.CustomerId, Camel(t.Kind.ToString()), Camel(t.Priority.ToString()), TicketFlow.Name(t.Status),
            t.Subject, t.Text, t.OpenedAt, t.ResolvedAt, assignee, firstResponse, sla, [.. TicketFlow.From(t.Status).Select(TicketFlow.Name)]);
    }

    static string Camel(string name) => JsonNamingPolicy.CamelCase.ConvertName(name);
}
