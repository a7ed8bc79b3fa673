using Microsoft.EntityFrameworkCore;

namespace Valora.Data.Interactions;

/// <summary>A customer's interactions, newest first (at most a limit, with how many there are in all), and their follow-up tasks.</summary>
public sealed record InteractionTimeline(long CustomerId, int Total, IReadOnlyList<InteractionView> Interactions, IReadOnlyList<FollowUpView> FollowUps)
{
    public const int MaxLimit = 500;

    /// <summary>Null when there is no customer with that id.</summary>
    public static async Task<InteractionTimeline?> LoadAsync(ValoraDbContext db, long customerId, int limit, DateOnly today, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxLimit);
        if (!await db.Customers.AnyAsync(c => c.Id == customerId, ct))
        {
            return null;
        }
        var all = db.Interactions.AsNoTracking().Where(i => i.CustomerId == customerId);
        var total = await all.CountAsync(ct);
        var rows = await all.OrderByDescending(i => i.OccurredAt).ThenByDescending(i => i.Id).Take(limit).ToListAsync(ct);
        var tasks = await FollowUpList.LoadAsync(db, new FollowUpFilter(CustomerId: customerId), today, FollowUpList.MaxLimit, ct);
        return new InteractionTimeline(customerId, total, [.. rows.Select(InteractionView.From)], tasks);
    }
}
