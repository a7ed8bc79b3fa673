using Microsoft.EntityFrameworkCore;
using Valora.Data.Scores;
using Valora.Domain.Customers;
using Valora.Domain.Sales;

namespace Valora.Data.Customers;

/// <summary>One order of a customer: when, its status and channel, lines and total (merchandise and other lines).</summary>
public sealed record CustomerOrder(long Id, string ExternalId, DateTime OrderedAtUtc, OrderStatus Status, string? Channel, string Currency, int Lines, decimal Total);

/// <summary>One dated event of a customer's timeline: an order, an interaction or a ticket.</summary>
/// <param name="Kind">"order", "interaction" or "ticket".</param>
public sealed record TimelineEvent(DateTime AtUtc, string Kind, string Title, string? Detail);

/// <summary>Totals over all of a customer's orders: counts, completed revenue per currency, first and last completed order (UTC).</summary>
public sealed record OrderTotals(int Orders, int CompletedOrders, IReadOnlyDictionary<string, decimal> RevenueByCurrency, DateTime? FirstCompletedAt, DateTime? LastCompletedAt);

/// <summary>One ticket of a customer, newest first in the 360.</summary>
public sealed record CustomerTicket(long Id, string ExternalId, string Kind, string Priority, string Status, string? Subject, DateTime OpenedAt, DateTime? ResolvedAt);

/// <summary>One survey answer of a customer.</summary>
public sealed record CustomerSurvey(long Id, string Instrument, string Question, int? Score, int ScaleMin, int ScaleMax, string? Text, DateTime AnsweredAt);

/// <summary>A referral the customer made or came by: <see cref="Direction"/> is <c>referred</c> (this customer brought
/// <see cref="OtherCustomerId"/>) or <c>referredBy</c>.</summary>
public sealed record CustomerReferral(string Direction, long OtherCustomerId, string? OtherName, DateOnly ReferredOn);

