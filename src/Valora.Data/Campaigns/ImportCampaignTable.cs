using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Valora.Data.Bulk;
using Valora.Data.Records;
using Valora.Data.Tables;
using Valora.Domain.Campaigns;
using Valora.Domain.Customers;

namespace Valora.Data.Campaigns;

/// <summary>What importing a campaign table stored: the campaign, its members per group, the rows in other groups left
/// out and the customers created for the members.</summary>
public sealed record CampaignImported(string Id, string Name, int Contacted, int Control, int LeftOut, int CustomersCreated);

/// <summary>
/// Use case: store a user's campaign table (one row per member, e.g. Hillstrom's 64,000 customers) as a campaign with
/// its members and outcomes, so its results, members and uplift are read like any campaign's. Each row's member is the
/// customer <c>{id}-{line}</c> (created when missing; the table carries no customer identity of its own); a responded
/// or converted member gets the start day as its response or conversion time, and its revenue. All in one transaction;
/// an id already used is a conflict.
/// </summary>
public sealed class ImportCampaignTable(ValoraDatabase database)
{
    public async Task<WriteOutcome<CampaignImported>> RunAsync(
        TableFile table, CampaignTableOptions options, string id, string? name, DateOnly startsOn, string? channel = null, decimal budget = 0, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(options);
        var errors = new RecordErrors();
        var externalId = errors.Text("id", id, 60, required: true);
        var title = errors.Text("name", name, 200) ?? externalId;
        if (budget < 0)
        {
            errors.Add("budget", "must be 0 or more.");
        }
        errors.ThrowIfAny();
        var read = CampaignTable.Read(table, options);

        await using var db = database.CreateContext();
        if (await db.Campaigns.AnyAsync(c => c.ExternalId == externalId, ct))
        {
            return WriteOutcome<CampaignImported>.Refused(WriteStatus.Conflict, $"A campaign with id '{externalId}' already exists.");
        }
        // Line numbers as the user sees them: the header is line 1.
        string Customer(int row) => string.Create(CultureInfo.InvariantCulture, $"{externalId}-{read.Rows[row] + 2}");
        var prefix = externalId + "-";
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var existing = await db.Customers.AsNoTracking().Where(c => c.ExternalId.StartsWith(prefix))
            .ToDictionaryAsync(c => c.ExternalId, c => c.Id, StringComparer.Ordinal, ct);
        var created = 0;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        foreach (var chunk in Enumerable.Range(0, read.Members.Count).Where(i => !existing.ContainsKey(Customer(i))).Chunk(5000))
        {
            var customers = chunk.Select(i => new Customer { ExternalId = Customer(i), AcquisitionChannel = "campaign-import" }).ToList();
            db.Customers.AddRange(customers);
            await db.SaveChangesAsync(ct);
            foreach (var c in customers)
            {
                existing[c.ExternalId] = c.Id;
            }
            created += customers.Count;
            db.ChangeTracker.Clear();
        }
        var campaign = new Campaign
        {
            ExternalId = externalId!, Name = title!, Channel = channel, Budget = budget, StartsOn = startsOn,
        };
        db.Campaigns.Add(campaign);
        await db.SaveChangesAsync(ct);
        var at = startsOn.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        await using (var bulk = BulkSession.Join(db))
        {
            await bulk.InsertAsync(TableSpec.CampaignMembers, read.Members.Select((m, i) => new object?[]
            {
                campaign.Id, existing[Customer(i)], Values.Bool(!m.Treated), m.Treated ? Values.Time(at) : null,
                m.Responded ? Values.Time(at) : null, m.Converted ? Values.Time(at) : null, Values.Money((decimal)m.Revenue),
            }), ct);
        }
        await transaction.CommitAsync(ct);
        var contacted = read.Members.Count(m => m.Treated);
        return WriteOutcome<CampaignImported>.Done(new CampaignImported(externalId!, title!, contacted, read.Members.Count - contacted, read.LeftOut, created));
    }
}
