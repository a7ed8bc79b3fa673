using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Valora.Analytics.Baskets;
using Valora.Data.Analysis;
using Valora.Data.Bulk;
using Valora.Data.Segments;
using Valora.Domain.Baskets;
using Valora.Domain.Scores;

namespace Valora.Data.Baskets;

/// <summary>Which stored orders a rules run mines (every property null: all completed orders).</summary>
public sealed record RuleScope
{
    /// <summary>Only orders of customers of this country (trimmed, ignoring case).</summary>
    public string? Country { get; init; }

    /// <summary>Only orders placed on or after this day (UTC).</summary>
    public DateOnly? From { get; init; }

    /// <summary>Only orders placed on or before this day (UTC, inclusive).</summary>
    public DateOnly? To { get; init; }

    /// <summary>Only orders of the members of this saved segment (its latest run).</summary>
    public string? Segment { get; init; }

    /// <summary>"country United Kingdom, 2011-01-01 to 2011-12-31, segment Loyal", or "all orders".</summary>
    public string Describe()
    {
        var parts = new List<string>();
        if (Country is not null)
        {
            parts.Add($"country {Country}");
        }
        if (From is not null || To is not null)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{(From is { } f ? f.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "the first order")} to {(To is { } t ? t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "the last order")}"));
        }
        if (Segment is not null)
        {
            parts.Add($"segment {Segment}");
        }
        return parts.Count == 0 ? "all orders" : string.Join(", ", parts);
    }
}

/// <summary>Settings of a rules run on the stored orders; the same as <c>valora rules --data</c>'s.</summary>
public sealed record MineRulesOptions
{
    /// <summary>Least share of baskets an itemset is in, in (0, 1].</summary>
    public double MinSupport { get; init; } = ItemsetOptions.DefaultMinSupport;

    /// <summary>The frequent-itemset algorithm (all three give the same itemsets).</summary>
    public MiningAlgorithm Algorithm { get; init; } = MiningAlgorithm.FpGrowth;

    /// <summary>Least confidence kept, in [0, 1].</summary>
    public double MinConfidence { get; init; }

    /// <summary>Least lift kept (null: all).</summary>
    public double? MinLift { get; init; }

    /// <summary>Most items in an itemset or rule, at least 2 (null: no limit).</summary>
    public int? MaxLength { get; init; }

    /// <summary>SKUs left out of every basket (e.g. POST, DOT), compared exactly.</summary>
    public IReadOnlyList<string> ExcludeItems { get; init; } = [];

    /// <summary>Keep only the best K rules by <see cref="By"/> (null: all, up to <see cref="MineOrderRules.MaxStoredRules"/>).</summary>
    public int? Top { get; init; }

    /// <summary>The measure rules are ranked (and stored ranked) by.</summary>
    public RuleMetric By { get; init; } = RuleMetric.Lift;

    /// <summary>Which orders are mined.</summary>
    public RuleScope Scope { get; init; } = new();

    /// <summary>The first setting out of range, as (field, rule), or null when all are valid. Field names are the API's.</summary>
    public (string Field, string Rule)? Check()
    {
        if (!(MinSupport > 0 && MinSupport <= 1))
        {
            return ("minSupport", string.Create(CultureInfo.InvariantCulture, $"minSupport must be in (0, 1] (a share of baskets, 0.01 = 1 %) but was {MinSupport}."));
        }
        if (!(MinConfidence >= 0 && MinConfidence <= 1))
        {
            return ("minConfidence", string.Create(CultureInfo.InvariantCulture, $"minConfidence must be in [0, 1] but was {MinConfidence}."));
        }
        if (MinLift is { } lift && !(double.IsFinite(lift) && lift >= 0))
        {
            return ("minLift", string.Create(CultureInfo.InvariantCulture, $"minLift must be a finite number ≥ 0 but was {lift}."));
        }
        if (MaxLength is { } ml && ml is < 2 or > 30)
        {
            return ("maxLength", string.Create(CultureInfo.InvariantCulture, $"maxLength must be between 2 and 30 items but was {ml}."));
        }
        if (Top is { } k && (k < 1 || k > MineOrderRules.MaxStoredRules))
        {
            return ("top", string.Create(CultureInfo.InvariantCulture, $"top must be between 1 and {MineOrderRules.MaxStoredRules} but was {k}."));
        }
        if (!Enum.IsDefined(Algorithm))
        {
            return ("algorithm", "algorithm must be fpgrowth, apriori or eclat.");
        }
        if (!Enum.IsDefined(By))
        {
            return ("by", "by must be one of " + string.Join(", ", Enum.GetNames<RuleMetric>().Select(n => n.ToLowerInvariant())) + ".");
        }
        if (ExcludeItems.Any(string.IsNullOrWhiteSpace))
        {
            return ("excludeItems", "excludeItems must not hold an empty item.");
        }
        if (Scope.Country is { } c && string.IsNullOrWhiteSpace(c))
        {
            return ("country", "country must not be empty.");
        }
        if (Scope is { From: { } from, To: { } to } && from > to)
        {
            return ("from", string.Create(CultureInfo.InvariantCulture, $"from ({from:yyyy-MM-dd}) must be on or before to ({to:yyyy-MM-dd})."));
        }
        if (Scope.Segment is { } s && string.IsNullOrWhiteSpace(s))
        {
            return ("segment", "segment must not be empty.");
        }
        return null;
    }
}

