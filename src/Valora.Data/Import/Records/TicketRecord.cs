using Valora.Domain.Tickets;

namespace Valora.Data.Import.Records;

public sealed record TicketRecord(string ExternalId, string CustomerExternalId, DateTime OpenedAt)
{
    public TicketKind Kind { get; init; }
    public TicketPriority Priority { get; init; } = TicketPriority.Normal;
    public TicketStatus Status { get; init; }
    public string? Subject { get; init; }
    public string? Text { get; init; }
    public DateTime? ResolvedAt { get; init; }
}
