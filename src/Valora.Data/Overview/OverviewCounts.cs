using Microsoft.EntityFrameworkCore;

namespace Valora.Data.Overview;

/// <summary>How many rows each part of the CRM holds. <see cref="Scores"/> counts stored customer scores (one per metric, date and model version).</summary>
public sealed record OverviewCounts(
    int Customers,
    int Products,
    int Orders,
    int OrderLines,
    int Interactions,
    int Referrals,
    int Tickets,
    int Surveys,
    int Opportunities,
    int Campaigns,
    int Scores)
{
    /// <summary>Counts every table; shared by the API and the dashboard so both always show the same numbers.</summary>
    public static async Task<OverviewCounts> LoadAsync(ValoraDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        // One query after another: a DbContext runs one command at a time.
        return new OverviewCounts(
            await db.Customers.CountAsync(ct),
            await db.Products.CountAsync(ct),
            await db.Orders.CountAsync(ct),
            await db.OrderLines.CountAsync(ct),
            await db.Interactions.CountAsync(ct),
            await db.Referrals.CountAsync(ct),
            await db.Tickets.CountAsync(ct),
            await db.SurveyResponses.CountAsync(ct),
            await db.Opportunities.CountAsync(ct),
            await db.Campaigns.CountAsync(ct),
            await db.CustomerScores.CountAsync(ct));
    }
}