/// <summary>
/// Everything known about one customer in one read, shared by the customer 360 page and <c>GET /api/customers/{id}/360</c>:
/// the profile, tags, orders with their totals, the timeline of orders, interactions and tickets, the recent
/// interactions, tickets, survey answers, referrals and open follow-up tasks, the latest score of every metric with its
/// as-of date and model version, and <see cref="Missing"/> naming what does not exist yet for this customer.
/// </summary>
public sealed record Customer360(
    Customer Profile,
    IReadOnlyList<string> Tags,
    IReadOnlyList<CustomerOrder> Orders,
    int OpenTickets,
    IReadOnlyList<TimelineEvent> Timeline,
    IReadOnlyList<CustomerScoreView> Scores,
    OrderTotals Totals,
    int InteractionCount,
    IReadOnlyList<Valora.Data.Interactions.InteractionView> Interactions,
    int TicketCount,
    IReadOnlyList<CustomerTicket> Tickets,
    IReadOnlyList<CustomerSurvey> Surveys,
    IReadOnlyList<CustomerReferral> Referrals,
    IReadOnlyList<Valora.Data.Interactions.FollowUpView> OpenFollowUps,
    IReadOnlyList<string> Missing)
{
    /// <summary>The models whose scores a customer can have, from the metric catalogue.</summary>
    public static IReadOnlyList<string> Models { get; } = [.. Metrics.All.Select(m => m.Model).Distinct(StringComparer.Ordinal)];

    /// <summary>Most recent events kept in the timeline.</summary>
    public const int TimelineEvents = 100;

    static string Camel<T>(T value)
        where T : struct, Enum => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(value.ToString());

    /// <summary>Null when there is no customer with that id.</summary>
    /// <param name="today">For which open follow-ups are overdue (default: the system clock's date, UTC).</param>
    public static async Task<Customer360?> LoadAsync(ValoraDbContext db, long customerId, CancellationToken ct = default, DateOnly? today = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        var customer = await db.Customers.AsNoTracking().SingleOrDefaultAsync(c => c.Id == customerId, ct);
        if (customer is null)
        {
            return null;
        }
        var tags = await db.CustomerTags.AsNoTracking().Where(t => t.CustomerId == customerId)
            .Join(db.Tags, ct2 => ct2.TagId, t => t.Id, (_, t) => t.Name).OrderBy(n => n).ToListAsync(ct);
        // Line totals are decimals, which SQLite keeps as text and cannot sum in SQL: one customer's lines are added here.
        var orders = (await db.Orders.AsNoTracking().Where(o => o.CustomerId == customerId)
                .Select(o => new { o.Id, o.ExternalId, o.OrderedAt, o.Status, o.Channel, o.Currency, Totals = o.Lines.Select(l => l.LineTotal).ToList() })
                .ToListAsync(ct))
            .Select(o => new CustomerOrder(o.Id, o.ExternalId, o.OrderedAt, o.Status, o.Channel, o.Currency, o.Totals.Count, o.Totals.Sum()))
            .OrderByDescending(o => o.OrderedAtUtc).ThenByDescending(o => o.Id)
            .ToList();
        var interactions = await db.Interactions.AsNoTracking().Where(i => i.CustomerId == customerId)
            .OrderByDescending(i => i.OccurredAt).Take(TimelineEvents)
            .Select(i => new { i.OccurredAt, i.Channel, i.Direction, i.Subject, i.Outcome }).ToListAsync(ct);
        var tickets = await db.Tickets.AsNoTracking().Where(t => t.CustomerId == customerId)
            .OrderByDescending(t => t.OpenedAt).Take(TimelineEvents)
            .Select(t => new { t.OpenedAt, t.Kind, t.Priority, t.Status, t.Subject, t.ResolvedAt }).ToListAsync(ct);
        var open = await db.Tickets.AsNoTracking().CountAsync(t => t.CustomerId == customerId && t.ResolvedAt == null, ct);

        var timeline = orders.Take(TimelineEvents)
            .Select(o => new TimelineEvent(o.OrderedAtUtc, "order", $"Order {o.ExternalId}",
                string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{o.Status} · {o.Lines} lines · {o.Total:N2} {o.Currency}")))
            .Concat(interactions.Select(i => new TimelineEvent(i.OccurredAt, "interaction", $"{i.Channel} ({i.Direction})",
                string.Join(" · ", new[] { i.Subject, i.Outcome }.Where(s => !string.IsNullOrEmpty(s))))))
            .Concat(tickets.Select(t => new TimelineEvent(t.OpenedAt, "ticket", $"Ticket: {t.Kind}, {t.Priority}",
                string.Join(" · ", new[] { t.Subject, t.Status.ToString(), t.ResolvedAt is null ? "open" : "resolved" }.Where(s => !string.IsNullOrEmpty(s))))))
            .OrderByDescending(e => e.AtUtc)
            .Take(TimelineEvents)
            .ToList();
        var scores = await new ScoreQueries(db).OfCustomerAsync(customerId, ct);

        var completed = orders.Where(o => o.Status == OrderStatus.Completed).ToList();
        var totals = new OrderTotals(orders.Count, completed.Count,
            completed.GroupBy(o => o.Currency, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Sum(o => o.Total), StringComparer.Ordinal),
            completed.Count == 0 ? null : completed.Min(o => o.OrderedAtUtc), completed.Count == 0 ? null : completed.Max(o => o.OrderedAtUtc));
        var interactionCount = await db.Interactions.CountAsync(i => i.CustomerId == customerId, ct);
        var recentInteractions = (await db.Interactions.AsNoTracking().Where(i => i.CustomerId == customerId)
            .OrderByDescending(i => i.OccurredAt).ThenByDescending(i => i.Id).Take(TimelineEvents).ToListAsync(ct))
            .Select(Valora.Data.Interactions.InteractionView.From).ToList();
        var ticketCount = await db.Tickets.CountAsync(t => t.CustomerId == customerId, ct);
        var recentTickets = (await db.Tickets.AsNoTracking().Where(t => t.CustomerId == customerId)
            .OrderByDescending(t => t.OpenedAt).ThenByDescending(t => t.Id).Take(TimelineEvents).ToListAsync(ct))
            .Select(t => new CustomerTicket(t.Id, t.ExternalId, Camel(t.Kind), Camel(t.Priority), Camel(t.Status), t.Subject, t.OpenedAt, t.ResolvedAt))
            .ToList();
        var surveys = await db.SurveyResponses.AsNoTracking().Where(s => s.CustomerId == customerId)
            .OrderByDescending(s => s.AnsweredAt).ThenByDescending(s => s.Id).Take(TimelineEvents)
            .Select(s => new CustomerSurvey(s.Id, s.Instrument, s.Question, s.Score, s.ScaleMin, s.ScaleMax, s.Text, s.AnsweredAt))
            .ToListAsync(ct);
        var referred = await db.Referrals.AsNoTracking().Where(r => r.ReferrerCustomerId == customerId)
            .Join(db.Customers, r => r.ReferredCustomerId, c => c.Id, (r, c) => new CustomerReferral("referred", c.Id, c.Name, r.ReferredOn))
            .ToListAsync(ct);
        var referredBy = await db.Referrals.AsNoTracking().Where(r => r.ReferredCustomerId == customerId)
            .Join(db.Customers, r => r.ReferrerCustomerId, c => c.Id, (r, c) => new CustomerReferral("referredBy", c.Id, c.Name, r.ReferredOn))
            .ToListAsync(ct);
        var referrals = referredBy.Concat(referred.OrderBy(r => r.ReferredOn).ThenBy(r => r.OtherCustomerId)).ToList();
        var followUps = await Valora.Data.Interactions.FollowUpList.LoadAsync(db,
            new Valora.Data.Interactions.FollowUpFilter(Status: Domain.Interactions.FollowUpStatus.Open, CustomerId: customerId),
            today ?? DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime), Valora.Data.Interactions.FollowUpList.MaxLimit, ct);

        var missing = new List<string>();
        void MissingIf(bool none, string what)
        {
            if (none)
            {
                missing.Add(what);
            }
        }
        MissingIf(orders.Count == 0, "orders");
        MissingIf(interactionCount == 0, "interactions");
        MissingIf(ticketCount == 0, "tickets");
        MissingIf(surveys.Count == 0, "surveys");
        MissingIf(referrals.Count == 0, "referrals");
        MissingIf(tags.Count == 0, "tags");
        var scored = scores.Select(s => s.Model).ToHashSet(StringComparer.Ordinal);
        missing.AddRange(Models.Where(m => !scored.Contains(m)).Select(m => "scores." + m));
        return new Customer360(customer, tags, orders, open, timeline, scores, totals, interactionCount, recentInteractions, ticketCount,
            recentTickets, surveys, referrals, followUps, missing);
    }
}
