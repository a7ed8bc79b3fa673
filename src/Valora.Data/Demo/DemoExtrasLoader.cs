using Microsoft.EntityFrameworkCore;
using Valora.Domain.Campaigns;
using Valora.Domain.Customers;
using Valora.Domain.Pipeline;

namespace Valora.Data.Demo;

/// <summary>
/// Writes the generated records that have no importer (campaigns and their members, opportunities, customer tags)
/// once the demo customers are in the database. Customers are matched by external id. Everything runs in one
/// transaction; a re-run replaces the demo campaigns and opportunities (recognised by their id prefixes) and adds only
/// missing tags, so loading twice gives the same rows. Campaigns go through EF; the large tables (members,
/// opportunities, tags) through batched multi-row INSERTs on the same transaction.
/// </summary>
public static class DemoExtrasLoader
{
    public static async Task<DemoExtrasSummary> LoadAsync(ValoraDatabase database, DemoGenerator generator, IProgress<int>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(generator);
        await using var db = database.CreateContext();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var customerIds = await db.Customers.AsNoTracking()
            .Select(c => new { c.ExternalId, c.Id })
            .ToDictionaryAsync(c => c.ExternalId, c => c.Id, StringComparer.Ordinal, ct);
        if (customerIds.Count == 0)
        {
            throw new InvalidOperationException("The database has no customers: import the demo customers before loading the extras.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var oldCampaigns = db.Campaigns.Where(c => c.ExternalId.StartsWith(DemoGenerator.CampaignPrefix));
        await db.CampaignMembers.Where(m => oldCampaigns.Select(c => c.Id).Contains(m.CampaignId)).ExecuteDeleteAsync(ct);
        await oldCampaigns.ExecuteDeleteAsync(ct);
        await db.Opportunities.Where(o => o.ExternalId.StartsWith(DemoGenerator.OpportunityPrefix)).ExecuteDeleteAsync(ct);

        var campaigns = generator.Campaigns()
            .Select(c => new Campaign
            {
                ExternalId = c.ExternalId,
                Name = c.Name,
                Channel = c.Channel,
                Segment = c.Segment,
                Budget = c.Budget,
                StartsOn = c.StartsOn,
                EndsOn = c.EndsOn,
            })
            .ToList();
        db.Campaigns.AddRange(campaigns);
        await db.SaveChangesAsync(ct);
        var campaignIds = campaigns.ToDictionary(c => c.ExternalId, c => c.Id, StringComparer.Ordinal);
        db.ChangeTracker.Clear();

        long members, opportunities, tags;
        long skipped = 0;
        await using (var insert = BulkInsert.For<CampaignMember>(db,
            nameof(CampaignMember.CampaignId), nameof(CampaignMember.CustomerId), nameof(CampaignMember.IsControl),
            nameof(CampaignMember.SentAt), nameof(CampaignMember.RespondedAt), nameof(CampaignMember.ConvertedAt), nameof(CampaignMember.Revenue)))
        {
            foreach (var m in generator.CampaignMembers())
            {
                if (!customerIds.TryGetValue(m.CustomerExternalId, out var customerId))
                {
                    skipped++;
                    continue;
                }
                await insert.AddAsync([campaignIds[m.CampaignExternalId], customerId, m.IsControl, m.SentAt, m.RespondedAt, m.ConvertedAt, m.Revenue], ct);
            }
            await insert.FlushAsync(ct);
            members = insert.Rows;
        }
        progress?.Report(1);

        await using (var insert = BulkInsert.For<Opportunity>(db,
            nameof(Opportunity.ExternalId), nameof(Opportunity.CustomerId), nameof(Opportunity.Name), nameof(Opportunity.Stage),
            nameof(Opportunity.Amount), nameof(Opportunity.Probability), nameof(Opportunity.ExpectedClose), nameof(Opportunity.Owner),
            nameof(Opportunity.CreatedAt)))
        {
            foreach (var o in generator.Opportunities())
            {
                if (!customerIds.TryGetValue(o.CustomerExternalId, out var customerId))
                {
                    skipped++;
                    continue;
                }
                await insert.AddAsync([o.ExternalId, customerId, o.Name, o.Stage, o.Amount, o.Probability, o.ExpectedClose, o.Owner, o.CreatedAt], ct);
            }
            await insert.FlushAsync(ct);
            opportunities = insert.Rows;
        }
        progress?.Report(2);

        var tagIds = await db.Tags.AsNoTracking().ToDictionaryAsync(t => t.Name, t => t.Id, StringComparer.Ordinal, ct);
        var existingPairs = new HashSet<(long, long)>();
        await foreach (var pair in db.CustomerTags.AsNoTracking().AsAsyncEnumerable().WithCancellation(ct))
        {
            existingPairs.Add((pair.CustomerId, pair.TagId));
        }
        await using (var insert = BulkInsert.For<CustomerTag>(db, nameof(CustomerTag.CustomerId), nameof(CustomerTag.TagId)))
        {
            foreach (var t in generator.CustomerTags())
            {
                if (!customerIds.TryGetValue(t.CustomerExternalId, out var customerId))
                {
                    skipped++;
                    continue;
                }
                if (!tagIds.TryGetValue(t.Tag, out var tagId))
                {
                    var tag = new Tag { Name = t.Tag };
                    db.Tags.Add(tag);
                    await db.SaveChangesAsync(ct);
                    tagId = tag.Id;
                    tagIds[t.Tag] = tagId;
                }
                if (existingPairs.Add((customerId, tagId)))
                {
                    await insert.AddAsync([customerId, tagId], ct);
                }
            }
            await insert.FlushAsync(ct);
            tags = insert.Rows;
        }
        progress?.Report(3);

        await transaction.CommitAsync(ct);
        return new DemoExtrasSummary(campaigns.Count, members, opportunities, tags, skipped);
    }
}
