using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Valora.Analytics.Pipeline;
using Valora.Domain.Pipeline;

namespace Valora.Data.Pipeline;

/// <summary>What the pipeline report covers: the as-of day, forecast period, stale threshold and win-rate window.</summary>
public sealed record PipelineReportOptions(DateOnly AsOf, ForecastPeriod Period = ForecastPeriod.Month, int StaleDays = 30, int WindowDays = 365)
{
    public const int MaxDays = 3660;

    /// <summary>The rule broken by the options, naming the parameter; null when they are valid.</summary>
    public string? Problem() =>
        StaleDays is < 1 or > MaxDays ? $"staleDays must be between 1 and {MaxDays} (was {StaleDays})."
        : WindowDays is < 1 or > MaxDays ? $"windowDays must be between 1 and {MaxDays} (was {WindowDays})."
        : null;
}

/// <summary>
/// Use case: the pipeline as it stood at the end of the as-of day. Each deal created by then is rebuilt from its
/// history: a field's value at a time is the "to" of its latest change at or before it, else the "from" of its first
/// change after it, else the value stored now — so stage, probability, amount and expected close are those of that day.
/// A deal with no recorded stage history (imported or demo rows) that is closed now but closed after the as-of day was
/// open then in an unknown stage: it counts in the first stage with that stage's default probability. The close day is
/// that of the move into won or lost, else the stored close time. Then <see cref="PipelineAnalysis"/> sums it up.
/// </summary>
public static class PipelineReport
{
    /// <summary>
    /// The as-of day used when none is given: the latest day with pipeline activity (a deal created, closed or changed),
    /// as <c>valora cycle</c> takes the latest purchase — so an export from another system is reported where its data
    /// ends, not months later with every deal stale; <paramref name="today"/> when there are no deals.
    /// </summary>
    public static async Task<DateOnly> DefaultAsOfAsync(ValoraDbContext db, DateOnly today, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var created = await db.Opportunities.MaxAsync(o => (DateTime?)o.CreatedAt, ct);
        var closed = await db.Opportunities.MaxAsync(o => o.ClosedAt, ct);
        var changed = await db.OpportunityEvents.MaxAsync(e => (DateTime?)e.At, ct);
        var latest = new[] { created, closed, changed }.Max();
        return latest is { } l ? DateOnly.FromDateTime(l) : today;
    }

    public static async Task<PipelineSummary> RunAsync(ValoraDbContext db, PipelineStages stages, PipelineReportOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(stages);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Problem() is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }
        var end = options.AsOf.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var deals = await db.Opportunities.AsNoTracking().Where(o => o.CreatedAt < end).ToListAsync(ct);
        var history = (await db.OpportunityEvents.AsNoTracking()
                .Where(e => db.Opportunities.Any(o => o.Id == e.OpportunityId && o.CreatedAt < end))
                .ToListAsync(ct))
            .GroupBy(e => e.OpportunityId)
            .ToDictionary(g => g.Key, g => g.OrderBy(e => e.At).ThenBy(e => e.Id).ToList());
        var rebuilt = deals.Select(o => AsOf(o, history.GetValueOrDefault(o.Id) ?? [], end, stages)).ToList();
        return PipelineAnalysis.Analyse(rebuilt, new PipelineOptions(
            options.AsOf, [.. PipelineStages.Order.Select(PipelineStages.Name)], options.Period, options.StaleDays, options.WindowDays));
    }

    static Deal AsOf(Opportunity o, List<OpportunityEvent> events, DateTime end, PipelineStages stages)
    {
        var stageEvents = events.Where(e => e.Kind is OpportunityEventKind.Created or OpportunityEventKind.Stage).ToList();
        var stageName = ValueAt(stageEvents, end, PipelineStages.Name(o.Stage));
        var stage = Enum.Parse<OpportunityStage>(stageName, ignoreCase: true);
        var probability = double.Parse(ValueAt(Of(events, OpportunityEventKind.Probability), end, SaveOpportunity.Invariant(o.Probability)), CultureInfo.InvariantCulture);
        DateOnly? closed = null;
        if (PipelineStages.IsClosed(stage))
        {
            var move = stageEvents.LastOrDefault(e => e.At < end && e.To == stageName);
            var at = move?.At ?? o.ClosedAt;
            if (move is null && stageEvents.Count(e => e.Kind == OpportunityEventKind.Stage) == 0 && o.ClosedAt >= end)
            {
                stage = PipelineStages.Order[0];
                probability = stages.For(stage).Probability;
            }
            else if (at is { } t)
            {
                closed = DateOnly.FromDateTime(t);
            }
        }
        var amount = decimal.Parse(ValueAt(Of(events, OpportunityEventKind.Amount), end, SaveOpportunity.Invariant(o.Amount)), CultureInfo.InvariantCulture);
        var close = MaybeAt(Of(events, OpportunityEventKind.ExpectedClose), end, SaveOpportunity.Invariant(o.ExpectedClose));
        var last = events.Where(e => e.At < end).Select(e => (DateTime?)e.At).Max() is { } l && l > o.CreatedAt ? l : o.CreatedAt;
        var state = stage switch { OpportunityStage.Won => DealState.Won, OpportunityStage.Lost => DealState.Lost, _ => DealState.Open };
        return new Deal(
            o.Id, o.Name, PipelineStages.Name(stage), state, (double)amount, probability,
            close is null ? null : DateOnly.ParseExact(close, "yyyy-MM-dd", CultureInfo.InvariantCulture),
            DateOnly.FromDateTime(o.CreatedAt), closed, DateOnly.FromDateTime(last), MaybeAt(Of(events, OpportunityEventKind.Owner), end, o.Owner));
    }

    static List<OpportunityEvent> Of(List<OpportunityEvent> events, OpportunityEventKind kind) => events.Where(e => e.Kind == kind).ToList();

    /// <summary>The value at <paramref name="end"/> of a field whose changes are <paramref name="changes"/> (oldest first).</summary>
    static string ValueAt(List<OpportunityEvent> changes, DateTime end, string current) =>
        MaybeAt(changes, end, current) ?? current;

    /// <summary>As <see cref="ValueAt"/>, for a field that may be empty (null).</summary>
    static string? MaybeAt(List<OpportunityEvent> changes, DateTime end, string? current)
    {
        var before = changes.LastOrDefault(e => e.At < end);
        if (before is not null)
        {
            return before.To;
        }
        var after = changes.FirstOrDefault(e => e.At >= end);
        return after is not null && after.Kind != OpportunityEventKind.Created ? after.From : current;
    }
}