/// <summary>One stored rule as read back: sides by item code (ordinal order) and every measure.</summary>
/// <param name="Rank">1 = the run's best by its ranking metric.</param>
/// <param name="Conviction">Null when the confidence is 1 (conviction +∞).</param>
public sealed record RuleView(int Rank, IReadOnlyList<string> Antecedent, IReadOnlyList<string> Consequent, int Count,
    double Support, double AntecedentSupport, double ConsequentSupport, double Confidence, double Lift, double Leverage,
    double? Conviction, double Zhang, double Jaccard, double Certainty, double Kulczynski)
{
    /// <summary>The value of one measure (conviction +∞ when null).</summary>
    public double Metric(RuleMetric metric) => metric switch
    {
        RuleMetric.Support => Support,
        RuleMetric.Confidence => Confidence,
        RuleMetric.Lift => Lift,
        RuleMetric.Leverage => Leverage,
        RuleMetric.Conviction => Conviction ?? double.PositiveInfinity,
        RuleMetric.Zhang => Zhang,
        RuleMetric.Jaccard => Jaccard,
        RuleMetric.Certainty => Certainty,
        RuleMetric.Kulczynski => Kulczynski,
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "Unknown rule metric."),
    };

    /// <summary>"22697 → 22698 22699".</summary>
    public override string ToString() => string.Join(' ', Antecedent) + " → " + string.Join(' ', Consequent);
}

/// <summary>What a rules run mined and stored.</summary>
/// <param name="RunId">The stored run (0 when not saved).</param>
/// <param name="Baskets">Orders in scope (the support denominator).</param>
/// <param name="Customers">Distinct customers of those orders.</param>
/// <param name="Items">Distinct SKUs in them.</param>
/// <param name="Rules">The rules, best first by the run's metric.</param>
/// <param name="Truncated">More rules passed the filters than <see cref="MineOrderRules.MaxStoredRules"/>; the best were kept.</param>
public sealed record RulesRun(long RunId, string Version, DateOnly AsOf, DateTime RanAt, MineRulesOptions Options, int Baskets,
    int Customers, int Items, int Itemsets, int MinCount, IReadOnlyList<RuleView> Rules, bool Truncated, double MiningSeconds)
{
    /// <summary>Rules the run stored (<see cref="Rules"/> may be a filtered part of them).</summary>
    public int StoredRules { get; init; } = Rules.Count;

    /// <summary>Members of the scope's segment when the run was made (null: no segment).</summary>
    public int? SegmentMembers { get; init; }
}

/// <summary>
/// Use case: association rules of the stored orders (basket = completed order, item = merchandise SKU, as
/// <see cref="OrderBaskets"/> loads them: cancelled, pending and returned orders and non-merchandise lines left out)
/// within a scope (country, date range, saved segment), mined with the options of <c>valora rules --data</c>. The run
/// is stored as an <see cref="AnalysisRun"/> of model <see cref="Model"/> (no per-customer scores) with its rules in
/// <c>AssociationRules</c>. The version is a hash of the settings and the scope, the as-of date the day of the latest
/// order in scope: a re-run on the same data with the same settings replaces the run and its rules; other settings or
/// scopes are kept beside it.
/// </summary>
public sealed class MineOrderRules(ValoraDatabase database)
{
    /// <summary>The model name of rules runs.</summary>
    public const string Model = "rules";

