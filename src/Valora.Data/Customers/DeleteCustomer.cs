using Microsoft.EntityFrameworkCore;
using Valora.Data.Records;

namespace Valora.Data.Customers;

/// <summary>
/// Use case: delete one customer with its tags and scores. A customer with history — orders, interactions, tickets,
/// survey answers, referrals, opportunities, campaign memberships or follow-up tasks — is not deleted (a conflict naming what is in the
/// way), so nothing is lost silently; duplicates are merged instead. An If-Match, when given, must name the stored version.
/// </summary>
public static class DeleteCustomer
{
    public sealed record Deleted(long Id);

    public static async Task<WriteOutcome<Deleted>> RunAsync(ValoraDbContext db, long id, string? ifMatch, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var customer = await UpdateCustomer.LockAsync(db, id, ct);
        if (customer is null)
        {
            return WriteOutcome<Deleted>.Refused(WriteStatus.NotFound, $"There is no customer with id {id}.");
        }
        if (!string.IsNullOrWhiteSpace(ifMatch) && !UpdateCustomer.Matches(ifMatch, CustomerRecord.ETagOf(customer)))
        {
            return WriteOutcome<Deleted>.Refused(WriteStatus.PreconditionFailed,
                "The customer was changed since this version was read; read it again before deleting it.");
        }
        (string What, int Count)[] related =
        [
            ("orders", await db.Orders.CountAsync(o => o.CustomerId == id, ct)),
            ("interactions", await db.Interactions.CountAsync(i => i.CustomerId == id, ct)),
            ("tickets", await db.Tickets.CountAsync(t => t.CustomerId == id, ct)),
            ("survey answers", await db.SurveyResponses.CountAsync(s => s.CustomerId == id, ct)),
            ("referrals", await db.Referrals.CountAsync(r => r.ReferrerCustomerId == id || r.ReferredCustomerId == id, ct)),
            ("opportunities", await db.Opportunities.CountAsync(o => o.CustomerId == id, ct)),
            ("campaign memberships", await db.CampaignMembers.CountAsync(m => m.CustomerId == id, ct)),
            ("follow-up tasks", await db.FollowUpTasks.CountAsync(f => f.CustomerId == id, ct)),
        ];
        var inTheWay = related.Where(r => r.Count > 0).Select(r => $"{r.Count} {r.What}").ToList();
        if (inTheWay.Count > 0)
        {
            return WriteOutcome<Deleted>.Refused(WriteStatus.Conflict,
                $"Customer {id} has {string.Join(", ", inTheWay)} and is kept; merge it into another customer instead.");
        }
        await db.CustomerTags.Where(t => t.CustomerId == id).ExecuteDeleteAsync(ct);
        await db.CustomerScores.Where(s => s.CustomerId == id).ExecuteDeleteAsync(ct);
        db.Customers.Remove(customer);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return WriteOutcome<Deleted>.Done(new Deleted(id));
    }
}
