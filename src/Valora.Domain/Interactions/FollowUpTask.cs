namespace Valora.Domain.Interactions;

/// <summary>
/// Something someone has to do for a customer by a date: call back after a complaint, answer an e-mail, visit. It may
/// come from an interaction (<see cref="InteractionId"/>). Open until done or cancelled; overdue while open after
/// <see cref="DueOn"/>.
/// </summary>
public sealed class FollowUpTask
{
    public long Id { get; set; }
    public long CustomerId { get; set; }

    /// <summary>The interaction it follows up, if any.</summary>
    public long? InteractionId { get; set; }

    public required string Title { get; set; }

    /// <summary>Who does it (a user name or a team).</summary>
    public required string Owner { get; set; }

    public DateOnly DueOn { get; set; }

    public FollowUpStatus Status { get; set; }

    /// <summary>UTC.</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>UTC; set when done or cancelled.</summary>
    public DateTime? ClosedAt { get; set; }
}
