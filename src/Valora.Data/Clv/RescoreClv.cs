using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Valora.Analytics.Clv;
using Valora.Data.Sales;
using Valora.Data.Scores;
using Valora.Domain.Scores;

namespace Valora.Data.Clv;

/// <summary>What a rescoring did: the customers rescored, their as-of day and the model version; and why some or all were not.</summary>
public sealed record Rescored(int Customers, DateOnly? AsOf, string? ModelVersion, string? Skipped);

/// <summary>
/// Use case: recompute the CLV scores (P(alive), expected purchases, spend per purchase, CLV and its interval) of a
/// few customers at once from the stored models — no refit — with the settings of the latest stored CLV scoring
/// (models, horizon, discount rate, margin), as of a day (today for real-time ingestion). The rows are written under
/// that scoring's model version and the given as-of date, replacing any for these customers on that date, so the
/// customer 360 (latest as-of first) shows them at the next read while the batch run's views are unchanged.
/// Through <see cref="ScoreClv.Compute"/> the numbers are exactly those a batch scoring as of the same day gives.
/// </summary>
public sealed class RescoreClv(ValoraDatabase database)
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The stored scoring's parameters; <c>Currency</c> is null for scorings stored before it was recorded.</summary>
    sealed record ScoringSettings(string PurchaseModel, string SpendModel, double Horizon, double AnnualDiscountRate, double Margin, bool Intervals,
        int Draws = ClvOptions.DefaultDraws, string? Currency = null);

    public async Task<Rescored> RunAsync(IReadOnlyCollection<long> customers, DateOnly asOf, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(customers);
        await using var db = database.CreateContext();
        var scoring = await new ScoreQueries(db).LatestRunAsync(Metrics.Clv.Model, ct);
        if (scoring is null)
        {
            return new Rescored(0, null, null, "No CLV scoring has been stored yet, so there are no models to rescore with.");
        }
        var settings = JsonSerializer.Deserialize<ScoringSettings>(scoring.ParametersJson, Json);
        var purchaseRun = settings is null ? null : await db.ModelRuns.AsNoTracking().Where(r => r.Version == settings.PurchaseModel).OrderByDescending(r => r.Id).FirstOrDefaultAsync(ct);
        var spendRun = settings is null ? null : await db.ModelRuns.AsNoTracking().Where(r => r.Version == settings.SpendModel).OrderByDescending(r => r.Id).FirstOrDefaultAsync(ct);
        if (settings is null || purchaseRun is null || spendRun is null)
        {
            return new Rescored(0, null, scoring.Version, "The models of the latest CLV scoring are no longer stored.");
        }
        var purchaseStored = StoredClvModel.FromJson(purchaseRun.ParametersJson);
        var spendStored = StoredClvModel.FromJson(spendRun.ParametersJson);
        var (all, currencies) = await PurchaseQuery.LoadOfCustomersAsync(database, customers, ct);
        // The spend model and the CLV are in the scoring's currency: a customer with an order in another one is not
        // rescored (no exchange rate is stored with the scoring), and the result says who and why.
        var foreign = settings.Currency is null ? [] : all.Where((p, i) => currencies[i] != settings.Currency).Select(p => p.CustomerId).ToHashSet();
        var purchases = all.Where(p => DateOnly.FromDateTime(p.OccurredAtUtc) <= asOf && !foreign.Contains(p.CustomerId)).ToList();
        var note = foreign.Count == 0 ? null
            : string.Create(CultureInfo.InvariantCulture,
                $"{foreign.Count} customer(s) not rescored ({string.Join(", ", foreign.Order().Take(10))}): they have orders in {string.Join(", ", currencies.Where(c => c != settings.Currency).Distinct().Order(StringComparer.Ordinal))}, and the stored CLV scoring is in {settings.Currency}.");
        if (purchases.Count == 0)
        {
            return new Rescored(0, asOf, scoring.Version, note ?? "None of these customers has a completed purchase by the as-of day.");
        }
        var histories = HistoryBuilder.Build(purchases, asOf, null, new HistoryOptions { DaysPerUnit = purchaseStored.DaysPerUnit }).Histories;
        var (values, intervals, _) = ScoreClv.Compute(purchaseStored, spendStored, histories, settings.Horizon, settings.AnnualDiscountRate,
            settings.Margin, settings.Draws, settings.Intervals);
        var rows = ScoreClv.Rows(values, intervals).ToList();
        var ids = values.Select(v => v.CustomerId).ToList();
        var names = Metrics.Clv.All.Select(m => m.Name).ToList();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.CustomerScores
            .Where(s => ids.Contains(s.CustomerId) && s.AsOf == asOf && s.ModelVersion == scoring.Version && names.Contains(s.Metric))
            .ExecuteDeleteAsync(ct);
        db.CustomerScores.AddRange(rows.Select(r => new CustomerScore
        {
            CustomerId = r.CustomerId, AsOf = asOf, Metric = r.Metric, Value = r.Value is { } v && double.IsFinite(v) ? v : null,
            Label = r.Label, ModelVersion = scoring.Version,
        }));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new Rescored(ids.Count, asOf, scoring.Version, note);
    }
}
