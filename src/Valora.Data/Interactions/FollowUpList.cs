using Microsoft.EntityFrameworkCore;
using Valora.Domain.Interactions;

namespace Valora.Data.Interactions;

/// <summary>Which follow-up tasks a list shows; every filter given must hold.</summary>
/// <param name="Status">open, done or cancelled (null: all).</param>
/// <param name="Overdue">Only open tasks due before today.</param>
public sealed record FollowUpFilter(string? Owner = null, FollowUpStatus? Status = null, bool Overdue = false, long? CustomerId = null);

/// <summary>Query: follow-up tasks by filter, soonest due first (then by id), at most a limit; and one task.</summary>
public static class FollowUpList
{
    public const int MaxLimit = 500;

    public static async Task<IReadOnlyList<FollowUpView>> LoadAsync(
        ValoraDbContext db, FollowUpFilter filter, DateOnly today, int limit, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxLimit);
        var tasks = db.FollowUpTasks.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.Owner))
        {
            var owner = filter.Owner.Trim();
            tasks = tasks.Where(t => t.Owner == owner);
        }
        if (filter.Status is { } status)
        {
            tasks = tasks.Where(t => t.Status == status);
        }
        if (filter.Overdue)
        {
            tasks = tasks.Where(t => t.Status == FollowUpStatus.Open && t.DueOn < today);
        }
        if (filter.CustomerId is { } customer)
        {
            tasks = tasks.Where(t => t.CustomerId == customer);
        }
        return await Project(db, tasks.OrderBy(t => t.DueOn).ThenBy(t => t.Id).Take(limit), today).ToListAsync(ct);
    }

    public static Task<FollowUpView?> OneAsync(ValoraDbContext db, long id, DateOnly today, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return Project(db, db.FollowUpTasks.AsNoTracking().Where(t => t.Id == id), today).SingleOrDefaultAsync(ct);
    }

    static IQueryable<FollowUpView> Project(ValoraDbContext db, IQueryable<FollowUpTask> tasks, DateOnly today) =>
        tasks.Join(db.Customers, t => t.CustomerId, c => c.Id, (t, c) => new FollowUpView(
            t.Id, t.CustomerId, c.Name, t.InteractionId, t.Title, t.Owner, t.DueOn,
            t.Status == FollowUpStatus.Open ? "open" : t.Status == FollowUpStatus.Done ? "done" : "cancelled",
            t.CreatedAt, t.ClosedAt, t.Status == FollowUpStatus.Open && t.DueOn < today));
}
