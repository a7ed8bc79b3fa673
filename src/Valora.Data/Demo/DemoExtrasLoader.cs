using Microsoft.EntityFrameworkCore;
using Valora.Data.Bulk;
using Valora.Domain.Campaigns;
using Valora.Domain.Customers;
using Valora.Domain.Pipeline;

namespace Valora.Data.Demo;

/// <summary>
/// Writes the generated records that have no importer (campaigns and their members, opportunities, customer tags)
/// once the demo customers are in the database. Customers are matched by external id. Everything runs in one
/// transaction; a re-run replaces the demo campaigns and opportunities (recognised by their id prefixes) and adds only
/// missing tags, so loading twice gives the same rows. Campaigns go through EF; the large tables (members,
/// opportunities, tags) through the bulk writer (<see cref="BulkSession.Join"/>) on the same transaction.
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

        long skipped = 0;
        await using var bulk = BulkSession.Join(db);
        var members = await InsertAsync(bulk, TableSpec.CampaignMembers, generator.CampaignMembers()
            .Where(m => Known(m.CustomerExternalId))
            .Select(m => new object?[]
            {
                campaignIds[m.CampaignExternalId], customerIds[m.CustomerExternalId], Values.Bool(m.IsControl),
                Values.Time(m.SentAt), Values.Time(m.RespondedAt), Values.Time(m.ConvertedAt), Values.Money(m.Revenue),
            }), ct);
        progress?.Report(1);

        var opportunities = await InsertAsync(bulk, TableSpec.Opportunities, generator.Opportunities()
            .Where(o => Known(o.CustomerExternalId))
            .Select(o => new object?[]
            {
                o.ExternalId, customerIds[o.CustomerExternalId], o.Name, Values.Name(o.Stage), Values.Money(o.Amount),
                o.Probability, o.ExpectedClose, o.Owner, Values.Time(o.CreatedAt), Values.Time(o.ClosedAt),
            }), ct);
        progress?.Report(2);

        // Tags are named in the generated rows: new names become Tag rows first (through EF, on this transaction),
        // so the bulk insert below only enumerates pairs and never writes beside itself on the connection.
        var tagIds = await db.Tags.AsNoTracking().ToDictionaryAsync(t => t.Name, t => t.Id, StringComparer.Ordinal, ct);
        var existingPairs = new HashSet<(long, long)>();
        await foreach (var pair in db.CustomerTags.AsNoTracking().AsAsyncEnumerable().WithCancellation(ct))
        {
            existingPairs.Add((pair.CustomerId, pair.TagId));
        }
        var newPairs = new List<(long CustomerId, long TagId)>();
        foreach (var t in generator.CustomerTags())
        {
            if (!Known(t.CustomerExternalId))
            {
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
            var customerId = customerIds[t.CustomerExternalId];
            if (existingPairs.Add((customerId, tagId)))
            {
                newPairs.Add((customerId, tagId));
            }
        }
        var tags = await InsertAsync(bulk, TableSpec.CustomerTags, newPairs.Select(p => new object?[] { p.CustomerId, p.TagId }), ct);
        progress?.Report(3);

        await transaction.CommitAsync(ct);
        return new DemoExtrasSummary(campaigns.Count, members, opportunities, tags, skipped);

        // Counted here, on the thread that filters the rows (the bulk writer may enumerate them on another).
        bool Known(string customerExternalId)
        {
            if (customerIds.ContainsKey(customerExternalId))
            {
                return true;
            }
            Interlocked.Increment(ref skipped);
            return false;
        }
    }

    static async Task<long> InsertAsync(BulkSession bulk, TableSpec table, IEnumerable<object?[]> rows, CancellationToken ct)
    {
        long n = 0;
        await bulk.InsertAsync(table, rows.Select(row =>
        {
            n++;
            return row;
        }), ct);
        return n;
    }
}
