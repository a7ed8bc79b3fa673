namespace Valora.Domain.Interactions;

public sealed class Interaction
{
    public long Id { get; set; }
    public required string ExternalId { get; set; }
    public long CustomerId { get; set; }
    public InteractionChannel Channel { get; set; }
    public InteractionDirection Direction { get; set; }
    /// <summary>UTC.</summary>
    public DateTime OccurredAt { get; set; }
    public string? Subject { get; set; }
    public string? Text { get; set; }
    /// <summary>Free-form outcome ("interested", "no answer", …).</summary>
    public string? Outcome { get; set; }
    /// <summary>Whether the customer responded; null when not applicable or unknown.</summary>
    public bool? Responded { get; set; }
}
