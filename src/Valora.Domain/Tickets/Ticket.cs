namespace Valora.Domain.Tickets;

public sealed class Ticket
{
    public long Id { get; set; }
    public required string ExternalId { get; set; }
    public long CustomerId { get; set; }
    public TicketKind Kind { get; set; }
    public TicketPriority Priority { get; set; } = TicketPriority.Normal;
    public TicketStatus Status { get; set; }
    public string? Subject { get; set; }
    public string? Text { get; set; }
    /// <summary>UTC.</summary>
    public DateTime OpenedAt { get; set; }
    /// <summary>UTC; null while unresolved.</summary>
    public DateTime? ResolvedAt { get; set; }
}
