using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Valora.Analytics.Segments;
using Valora.Data.Analysis;
using Valora.Data.Scores;
using Valora.Domain.Scores;

namespace Valora.Data.Segments;

/// <summary>A stored segment: its definition and its latest membership.</summary>
/// <param name="Customers">Members as of <paramref name="AsOf"/>.</param>
/// <param name="Revenue12m">Σ revenue of the members in the 365 days up to the date.</param>
/// <param name="Clv">Σ latest CLV of the members (null: CLV never scored).</param>
/// <param name="MeanChurnProbability">Mean latest churn probability of the members who have one (null: none).</param>
public sealed record SegmentView(string Name, string Rule, string? Description, DateOnly AsOf, DateTime RanAt, int Customers, double Share,
    double Revenue12m, double? Clv, double? MeanChurnProbability);

/// <summary>How two segments overlap as of their latest runs.</summary>
/// <param name="Jaccard">|A ∩ B| / |A ∪ B| (0 when both are empty).</param>
public sealed record SegmentOverlap(string A, string B, int SizeA, int SizeB, int Both, int OnlyA, int OnlyB, double Jaccard);

/// <summary>
/// Use case: rule-based segments. A segment is a name, a rule (<see cref="SegmentRule"/>, over <see cref="SegmentFields"/>)
/// and a description; saving it computes its members as of a date and stores them as a run of the segments model
/// (version <c>segment:&lt;name&gt;</c>), so a re-save on the same date replaces and another date adds history. Editing
/// is saving again with a new rule; recomputing re-evaluates the stored rule as of a new date.
/// </summary>
public sealed partial class CustomerSegments(ValoraDatabase database, CustomerDataset? dataset = null)
{
    const string VersionPrefix = "segment:";

    /// <summary>Longest segment name (the version column holds 64 characters).</summary>
    public const int MaxNameLength = 56;

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    CustomerDataset? _dataset = dataset;

    /// <summary>The source article's three segments, shipped as editable defaults (its thresholds, in the data's currency).</summary>
    public static IReadOnlyList<(string Name, string Rule, string Description)> Presets { get; } =
    [
        ("High spender", "monthly_avg_spend > 5000", "Spends more than 5,000 a month on average over the last year"),
        ("Loyal", "orders_12m > 10", "More than 10 orders in the last year"),
        ("At risk", "days_since_last_purchase > 90 and clv > 500", "Valuable (CLV > 500) but silent for over 90 days"),
    ];

    /// <summary>Why a name cannot be a segment's, or null when it can.</summary>
    public static string? CheckName(string? name) =>
        string.IsNullOrWhiteSpace(name) ? "A segment needs a name."
        : name.Length > MaxNameLength ? string.Create(CultureInfo.InvariantCulture, $"A segment name has at most {MaxNameLength} characters; '{name}' has {name.Length}.")
        : !NamePattern().IsMatch(name) ? $"'{name}' is not a segment name: use letters, digits, spaces, '-', '_' and '.', starting with a letter or digit."
        : null;

    /// <summary>Parses a rule against the fields a segment may read (throws <see cref="SegmentRuleException"/> naming the position).</summary>
    public static SegmentRule Parse(string rule) => SegmentRule.Parse(rule, SegmentFields.All);

    /// <summary>Creates or replaces a segment and stores its members as of the date (default: the day of the latest purchase, else today).</summary>
    /// <exception cref="ArgumentException">A bad name.</exception>
    /// <exception cref="SegmentRuleException">A bad rule, with the position.</exception>
    public async Task<SegmentView> SaveAsync(string name, string rule, string? description = null, DateOnly? asOf = null, CancellationToken ct = default)
    {
        if (CheckName(name) is { } bad)
        {
            throw new ArgumentException(bad, nameof(name));
        }
        var (day, records, members) = await EvaluateAsync(Parse(rule), asOf, [Metrics.Clv.Value.Name, Metrics.Churn.Probability.Name], ct);
        var revenue = members.Sum(m => m.Number("revenue_12m") ?? 0);
        var clvs = members.Select(m => m.Number(Metrics.Clv.Value.Name)).OfType<double>().ToArray();
        var churn = members.Select(m => m.Number(Metrics.Churn.Probability.Name)).OfType<double>().ToArray();
        var summary = new SegmentSummary(members.Length, records.Count == 0 ? 0 : (double)members.Length / records.Count, revenue,
            records.Any(r => r.Number(Metrics.Clv.Value.Name) is not null) ? clvs.Sum() : null, churn.Length > 0 ? churn.Average() : null);
        var run = new ScoringRun(Metrics.Segments.Model, VersionPrefix + name, day, Metrics.Segments.All, members.Length,
            new SegmentDefinition(name, rule, description), summary);
        var (stored, _) = await RunWriter.WriteAsync(database, run, members.Select(m => Metrics.Segments.Member.Of(m.CustomerId, 1)), ct: ct);
        return View(stored)!;
    }

    /// <summary>
    /// The customers a rule matches as of the date (default as <see cref="SaveAsync"/>), ids ascending, without storing
    /// anything — a campaign's target list drawn from a rule.
    /// </summary>
    /// <exception cref="SegmentRuleException">A bad rule, with the position.</exception>
    public async Task<(DateOnly AsOf, IReadOnlyList<long> Members)> MatchAsync(string rule, DateOnly? asOf = null, CancellationToken ct = default)
    {
        var (day, _, members) = await EvaluateAsync(Parse(rule), asOf, [], ct);
        return (day, [.. members.Select(m => m.CustomerId).Order()]);
    }

