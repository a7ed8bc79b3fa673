using Valora.Data.Interactions;
using Valora.Data.Records;
using Valora.Domain.Tickets;

namespace Valora.Data.Tickets;

/// <summary>A new ticket: for a customer, its kind (<c>inquiry</c>, <c>complaint</c>, <c>feedback</c>), priority
/// (<c>low</c>, <c>normal</c> — the default —, <c>high</c>, <c>urgent</c>), subject, text and optionally an assignee.</summary>
public sealed record TicketInput(long? CustomerId, string? Kind, string? Priority, string? Subject, string? Text, string? Assignee = null, string? ExternalId = null);

/// <summary>A change to a ticket; fields left out (null) stay as they are. <see cref="Assignee"/> <c>""</c> unassigns.</summary>
public sealed record TicketChange(string? Status = null, string? Priority = null, string? Assignee = null, string? Note = null);

/// <summary>A response sent to the customer (it starts the first-response clock's stop).</summary>
public sealed record TicketResponse(string? Text);

internal static class TicketNames
{
    public static TicketStatus Status(RecordErrors errors, string? value)
    {
        // The API writes inProgress; in_progress and "in progress" are read too.
        var name = value?.Replace("_", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
        return InteractionInput.Choice<TicketStatus>(errors, "status", name, required: true);
    }

    public static TicketPriority Priority(RecordErrors errors, string? value, bool required) =>
        string.IsNullOrWhiteSpace(value) && !required ? TicketPriority.Normal : InteractionInput.Choice<TicketPriority>(errors, "priority", value, required: true);
}
