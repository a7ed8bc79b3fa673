using Valora.Domain.Interactions;

namespace Valora.Data.Import.Records;

public sealed record InteractionRecord(string ExternalId, string CustomerExternalId, DateTime OccurredAt)
{
    public InteractionChannel Channel { get; init; }
    public InteractionDirection Direction { get; init; }
    public string? Subject { get; init; }
    public string? Text { get; init; }
    public string? Outcome { get; init; }
    public bool? Responded { get; init; }
}
