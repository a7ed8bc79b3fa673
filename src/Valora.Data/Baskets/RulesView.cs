using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Valora.Analytics.Baskets;
using Valora.Data.Scores;
using Valora.Domain.Scores;

namespace Valora.Data.Baskets;

/// <summary>Which stored rules to list.</summary>
public sealed record RulesQuery
{
    /// <summary>Best first by this measure (ties: higher support, then the run's rank).</summary>
    public RuleMetric Sort { get; init; } = RuleMetric.Lift;

    /// <summary>Least lift (null: all).</summary>
    public double? MinLift { get; init; }

    /// <summary>Least confidence (null: all).</summary>
    public double? MinConfidence { get; init; }

    /// <summary>Only rules with an item on either side whose code contains this text (ignoring case; null: all).</summary>
    public string? Item { get; init; }

    /// <summary>At most this many rules (null: all).</summary>
    public int? Top { get; init; }
}

/// <summary>
/// The read side of rules runs, shared by the CLI, the API and the dashboard: the latest run (or one by id) with its
/// scope, settings and counts, and its rules filtered and sorted.
/// </summary>
public sealed class RulesView(ValoraDbContext db)
{
    /// <summary>The most recently made rules run with the rules <paramref name="query"/> selects; null when rules never ran.</summary>
    public async Task<RulesRun?> LatestAsync(RulesQuery? query = null, CancellationToken ct = default)
    {
        var run = await new ScoreQueries(db).LatestRunAsync(MineOrderRules.Model, ct);
        return run is null ? null : await OfAsync(run, query, ct);
    }

    /// <summary>Every rules run, newest first, without their rules.</summary>
    public async Task<IReadOnlyList<RulesRun>> RunsAsync(CancellationToken ct = default) =>
        [.. (await new ScoreQueries(db).RunsAsync(MineOrderRules.Model, ct)).Select(r => Describe(r, []))];

    /// <summary>One run with the rules <paramref name="query"/> selects.</summary>
    public async Task<RulesRun> OfAsync(AnalysisRun run, RulesQuery? query = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        query ??= new RulesQuery();
        var rows = db.AssociationRules.AsNoTracking().Where(r => r.RunId == run.Id);
        if (query.MinLift is { } lift)
        {
            rows = rows.Where(r => r.Lift >= lift);
        }
        if (query.MinConfidence is { } confidence)
        {
            rows = rows.Where(r => r.Confidence >= confidence);
        }
        var rules = (await rows.OrderBy(r => r.Rank).ToListAsync(ct)).Select(MineOrderRules.View);
        if (query.Item is { Length: > 0 } item)
        {
            var text = item.Trim();
            rules = rules.Where(r => r.Antecedent.Concat(r.Consequent).Any(i => i.Contains(text, StringComparison.OrdinalIgnoreCase)));
        }
        var sort = query.Sort;
        IEnumerable<RuleView> sorted = rules.OrderByDescending(r => r.Metric(sort)).ThenByDescending(r => r.Support).ThenBy(r => r.Rank);
        if (query.Top is { } top)
        {
            sorted = sorted.Take(Math.Max(0, top));
        }
        return Describe(run, [.. sorted]);
    }

    internal static RulesRun Describe(AnalysisRun run, IReadOnlyList<RuleView> rules)
    {
        var parameters = JsonSerializer.Deserialize<RulesParameters>(run.ParametersJson, MineOrderRules.Json)!;
        var summary = JsonSerializer.Deserialize<RulesSummary>(run.SummaryJson, MineOrderRules.Json)!;
        return new RulesRun(run.Id, run.Version, run.AsOf, run.RanAt, MineOrderRules.Options(parameters), summary.Baskets,
            summary.Customers, summary.Items, summary.Itemsets, summary.MinCount, rules, summary.Truncated, summary.MiningSeconds)
        {
            StoredRules = summary.Rules,
            SegmentMembers = summary.SegmentMembers,
        };
    }
}
