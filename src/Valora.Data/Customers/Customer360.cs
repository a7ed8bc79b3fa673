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

/// <summary>
/// Everything the customer 360 page shows: the profile, tags, orders, the timeline of orders, interactions and
/// tickets, and the latest score of every metric with its as-of date.
/// </summary>
public sealed record Customer360(
    Customer Profile,
    IReadOnlyList<string> Tags,
    IReadOnlyList<CustomerOrder> Orders,
    int OpenTickets,
    IReadOnlyList<TimelineEvent> Timeline,
    IReadOnlyList<CustomerScoreView> Scores)
{
    /// <summary>Most recent events kept in the timeline.</summary>
    public const int TimelineEvents = 100;

    /// <summary>Null when there is no customer with that id.</summary>
    public static async Task<Customer360?> LoadAsync(ValoraDbContext db, long customerId, CancellationToken ct = default)
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
        return new Customer360(customer, tags, orders, open, timeline, scores);
    }
}
