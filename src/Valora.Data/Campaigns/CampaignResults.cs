using Microsoft.EntityFrameworkCore;
using Valora.Analytics.Campaigns;
using Valora.Data.Analysis;

namespace Valora.Data.Campaigns;

/// <summary>
/// Use case: the campaigns in Valora's database and each one's results against its control group. A member responded
/// when it has a response time, converted when it has a conversion time, and its revenue is the attributed revenue
/// (none = 0); the campaign's cost is its budget.
/// </summary>
public sealed class CampaignResults(ValoraDatabase database)
{
    /// <summary>Every campaign with its member counts, newest first.</summary>
    public async Task<IReadOnlyList<CampaignSummary>> ListAsync(CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var counts = await db.CampaignMembers.AsNoTracking()
            .GroupBy(m => new { m.CampaignId, m.IsControl })
            .Select(g => new { g.Key.CampaignId, g.Key.IsControl, Count = g.Count() })
            .ToListAsync(ct);
        var campaigns = await db.Campaigns.AsNoTracking().ToListAsync(ct);
        return [.. campaigns
            .OrderByDescending(c => c.StartsOn).ThenBy(c => c.ExternalId, StringComparer.Ordinal)
            .Select(c => new CampaignSummary(c.ExternalId, c.Name, c.Channel, c.Segment, c.Budget, c.StartsOn, c.EndsOn,
                counts.Where(x => x.CampaignId == c.Id && !x.IsControl).Sum(x => x.Count),
                counts.Where(x => x.CampaignId == c.Id && x.IsControl).Sum(x => x.Count), c.Rule, c.ControlShare, c.Seed))];
    }

    /// <summary>The campaign's results, or null when no campaign has this id.</summary>
    /// <exception cref="NotAnalysableException">The campaign has no treated or no control members.</exception>
    public async Task<CampaignReport?> ResultsAsync(string campaignId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(campaignId);
        await using var db = database.CreateContext();
        var campaign = await db.Campaigns.AsNoTracking().SingleOrDefaultAsync(c => c.ExternalId == campaignId, ct);
        if (campaign is null)
        {
            return null;
        }
        var members = await db.CampaignMembers.AsNoTracking().Where(m => m.CampaignId == campaign.Id)
            .Select(m => new { m.IsControl, Responded = m.RespondedAt != null, Converted = m.ConvertedAt != null, m.Revenue })
            .ToListAsync(ct);
        var treated = members.Count(m => !m.IsControl);
        if (treated == 0 || treated == members.Count)
        {
            throw new NotAnalysableException(NotAnalysableReason.NotEnoughData,
                $"Campaign '{campaignId}' has {treated} contacted and {members.Count - treated} control members; results need both groups.") { Model = "campaign" };
        }
        var result = CampaignMeasurement.Measure(
            members.Select(m => new MemberOutcome(!m.IsControl, m.Responded, m.Converted, (double)(m.Revenue ?? 0))), (double)campaign.Budget);
        return new CampaignReport(campaign.ExternalId, campaign.Name, campaign.StartsOn, campaign.EndsOn, CampaignFigures.Of(result));
    }
}

/// <summary>A campaign and how many members it contacted and held out; for one planned in Valora, the rule it targeted
/// (when not a segment) and the share and seed of its random hold-out.</summary>
public sealed record CampaignSummary(
    string Id, string Name, string? Channel, string? Segment, decimal Budget, DateOnly StartsOn, DateOnly? EndsOn, int Contacted, int Control,
    string? Rule = null, double? ControlShare = null, int? Seed = null);

/// <summary>A stored campaign's results.</summary>
public sealed record CampaignReport(string Id, string Name, DateOnly StartsOn, DateOnly? EndsOn, CampaignFigures Results);

/// <summary>
/// A campaign measured against its control group, flattened for the API, the CLI and the page: the groups, the three
/// uplifts (treatment − control, 95 % interval, p-value) and the cost figures (null where undefined).
/// </summary>
public sealed record CampaignFigures(
    GroupSummary Treatment, GroupSummary Control, Uplift ResponseUplift, Uplift ConversionUplift, Uplift RevenueUplift,
    double Cost, double IncrementalConversions, double IncrementalRevenue, double? CostPerConversion,
    double? CostPerIncrementalConversion, double? ReturnOnInvestment, bool SmallSample)
{
    public static CampaignFigures Of(CampaignResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new CampaignFigures(r.Treatment, r.Control, r.ResponseUplift, r.ConversionUplift, r.RevenueUplift, r.Cost,
            r.IncrementalConversions, r.IncrementalRevenue, Finite(r.CostPerConversion), Finite(r.CostPerIncrementalConversion),
            Finite(r.ReturnOnInvestment), r.SmallSample);
    }

    static double? Finite(double x) => double.IsFinite(x) ? x : null;
}