    /// <summary>Most rules one run stores (the best by its metric are kept).</summary>
    public const int MaxStoredRules = 50_000;

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <exception cref="ArgumentException">A setting out of range (the parameter name is the field), or an unknown segment.</exception>
    /// <exception cref="NotAnalysableException">No completed order in scope.</exception>
    public async Task<RulesRun> ExecuteAsync(MineRulesOptions? options = null, bool save = true, TimeProvider? time = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        options ??= new MineRulesOptions();
        if (options.Check() is { } bad)
        {
            throw new ArgumentException(bad.Rule, bad.Field);
        }
        var scope = options.Scope;
        HashSet<long>? members = null;
        if (scope.Segment is { } segment)
        {
            var found = await new CustomerSegments(database).MembersAsync(segment, ct)
                ?? throw new ArgumentException($"There is no segment named '{segment}'; see 'valora segment list'.", "segment");
            members = [.. found];
        }
        var loaded = await OrderBaskets.LoadAsync(database, new BasketScope
        {
            Country = scope.Country,
            From = scope.From,
            To = scope.To,
            Customers = members,
            ExcludeItems = options.ExcludeItems,
        }, ct);
        var baskets = loaded.Baskets;
        if (baskets.Count == 0)
        {
            throw new NotAnalysableException(NotAnalysableReason.NoOrders, $"There are no completed orders to mine in the scope ({scope.Describe()}).") { Model = Model };
        }
        var mined = TableRules.Mine(baskets,
            new ItemsetOptions { MinSupport = options.MinSupport, MaxLength = options.MaxLength, Algorithm = options.Algorithm },
            new RuleOptions
            {
                MinConfidence = options.MinConfidence,
                MinLift = options.MinLift,
                MaxLength = options.MaxLength,
                Top = options.Top ?? MaxStoredRules,
                By = options.By,
            });
        // Ties are broken by the item codes, not by their ids (the order the lines were read), so ranks do not depend on the database.
        var by = options.By;
        var rules = mined.Rules.Select(r => View(0, r, mined.Itemsets))
            .OrderByDescending(r => r.Metric(by)).ThenByDescending(r => r.Support)
            .ThenBy(r => string.Join('\u001f', r.Antecedent), StringComparer.Ordinal)
            .ThenBy(r => string.Join('\u001f', r.Consequent), StringComparer.Ordinal)
            .Select((r, i) => r with { Rank = i + 1 }).ToList();
        var asOf = DateOnly.FromDateTime(loaded.LatestOrderedAt!.Value);
        var parameters = Parameters(options);
        var version = VersionOf(parameters);
        var customers = loaded.Customers.Distinct().Count();
        var truncated = options.Top is null && rules.Count == MaxStoredRules;
        var ranAt = (time ?? TimeProvider.System).GetUtcNow().UtcDateTime;
        var result = new RulesRun(0, version, asOf, ranAt, options, baskets.Count, customers, baskets.ItemCount,
            mined.Itemsets.Itemsets.Count, mined.Itemsets.MinCount, rules, truncated, mined.MiningSeconds) { SegmentMembers = members?.Count };
        if (!save)
        {
            return result;
        }
        var summary = new RulesSummary(result.Baskets, result.Customers, result.Items, result.Itemsets, result.MinCount,
            rules.Count, truncated, members?.Count, result.MiningSeconds);
        var run = new AnalysisRun
        {
            Model = Model,
            Version = version,
            AsOf = asOf,
            RanAt = ranAt,
            Customers = customers,
            ParametersJson = JsonSerializer.Serialize(parameters, Json),
            SummaryJson = JsonSerializer.Serialize(summary, Json),
        };
        await using var db = database.CreateContext();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await BulkLock.SharedAsync(db, ct);
        var previous = db.AnalysisRuns.Where(r => r.Model == Model && r.Version == version && r.AsOf == asOf).Select(r => r.Id);
        await db.AssociationRules.Where(r => previous.Contains(r.RunId)).ExecuteDeleteAsync(ct);
        await db.AnalysisRuns.Where(r => r.Model == Model && r.Version == version && r.AsOf == asOf).ExecuteDeleteAsync(ct);
        db.AnalysisRuns.Add(run);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        db.AssociationRules.AddRange(rules.Select(r => Row(run.Id, r)));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return result with { RunId = run.Id };
    }

