namespace Valora.Domain.Pipeline;

/// <summary>
/// One step in a deal's history: created, a stage move, a change of amount, probability, expected close or owner
/// (from → to, as invariant text), or a note (an activity). Append-only; the pipeline report rebuilds each deal's stage
/// at an as-of date from it, and a deal with no event in N days is stale.
/// </summary>
public sealed class OpportunityEvent
{
    public long Id { get; set; }
    public long OpportunityId { get; set; }

    /// <summary>UTC.</summary>
    public DateTime At { get; set; }

    /// <summary>The signed-in user or API key that made the change.</summary>
    public required string Actor { get; set; }

    public OpportunityEventKind Kind { get; set; }

    /// <summary>The value before the change; null for none.</summary>
    public string? From { get; set; }

    /// <summary>The value after the change; null for none.</summary>
    public string? To { get; set; }

    public string? Note { get; set; }
}
