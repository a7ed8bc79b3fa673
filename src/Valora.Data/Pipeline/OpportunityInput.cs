using Valora.Data.Interactions;
using Valora.Data.Records;
using Valora.Domain.Pipeline;

namespace Valora.Data.Pipeline;

/// <summary>A new deal for a customer: name, stage (default <c>prospecting</c>), amount ≥ 0, probability in [0, 1]
/// (default: the stage's), expected close date and owner.</summary>
public sealed record OpportunityInput(
    long? CustomerId, string? Name, decimal? Amount, string? Stage = null, double? Probability = null, DateOnly? ExpectedClose = null,
    string? Owner = null, string? ExternalId = null);

/// <summary>A change to a deal; fields left out (null) stay as they are. A stage move without a probability takes the
/// new stage's default; a note alone logs an activity (it keeps the deal from going stale).</summary>
public sealed record OpportunityChange(
    string? Stage = null, decimal? Amount = null, double? Probability = null, DateOnly? ExpectedClose = null, string? Owner = null, string? Note = null);

internal static class OpportunityRules
{
    public const int MaxName = 200;
    public const int MaxOwner = 100;
    public const decimal MaxAmount = 1_000_000_000_000m;

    public static OpportunityStage Stage(RecordErrors errors, string? value, bool required) =>
        string.IsNullOrWhiteSpace(value) && !required ? OpportunityStage.Prospecting : InteractionInput.Choice<OpportunityStage>(errors, "stage", value, required: true);

    public static void Amount(RecordErrors errors, decimal? amount, bool required)
    {
        if (amount is null)
        {
            if (required)
            {
                errors.Add("amount", "is required.");
            }
        }
        else if (amount < 0 || amount > MaxAmount)
        {
            errors.Add("amount", $"must be between 0 and {MaxAmount:0} (was {amount}).");
        }
    }

    public static void Probability(RecordErrors errors, double? probability)
    {
        if (probability is { } p && !(p is >= 0 and <= 1))
        {
            errors.Add("probability", $"must be between 0 and 1 (was {p}).");
        }
    }

    public static void ExpectedClose(RecordErrors errors, DateOnly? close)
    {
        if (close is { } c && (c.Year < 1900 || c.Year > 2200))
        {
            errors.Add("expectedClose", $"must be a date between 1900 and 2200 (was {c:yyyy-MM-dd}).");
        }
    }
}