    async Task<(DateOnly Day, IReadOnlyList<CustomerFields> Records, CustomerFields[] Members)> EvaluateAsync(
        SegmentRule parsed, DateOnly? asOf, IReadOnlyList<string> alsoRead, CancellationToken ct)
    {
        _dataset ??= await CustomerDataset.LoadAsync(database, ct: ct);
        var day = asOf ?? (_dataset.Purchases.Count > 0 ? DateOnly.FromDateTime(_dataset.Purchases.Max(p => p.OccurredAtUtc)) : DateOnly.FromDateTime(DateTime.UtcNow));
        var records = await SegmentFields.LoadAsync(database, day, _dataset.Purchases, [.. parsed.Fields, .. alsoRead], ct);
        return (day, records, [.. records.Where(parsed.Matches)]);
    }

    /// <summary>Every segment's latest run, by name.</summary>
    public async Task<IReadOnlyList<SegmentView>> ListAsync(CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var runs = await db.AnalysisRuns.AsNoTracking().Where(r => r.Model == Metrics.Segments.Model).ToListAsync(ct);
        return [.. runs.GroupBy(r => r.Version, StringComparer.Ordinal).Select(g => View(g.MaxBy(r => r.Id)!)!).OrderBy(s => s.Name, StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>One segment's latest run, or null when there is no such segment.</summary>
    public async Task<SegmentView?> FindAsync(string name, CancellationToken ct = default) => View(await LatestAsync(name, ct));

    /// <summary>Every run of one segment, newest first (its history of definitions and sizes).</summary>
    public async Task<IReadOnlyList<SegmentView>> HistoryAsync(string name, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var version = VersionPrefix + name;
        return [.. (await db.AnalysisRuns.AsNoTracking().Where(r => r.Model == Metrics.Segments.Model && r.Version == version).OrderByDescending(r => r.Id).ToListAsync(ct)).Select(r => View(r)!)];
    }

    /// <summary>The members of a segment's latest run (ids ascending), or null when there is no such segment.</summary>
    public async Task<IReadOnlyList<long>?> MembersAsync(string name, CancellationToken ct = default)
    {
        var run = await LatestAsync(name, ct);
        if (run is null)
        {
            return null;
        }
        await using var db = database.CreateContext();
        return [.. (await new ScoreQueries(db).NumbersAsync(run, Metrics.Segments.Member, ct: ct)).Keys.Order()];
    }

    /// <summary>The overlap of two segments' latest memberships; null when either does not exist.</summary>
    public async Task<SegmentOverlap?> CompareAsync(string a, string b, CancellationToken ct = default)
    {
        var (ma, mb) = (await MembersAsync(a, ct), await MembersAsync(b, ct));
        if (ma is null || mb is null)
        {
            return null;
        }
        var both = ma.Intersect(mb).Count();
        var union = ma.Count + mb.Count - both;
        return new SegmentOverlap(a, b, ma.Count, mb.Count, both, ma.Count - both, mb.Count - both, union == 0 ? 0 : (double)both / union);
    }

    /// <summary>Re-evaluates every stored segment's rule as of the date (history kept); returns them.</summary>
    public async Task<IReadOnlyList<SegmentView>> RecomputeAllAsync(DateOnly? asOf = null, CancellationToken ct = default)
    {
        var result = new List<SegmentView>();
        foreach (var s in await ListAsync(ct))
        {
            result.Add(await SaveAsync(s.Name, s.Rule, s.Description, asOf, ct));
        }
        return result;
    }

    /// <summary>Deletes a segment with its whole history; false when there was none.</summary>
    public async Task<bool> DeleteAsync(string name, CancellationToken ct = default)
    {
        var version = VersionPrefix + name;
        await using var db = database.CreateContext();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var runs = await db.AnalysisRuns.Where(r => r.Model == Metrics.Segments.Model && r.Version == version).ExecuteDeleteAsync(ct);
        await db.CustomerScores.Where(s => s.ModelVersion == version && s.Metric == Metrics.Segments.Member.Name).ExecuteDeleteAsync(ct);
        await tx.CommitAsync(ct);
        return runs > 0;
    }

    async Task<AnalysisRun?> LatestAsync(string name, CancellationToken ct)
    {
        var version = VersionPrefix + name;
        await using var db = database.CreateContext();
        return await db.AnalysisRuns.AsNoTracking().Where(r => r.Model == Metrics.Segments.Model && r.Version == version)
            .OrderByDescending(r => r.Id).FirstOrDefaultAsync(ct);
    }

    static SegmentView? View(AnalysisRun? run)
    {
        if (run is null)
        {
            return null;
        }
        var definition = JsonSerializer.Deserialize<SegmentDefinition>(run.ParametersJson, Json)!;
        var summary = JsonSerializer.Deserialize<SegmentSummary>(run.SummaryJson, Json)!;
        return new SegmentView(definition.Name, definition.Rule, definition.Description, run.AsOf, run.RanAt, summary.Customers, summary.Share,
            summary.Revenue12m, summary.Clv, summary.MeanChurnProbability);
    }

    sealed record SegmentDefinition(string Name, string Rule, string? Description);

    sealed record SegmentSummary(int Customers, double Share, double Revenue12m, double? Clv, double? MeanChurnProbability);

    [GeneratedRegex(@"^[\p{L}\p{N}][\p{L}\p{N} _.\-]*$")]
    private static partial Regex NamePattern();
}
