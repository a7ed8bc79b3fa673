using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Valora.Analytics.Clv;
using Valora.Analytics.Cycles;
using Valora.Data.Analysis;
using Valora.Data.Clv;
using Valora.Data.Scores;
using Valora.Domain.Sales;

namespace Valora.Data.Cycles;

/// <summary>The result of a purchase-cycle run: every customer's rhythm and each category's repurchase cycle.</summary>
/// <param name="Version">The version written on the scores (k, window and the BG/NBD model used).</param>
/// <param name="GroupedBy">"category" when the catalogue has categories, else "product" (the SKU).</param>
/// <param name="BtydModel">The BG/NBD model run whose parameters gave P(alive) and the window probability (null: none fitted on data up to the date).</param>
public sealed record PurchaseCycleRun(string Version, DateOnly AsOf, CycleOptions Options, IReadOnlyList<CustomerCycle> Customers,
    string GroupedBy, IReadOnlyList<CategoryCycle> Categories, string? BtydModel)
{
    /// <summary>Customers per status: overdue, on track, no rhythm.</summary>
    public IReadOnlyList<(CycleStatus Status, int Customers)> Counts =>
        [.. new[] { CycleStatus.Overdue, CycleStatus.OnTrack, CycleStatus.NoRhythm }.Select(s => (s, Customers.Count(c => c.Status == s)))];
}

/// <summary>
/// Use case: every customer's purchase rhythm as of a date (<see cref="PurchaseCycles"/>) stored as cycle_* scores,
/// and the repurchase cycle per product category (per SKU when no product has a category) kept in the run's summary.
/// P(alive) and the probability of a purchase in the window come from the latest BG/NBD fit whose data ends on or
/// before the date (a fit on later data would read the future); Pareto/NBD fits are not used (no closed form here).
/// Category cycles read completed orders' merchandise lines only.
/// </summary>
public sealed class RunPurchaseCycle(ValoraDatabase database, CustomerDataset? dataset = null)
{
    /// <summary>Categories kept in the run's summary (most repeaters first).</summary>
    public const int MaxCategories = 200;

    const string Sql = """
        SELECT o."CustomerId", o."OrderedAt", p."Category", COALESCE(l."Sku", p."Sku"), l."IsMerchandise"
        FROM "Orders" o
        JOIN "OrderLines" l ON l."OrderId" = o."Id"
        LEFT JOIN "Products" p ON p."Id" = l."ProductId"
        WHERE o."Status" = 'Completed'
        """;

    /// <param name="progress">Receives the stage being worked on (loading, rhythms, categories, storing).</param>
    public async Task<PurchaseCycleRun> ExecuteAsync(DateOnly? asOf, CycleOptions? options = null, bool save = true,
        IProgress<string>? progress = null, CancellationToken ct = default)
    {
        options ??= new CycleOptions();
        if (options.Check() is { } bad)
        {
            throw new ArgumentException(bad.Rule, bad.Field);
        }
        progress?.Report("loading purchases");
        var data = dataset ?? await CustomerDataset.LoadAsync(database, ct: ct);
        if (data.Purchases.Count == 0)
        {
            throw new NotAnalysableException(NotAnalysableReason.NoOrders, "There are no completed orders to find purchase cycles in.") { Model = Metrics.Cycle.Model };
        }
        var day = asOf ?? DateOnly.FromDateTime(data.Purchases.Max(p => p.OccurredAtUtc));
        progress?.Report("customer rhythms");
        var (model, modelVersion) = await ModelAsync(day, ct);
        var customers = PurchaseCycles.Analyse(data.Purchases, day, options, model);
        if (customers.Count == 0)
        {
            throw new NotAnalysableException(NotAnalysableReason.NoOrders,
                string.Create(CultureInfo.InvariantCulture, $"No customer bought on or before {day:yyyy-MM-dd}.")) { Model = Metrics.Cycle.Model };
        }
        progress?.Report("category cycles");
        var (groupedBy, rows) = await GroupPurchasesAsync(day, ct);
        var categories = PurchaseCycles.CategoryCycles(rows, day).Take(MaxCategories).ToList();
        var run = new PurchaseCycleRun(VersionOf(options, modelVersion), day, options, customers, groupedBy, categories, modelVersion);
        if (save)
        {
            progress?.Report("storing scores");
            var scoring = new ScoringRun(Metrics.Cycle.Model, run.Version, day, Metrics.Cycle.All, customers.Count,
                new { options.K, options.WindowDays, BtydModel = modelVersion },
                new CycleSummary(run.Counts.Select(c => new CycleStatusCount(PurchaseCycles.Name(c.Status), c.Customers)).ToList(), groupedBy, categories));
            await RunWriter.WriteAsync(database, scoring, Rows(customers, model is not null), ct: ct);
        }
        return run;
    }

