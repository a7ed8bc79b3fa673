using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Valora.Domain.Pipeline;

namespace Valora.Data.Pipeline;

/// <summary>One step of a deal's history.</summary>
public sealed record OpportunityEventView(DateTime At, string Actor, string Kind, string? From, string? To, string? Note);

/// <summary>
/// A deal with its weighted amount (amount × probability), its latest activity (the newest history event, else its
/// creation) and the whole days since then.
/// </summary>
public sealed record OpportunityView(
    long Id, string ExternalId, long CustomerId, string? CustomerName, string Name, string Stage, string StageLabel, decimal Amount,
    double Probability, decimal Weighted, DateOnly? ExpectedClose, string? Owner, DateTime CreatedAt, DateTime? ClosedAt,
    DateTime LastActivityAt, int IdleDays);

/// <summary>A deal and its whole history, oldest first.</summary>
public sealed record OpportunityDetail(OpportunityView Opportunity, IReadOnlyList<OpportunityEventView> History);

/// <summary>Which deals a list shows; every filter given must hold.</summary>
public sealed record OpportunityFilter(OpportunityStage? Stage = null, string? Owner = null, long? CustomerId = null, bool OpenOnly = false);

/// <summary>Query: deals (soonest expected close first, undated last) and one deal with its history.</summary>
public static class OpportunityQueries
{
    public const int MaxLimit = 1000;

    public static async Task<IReadOnlyList<OpportunityView>> ListAsync(
        ValoraDbContext db, OpportunityFilter filter, PipelineStages stages, DateTime nowUtc, int limit, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxLimit);
        var deals = db.Opportunities.AsNoTracking();
        if (filter.Stage is { } stage)
        {
            deals = deals.Where(o => o.Stage == stage);
        }
        if (filter.OpenOnly)
        {
            deals = deals.Where(o => o.Stage != OpportunityStage.Won && o.Stage != OpportunityStage.Lost);
        }
        if (filter.Owner is { } owner)
        {
            deals = deals.Where(o => o.Owner == owner);
        }
        if (filter.CustomerId is { } customer)
        {
            deals = deals.Where(o => o.CustomerId == customer);
        }
        var rows = await deals
            .Join(db.Customers, o => o.CustomerId, c => c.Id, (o, c) => new { Deal = o, c.Name })
            .OrderBy(x => x.Deal.ExpectedClose == null).ThenBy(x => x.Deal.ExpectedClose).ThenBy(x => x.Deal.Id)
            .Take(limit)
            .ToListAsync(ct);
        var last = await LastActivityAsync(db, [.. rows.Select(r => r.Deal.Id)], ct);
        return [.. rows.Select(r => View(r.Deal, r.Name, last.TryGetValue(r.Deal.Id, out var at) ? at : null, stages, nowUtc))];
    }

    public static async Task<OpportunityDetail?> OneAsync(ValoraDbContext db, long id, PipelineStages stages, DateTime nowUtc, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var row = await db.Opportunities.AsNoTracking().Where(o => o.Id == id)
            .Join(db.Customers, o => o.CustomerId, c => c.Id, (o, c) => new { Deal = o, c.Name })
            .SingleOrDefaultAsync(ct);
        if (row is null)
        {
            return null;
        }
        var events = await db.OpportunityEvents.AsNoTracking().Where(e => e.OpportunityId == id).OrderBy(e => e.Id).ToListAsync(ct);
        var view = View(row.Deal, row.Name, events.Count == 0 ? null : events.Max(e => e.At), stages, nowUtc);
        return new OpportunityDetail(view, [.. events.Select(e =>
            new OpportunityEventView(e.At, e.Actor, JsonNamingPolicy.CamelCase.ConvertName(e.Kind.ToString()), e.From, e.To, e.Note))]);
    }

    internal static OpportunityView View(Opportunity o, string? customerName, DateTime? lastEvent, PipelineStages stages, DateTime nowUtc)
    {
        var last = lastEvent is { } e && e > o.CreatedAt ? e : o.CreatedAt;
        return new OpportunityView(
            o.Id, o.ExternalId, o.CustomerId, customerName, o.Name, PipelineStages.Name(o.Stage), stages.For(o.Stage).Label ?? o.Stage.ToString(),
            o.Amount, o.Probability, decimal.Round(o.Amount * (decimal)o.Probability, 2), o.ExpectedClose, o.Owner, o.CreatedAt, o.ClosedAt,
            last, Math.Max(0, (int)(nowUtc - last).TotalDays));
    }

    static async Task<Dictionary<long, DateTime>> LastActivityAsync(ValoraDbContext db, List<long> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return [];
        }
        return await db.OpportunityEvents.AsNoTracking().Where(e => ids.Contains(e.OpportunityId))
            .GroupBy(e => e.OpportunityId)
            .Select(g => new { g.Key, Last = g.Max(e => e.At) })
            .ToDictionaryAsync(x => x.Key, x => x.Last, ct);
    }
}
