using Microsoft.EntityFrameworkCore;
using Valora.Data.Interactions;

namespace Valora.Data.Campaigns;

/// <summary>What happened to one member: sent (contacted members only), responded, converted and the revenue
/// attributed; fields left out (null) stay as they are.</summary>
public sealed record MemberOutcomeInput(long? CustomerId, DateTime? SentAt = null, DateTime? RespondedAt = null, DateTime? ConvertedAt = null, decimal? Revenue = null);

/// <summary>An item of a batch that was not applied: its position, the field and the rule broken.</summary>
public sealed record OutcomeError(int Index, string Field, string Message);

/// <summary>How many items of a batch were applied, and why each of the others was not.</summary>
public sealed record OutcomesRecorded(int Applied, IReadOnlyList<OutcomeError> Rejected);

/// <summary>One member of a campaign with what happened to it.</summary>
public sealed record CampaignMemberView(long CustomerId, string? Name, bool IsControl, DateTime? SentAt, DateTime? RespondedAt, DateTime? ConvertedAt, decimal? Revenue);

/// <summary>
/// Use cases: record sends, responses and conversions of a campaign's members in a batch — each bad item (no such
/// member, a send to a control member, a negative revenue, a time before the campaign) is reported by its position and
/// the good ones are applied in one transaction; a repeated batch sets the same values again. And list the members.
/// </summary>
public sealed class CampaignOutcomes(ValoraDatabase database)
{
    public const int MaxBatch = 10_000;
    public const int MaxMembersListed = 1000;

    /// <returns>Null when there is no campaign with this id.</returns>
    public async Task<OutcomesRecorded?> RecordAsync(string campaignId, IReadOnlyList<MemberOutcomeInput> items, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(campaignId);
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count > MaxBatch)
        {
            throw new ArgumentOutOfRangeException(nameof(items), items.Count, $"a batch holds at most {MaxBatch} items.");
        }
        await using var db = database.CreateContext();
        var campaign = await db.Campaigns.AsNoTracking().SingleOrDefaultAsync(c => c.ExternalId == campaignId, ct);
        if (campaign is null)
        {
            return null;
        }
        var ids = items.Select(i => i.CustomerId).OfType<long>().Distinct().ToList();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var members = new Dictionary<long, Domain.Campaigns.CampaignMember>();
        foreach (var chunk in ids.Chunk(1000))
        {
            foreach (var m in await db.CampaignMembers.Where(m => m.CampaignId == campaign.Id && chunk.Contains(m.CustomerId)).ToListAsync(ct))
            {
                members[m.CustomerId] = m;
            }
        }
        var start = campaign.StartsOn.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var rejected = new List<OutcomeError>();
        var applied = 0;
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var before = rejected.Count;
            void Refuse(string field, string message) => rejected.Add(new OutcomeError(i, field, message));
            Domain.Campaigns.CampaignMember? member = null;
            if (item.CustomerId is not { } id)
            {
                Refuse("customerId", "is required.");
            }
            else if (!members.TryGetValue(id, out member))
            {
                Refuse("customerId", $"customer {id} is not a member of campaign '{campaignId}'.");
            }
            var (sent, responded, converted) = (InteractionInput.Utc(item.SentAt), InteractionInput.Utc(item.RespondedAt), InteractionInput.Utc(item.ConvertedAt));
            if (sent is not null && member is { IsControl: true })
            {
                Refuse("sentAt", "a control member is held out and never contacted.");
            }
            foreach (var (field, at) in new[] { ("sentAt", sent), ("respondedAt", responded), ("convertedAt", converted) })
            {
                if (at is { } t && t < start)
                {
                    Refuse(field, $"must not be before the campaign starts ({campaign.StartsOn:yyyy-MM-dd}).");
                }
            }
            if (item.Revenue is < 0 or > 1_000_000_000_000m)
            {
                Refuse("revenue", $"must be between 0 and 1000000000000 (was {item.Revenue}).");
            }
            if (rejected.Count > before || member is null)
            {
                continue;
            }
            member.SentAt = sent ?? member.SentAt;
            member.RespondedAt = responded ?? member.RespondedAt;
            member.ConvertedAt = converted ?? member.ConvertedAt;
            member.Revenue = item.Revenue ?? member.Revenue;
            applied++;
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new OutcomesRecorded(applied, rejected);
    }

    /// <summary>The members (by customer id), control or contacted only when asked; null when there is no such campaign.</summary>
    public async Task<IReadOnlyList<CampaignMemberView>?> MembersAsync(string campaignId, bool? control, int limit, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(campaignId);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxMembersListed);
        await using var db = database.CreateContext();
        var campaign = await db.Campaigns.AsNoTracking().SingleOrDefaultAsync(c => c.ExternalId == campaignId, ct);
        if (campaign is null)
        {
            return null;
        }
        var members = db.CampaignMembers.AsNoTracking().Where(m => m.CampaignId == campaign.Id);
        if (control is { } c)
        {
            members = members.Where(m => m.IsControl == c);
        }
        return await members
            .Join(db.Customers, m => m.CustomerId, cu => cu.Id, (m, cu) => new { m, cu.Name })
            .OrderBy(x => x.m.CustomerId).Take(limit)
            .Select(x => new CampaignMemberView(x.m.CustomerId, x.Name, x.m.IsControl, x.m.SentAt, x.m.RespondedAt, x.m.ConvertedAt, x.m.Revenue))
            .ToListAsync(ct);
    }
}