    /// <summary>"rules-" and the first 12 hex digits of the SHA-256 of the settings' JSON: one version per settings and scope.</summary>
    public static string VersionOf(MineRulesOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return VersionOf(Parameters(options));
    }

    static string VersionOf(RulesParameters parameters) =>
        Model + "-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(parameters, Json))))[..12];

    internal static RulesParameters Parameters(MineRulesOptions o) => new(
        o.Scope.Country?.Trim(), o.Scope.From, o.Scope.To, o.Scope.Segment, o.MinSupport, Name(o.Algorithm), o.MinConfidence,
        o.MinLift, o.MaxLength, [.. o.ExcludeItems.Order(StringComparer.Ordinal)], o.Top, o.By.ToString().ToLowerInvariant());

    internal static MineRulesOptions Options(RulesParameters p) => new()
    {
        MinSupport = p.MinSupport,
        Algorithm = Enum.TryParse<MiningAlgorithm>(p.Algorithm, true, out var a) ? a : MiningAlgorithm.FpGrowth,
        MinConfidence = p.MinConfidence,
        MinLift = p.MinLift,
        MaxLength = p.MaxLength,
        ExcludeItems = p.ExcludeItems ?? [],
        Top = p.Top,
        By = Enum.TryParse<RuleMetric>(p.By, true, out var by) ? by : RuleMetric.Lift,
        Scope = new RuleScope { Country = p.Country, From = p.From, To = p.To, Segment = p.Segment },
    };

    /// <summary>fpgrowth, apriori or eclat.</summary>
    public static string Name(MiningAlgorithm algorithm) => algorithm.ToString().ToLowerInvariant();

    static RuleView View(int rank, AssociationRule r, FrequentItemsets sets) => new(rank,
        [.. sets.Names(r.Antecedent).Order(StringComparer.Ordinal)], [.. sets.Names(r.Consequent).Order(StringComparer.Ordinal)],
        r.Count, r.Support, r.AntecedentSupport, r.ConsequentSupport, r.Confidence, r.Lift, r.Leverage,
        double.IsFinite(r.Conviction) ? r.Conviction : null, r.Zhang, r.Jaccard, r.Certainty, r.Kulczynski);

    static StoredRule Row(long runId, RuleView r) => new()
    {
        RunId = runId,
        Rank = r.Rank,
        Antecedent = JsonSerializer.Serialize(r.Antecedent, Json),
        Consequent = JsonSerializer.Serialize(r.Consequent, Json),
        Count = r.Count,
        Support = r.Support,
        AntecedentSupport = r.AntecedentSupport,
        ConsequentSupport = r.ConsequentSupport,
        Confidence = r.Confidence,
        Lift = r.Lift,
        Leverage = r.Leverage,
        Conviction = r.Conviction,
        Zhang = r.Zhang,
        Jaccard = r.Jaccard,
        Certainty = r.Certainty,
        Kulczynski = r.Kulczynski,
    };

    internal static RuleView View(StoredRule r) => new(r.Rank,
        JsonSerializer.Deserialize<string[]>(r.Antecedent, Json) ?? [], JsonSerializer.Deserialize<string[]>(r.Consequent, Json) ?? [],
        r.Count, r.Support, r.AntecedentSupport, r.ConsequentSupport, r.Confidence, r.Lift, r.Leverage, r.Conviction,
        r.Zhang, r.Jaccard, r.Certainty, r.Kulczynski);
}

/// <summary>The settings of a rules run as stored (its ParametersJson).</summary>
sealed record RulesParameters(string? Country, DateOnly? From, DateOnly? To, string? Segment, double MinSupport, string Algorithm,
    double MinConfidence, double? MinLift, int? MaxLength, string[]? ExcludeItems, int? Top, string By);

/// <summary>The counts of a rules run as stored (its SummaryJson).</summary>
/// <param name="SegmentMembers">Members of the scope's segment (null: no segment).</param>
sealed record RulesSummary(int Baskets, int Customers, int Items, int Itemsets, int MinCount, int Rules, bool Truncated,
    int? SegmentMembers, double MiningSeconds);