    /// <summary>k, the window and the BG/NBD model are in the version, so runs with other settings are kept apart.</summary>
    public static string VersionOf(CycleOptions options, string? btydModel)
    {
        ArgumentNullException.ThrowIfNull(options);
        var version = string.Create(CultureInfo.InvariantCulture, $"{Metrics.Cycle.Model}-k{options.K:0.###}-w{options.WindowDays}");
        return btydModel is null ? version : $"{version}+{btydModel}";
    }

    async Task<(CycleModel?, string?)> ModelAsync(DateOnly day, CancellationToken ct)
    {
        await using var db = database.CreateContext();
        var kind = ClvModelKind.BgNbd.Name();
        var run = await db.ModelRuns.AsNoTracking().Where(r => r.Kind == kind && r.DataTo <= day)
            .OrderByDescending(r => r.Id).FirstOrDefaultAsync(ct);
        if (run is null)
        {
            return (null, null);
        }
        var stored = StoredClvModel.FromJson(run.ParametersJson);
        return (new CycleModel((BetaGeoParameters)stored.ToPurchaseModel(), stored.DaysPerUnit), run.Version);
    }

    async Task<(string GroupedBy, List<GroupPurchase> Rows)> GroupPurchasesAsync(DateOnly day, CancellationToken ct)
    {
        await using var db = database.CreateContext();
        var conn = db.Database.GetDbConnection();
        await conn.OpenAsync(ct);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = Sql;
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var byCategory = new List<GroupPurchase>();
        var bySku = new List<GroupPurchase>();
        var rows = 0;
        while (await reader.ReadAsync(ct))
        {
            if ((++rows & 0xFFFF) == 0)
            {
                ct.ThrowIfCancellationRequested();
            }
            if (!reader.GetBoolean(4))
            {
                continue;
            }
            var at = DateOnly.FromDateTime(reader.GetDateTime(1));
            if (at > day)
            {
                continue;
            }
            var customer = reader.GetInt64(0);
            if (!reader.IsDBNull(2))
            {
                byCategory.Add(new GroupPurchase(customer, at, reader.GetString(2)));
            }
            else if (byCategory.Count == 0 && !reader.IsDBNull(3))
            {
                bySku.Add(new GroupPurchase(customer, at, reader.GetString(3)));
            }
        }
        return byCategory.Count > 0 ? ("category", byCategory) : ("product", bySku);
    }

    static IEnumerable<ScoreRow> Rows(IEnumerable<CustomerCycle> cycles, bool withModel)
    {
        foreach (var c in cycles)
        {
            var id = c.CustomerId;
            yield return Metrics.Cycle.Status.OfLabel(id, PurchaseCycles.Name(c.Status));
            yield return Metrics.Cycle.PurchaseDays.Of(id, c.PurchaseDays);
            yield return Metrics.Cycle.DaysSinceLast.Of(id, c.DaysSinceLast);
            if (c.MeanIntervalDays is { } mean)
            {
                yield return Metrics.Cycle.MeanIntervalDays.Of(id, mean);
            }
            if (c.SdIntervalDays is { } sd)
            {
                yield return Metrics.Cycle.SdIntervalDays.Of(id, sd);
            }
            if (c.NextExpected is { } next && c.DaysOverdue is { } overdue)
            {
                yield return Metrics.Cycle.NextExpected.OfLabel(id, next.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                yield return Metrics.Cycle.DaysOverdue.Of(id, overdue);
                yield return Metrics.Cycle.Overdue.Of(id, c.Status == CycleStatus.Overdue ? 1 : 0);
            }
            if (withModel)
            {
                yield return Metrics.Cycle.ProbabilityAlive.Of(id, c.ProbabilityAlive);
                yield return Metrics.Cycle.ProbabilityInWindow.Of(id, c.ProbabilityInWindow);
            }
        }
    }
}

/// <summary>What a cycle run keeps beside its scores: customers per status and the category cycles.</summary>
/// <param name="GroupedBy">"category" or "product".</param>
public sealed record CycleSummary(IReadOnlyList<CycleStatusCount> Statuses, string GroupedBy, IReadOnlyList<CategoryCycle> Categories);

/// <summary>Customers with one status.</summary>
public sealed record CycleStatusCount(string Status, int Customers);
