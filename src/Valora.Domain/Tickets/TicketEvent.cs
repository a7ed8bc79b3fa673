namespace Valora.Domain.Tickets;

/// <summary>
/// One step in a ticket's history: opened, a status, priority or assignee change (from → to), a response to the
/// customer, or a note. The history is append-only; the ticket's assignee and first response are read from it.
/// </summary>
public sealed class TicketEvent
{
    public long Id { get; set; }
    public long TicketId { get; set; }

    /// <summary>UTC.</summary>
    public DateTime At { get; set; }

    /// <summary>The signed-in user or API key that made the change.</summary>
    public required string Actor { get; set; }

    public TicketEventKind Kind { get; set; }

    /// <summary>The value before the change (status, priority or assignee); null for none.</summary>
    public string? From { get; set; }

    /// <summary>The value after the change; null for none (an assignee removed).</summary>
    public string? To { get; set; }

    /// <summary>The response text or note.</summary>
    public string? Note { get; set; }
}
