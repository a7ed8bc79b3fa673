using Valora.Domain.Tickets;

namespace Valora.Data.Tickets;

/// <summary>The time a ticket of one priority may wait for its first response and for its resolution.</summary>
public sealed class SlaTarget
{
    public TimeSpan FirstResponse { get; set; }
    public TimeSpan Resolution { get; set; }
}

/// <summary>
/// Service-level targets per priority, in elapsed (calendar) time from opening — no business hours or holidays.
/// Defaults: urgent 1 h to first response and 4 h to resolution, high 4 h / 24 h, normal 8 h / 72 h, low 24 h / 168 h.
/// The server reads them from <c>Valora:Tickets:Sla:{Priority}:FirstResponse|Resolution</c> (e.g. <c>"02:00:00"</c>).
/// </summary>
public sealed class SlaTargets
{
    public const string SectionName = "Valora:Tickets:Sla";

    public SlaTarget Urgent { get; set; } = new() { FirstResponse = TimeSpan.FromHours(1), Resolution = TimeSpan.FromHours(4) };
    public SlaTarget High { get; set; } = new() { FirstResponse = TimeSpan.FromHours(4), Resolution = TimeSpan.FromHours(24) };
    public SlaTarget Normal { get; set; } = new() { FirstResponse = TimeSpan.FromHours(8), Resolution = TimeSpan.FromHours(72) };
    public SlaTarget Low { get; set; } = new() { FirstResponse = TimeSpan.FromHours(24), Resolution = TimeSpan.FromHours(168) };

    public SlaTarget For(TicketPriority priority) => priority switch
    {
        TicketPriority.Urgent => Urgent,
        TicketPriority.High => High,
        TicketPriority.Low => Low,
        _ => Normal,
    };

    /// <summary>Null when every target is positive and no resolution target is shorter than its first-response one.</summary>
    public string? Problem() =>
        new[] { (nameof(Urgent), Urgent), (nameof(High), High), (nameof(Normal), Normal), (nameof(Low), Low) }
            .Where(t => t.Item2.FirstResponse <= TimeSpan.Zero || t.Item2.Resolution < t.Item2.FirstResponse)
            .Select(t => $"{SectionName}:{t.Item1}: targets must be positive and Resolution at least FirstResponse.")
            .FirstOrDefault();
}

/// <summary>One target of one ticket: when it falls due, when it was met (null: not yet) and how it stands.</summary>
/// <param name="State"><c>met</c>, <c>breached</c> (met late, or still open past due), <c>pending</c> (open, not yet
/// due) or <c>unknown</c> (a ticket imported already answered, whose first response was never recorded).</param>
public sealed record SlaClock(double TargetHours, DateTime DueAt, DateTime? MetAt, double? Hours, string State)
{
    public static SlaClock Of(DateTime openedAt, TimeSpan target, DateTime? metAt, bool canBeUnknown, DateTime nowUtc)
    {
        var due = openedAt + target;
        var state = metAt is { } at ? (at <= due ? "met" : "breached")
            : canBeUnknown ? "unknown"
            : nowUtc > due ? "breached" : "pending";
        return new SlaClock(target.TotalHours, due, metAt, metAt is { } m ? (m - openedAt).TotalHours : null, state);
    }
}
