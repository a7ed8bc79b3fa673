using Valora.Domain.Pipeline;

namespace Valora.Data.Demo;

/// <summary>A generated sales opportunity; <see cref="Probability"/> is the chance of winning, 0..1; a won or lost one
/// has its <see cref="ClosedAt"/> (its expected close, or the end of the data when that is later).</summary>
public sealed record DemoOpportunity(
    string ExternalId,
    string CustomerExternalId,
    string Name,
    OpportunityStage Stage,
    decimal Amount,
    double Probability,
    DateOnly? ExpectedClose,
    string? Owner,
    DateTime CreatedAt,
    DateTime? ClosedAt = null);
