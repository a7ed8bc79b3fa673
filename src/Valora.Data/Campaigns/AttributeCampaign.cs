using Microsoft.EntityFrameworkCore;
using Valora.Data.Analysis;

namespace Valora.Data.Campaigns;

/// <summary>
/// What attribution found: the window, and per group the members, those who bought in it and their revenue (in the
/// dataset's currency).
/// </summary>
public sealed record CampaignAttribution(
    string Id, DateTime WindowStart, DateTime WindowEnd, string? Currency, int Contacted, int Control,
    int ContactedConverted, int ControlConverted, decimal ContactedRevenue, decimal ControlRevenue);

/// <summary>
/// Use case: attribute purchases to a campaign's members — contacted and control alike, so the control group measures
/// what would have happened anyway. A member converted when they completed a purchase in the window
/// [start day 00:00 UTC, + windowDays); the conversion time is the first such purchase and the revenue the sum of all.
/// A re-run replaces the previous attribution (members without a purchase in the window are cleared); responses are
/// left as recorded. The results endpoint then measures the uplift.
/// </summary>
public sealed class AttributeCampaign(ValoraDatabase database)
{
    public const int DefaultWindowDays = 30;
    public const int MaxWindowDays = 730;

    /// <returns>Null when there is no campaign with this id.</returns>
    /// <exception cref="ArgumentOutOfRangeException">windowDays is not between 1 and <see cref="MaxWindowDays"/>.</exception>
    public async Task<CampaignAttribution?> RunAsync(string campaignId, int windowDays = DefaultWindowDays, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(campaignId);
        if (windowDays is < 1 or > MaxWindowDays)
        {
            throw new ArgumentOutOfRangeException(nameof(windowDays), windowDays, $"windowDays must be between 1 and {MaxWindowDays}.");
        }
        await using var db = database.CreateContext();
        var campaign = await db.Campaigns.AsNoTracking().SingleOrDefaultAsync(c => c.ExternalId == campaignId, ct);
        if (campaign is null)
        {
            return null;
        }
        var start = campaign.StartsOn.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var end = start.AddDays(windowDays);
        var dataset = await CustomerDataset.LoadAsync(database, ct: ct);
        var bought = dataset.Purchases.Where(p => p.OccurredAtUtc >= start && p.OccurredAtUtc < end)
            .GroupBy(p => p.CustomerId)
            .ToDictionary(g => g.Key, g => (First: g.Min(p => p.OccurredAtUtc), Revenue: g.Sum(p => p.Revenue)));
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var members = await db.CampaignMembers.Where(m => m.CampaignId == campaign.Id).ToListAsync(ct);
        foreach (var m in members)
        {
            if (bought.TryGetValue(m.CustomerId, out var b))
            {
                (m.ConvertedAt, m.Revenue) = (b.First, b.Revenue);
            }
            else
            {
                (m.ConvertedAt, m.Revenue) = (null, null);
            }
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        var contacted = members.Where(m => !m.IsControl).ToList();
        var control = members.Where(m => m.IsControl).ToList();
        return new CampaignAttribution(campaignId, start, end, dataset.Currency, contacted.Count, control.Count,
            contacted.Count(m => m.ConvertedAt is not null), control.Count(m => m.ConvertedAt is not null),
            contacted.Sum(m => m.Revenue ?? 0), control.Sum(m => m.Revenue ?? 0));
    }
}
