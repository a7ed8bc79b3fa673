using Valora.Domain.Tickets;

namespace Valora.Data.Tickets;

/// <summary>
/// The status flow of a ticket: open → in progress or resolved; in progress → open (waiting on the customer) or
/// resolved; resolved → closed, or in progress again (reopened); closed is final. Staying in the same status is no change.
/// </summary>
public static class TicketFlow
{
    static readonly Dictionary<TicketStatus, TicketStatus[]> Next = new()
    {
        [TicketStatus.Open] = [TicketStatus.InProgress, TicketStatus.Resolved],
        [TicketStatus.InProgress] = [TicketStatus.Open, TicketStatus.Resolved],
        [TicketStatus.Resolved] = [TicketStatus.Closed, TicketStatus.InProgress],
        [TicketStatus.Closed] = [],
    };

    public static IReadOnlyList<TicketStatus> From(TicketStatus status) => Next[status];

    public static bool Allows(TicketStatus from, TicketStatus to) => from == to || Next[from].Contains(to);

    /// <summary>The API's name of a status: <c>open</c>, <c>inProgress</c>, <c>resolved</c>, <c>closed</c>.</summary>
    public static string Name(TicketStatus status) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(status.ToString());
}
