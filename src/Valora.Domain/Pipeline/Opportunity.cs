namespace Valora.Domain.Pipeline;

public sealed class Opportunity
{
    public long Id { get; set; }
    public required string ExternalId { get; set; }
    public long CustomerId { get; set; }
    public required string Name { get; set; }
    public OpportunityStage Stage { get; set; }
    public decimal Amount { get; set; }
    /// <summary>Chance of winning, 0..1.</summary>
    public double Probability { get; set; }
    public DateOnly? ExpectedClose { get; set; }
    public string? Owner { get; set; }
    /// <summary>UTC.</summary>
    public DateTime CreatedAt { get; set; }
    /// <summary>When the deal was won or lost (UTC); null while it is open.</summary>
    public DateTime? ClosedAt { get; set; }
}
