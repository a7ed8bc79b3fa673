using Microsoft.EntityFrameworkCore;
using Valora.Analytics.Kpi;
using Valora.Data.Analysis;
using Valora.Data.Sales;

namespace Valora.Data.Kpi;

/// <summary>
/// Use case: the customer KPIs over a window [from, to) — retention and churn against the previous window of equal
/// length, order and revenue KPIs, repeat-purchase rate, campaign conversion, and the cohort retention matrix.
/// </summary>
public sealed class ComputeKpis(ValoraDatabase database, CustomerDataset? dataset = null)
{
    public async Task<KpiReport> ExecuteAsync(DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        if (to <= from)
        {
            throw new ArgumentException($"The window is empty: its end ({to:yyyy-MM-dd}, exclusive) must be after its start ({from:yyyy-MM-dd}).");
        }
        var purchases = (dataset ?? await CustomerDataset.LoadAsync(database, ct: ct)).Purchases;
        var upTo = purchases.Where(p => DateOnly.FromDateTime(p.OccurredAtUtc) < to).ToList();
        if (!upTo.Exists(p => DateOnly.FromDateTime(p.OccurredAtUtc) >= from))
        {
            throw new NotAnalysableException(purchases.Count == 0 ? NotAnalysableReason.NoOrders : NotAnalysableReason.NotEnoughData,
                $"No order in [{from:yyyy-MM-dd}, {to:yyyy-MM-dd}): the KPIs are undefined.") { Model = "kpi" };
        }
        var previousFrom = from.AddDays(-(to.DayNumber - from.DayNumber));
        var hasBase = upTo.Any(p => DateOnly.FromDateTime(p.OccurredAtUtc) >= previousFrom && DateOnly.FromDateTime(p.OccurredAtUtc) < from);
        WindowRetention? retention = hasBase ? CustomerKpis.Retention(upTo, from, to) : null;
        var window = CustomerKpis.Purchases(upTo, from, to);

        // Conversion of contacted (non-control) campaign members whose message went out in the window.
        var fromUtc = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var toUtc = to.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        await using var db = database.CreateContext();
        var contacted = db.CampaignMembers.Where(m => !m.IsControl && m.SentAt >= fromUtc && m.SentAt < toUtc);
        var targeted = await contacted.LongCountAsync(ct);
        var converted = await contacted.LongCountAsync(m => m.ConvertedAt != null, ct);

        return new KpiReport(
            from, to, retention, window,
            CustomerKpis.RepeatPurchaseRate(upTo),
            targeted, converted, targeted > 0 ? CustomerKpis.ConversionRate(converted, targeted) : null,
            CohortRetention.Build(upTo, to.AddDays(-1)));
    }
}

/// <param name="Retention">Null when nobody bought in the previous window (no base to retain).</param>
/// <param name="RepeatPurchaseRate">Share of customers (up to the end of the window) with two or more orders.</param>
/// <param name="ConversionRate">Converted / contacted campaign members in the window; null when none were contacted.</param>
public sealed record KpiReport(
    DateOnly From,
    DateOnly To,
    WindowRetention? Retention,
    PurchaseKpis Window,
    double RepeatPurchaseRate,
    long CampaignMembersContacted,
    long CampaignMembersConverted,
    double? ConversionRate,
    CohortMatrix Cohorts);
