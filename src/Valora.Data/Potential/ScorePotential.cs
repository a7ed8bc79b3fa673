using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Valora.Analytics.Potential;
using Valora.Data.Analysis;
using Valora.Data.Scores;
using Valora.Domain.Scores;

namespace Valora.Data.Potential;

/// <summary>What a potential-value run produced: the version and date written on the scores, and the figures.</summary>
/// <param name="ClvRun">Version and date of the CLV run B came from (null: none, every B is the run-rate).</param>
/// <param name="ChurnRun">Version and date of the churn run the retention came from (null: none).</param>
public sealed record PotentialRun(string Version, DateOnly AsOf, PotentialResult Result, string? ClvRun, string? ChurnRun, string RetentionSource);

/// <summary>
/// Use case: the potential value V = α·B + β·R + γ·M of every customer who bought by the as-of date
/// (<see cref="PotentialValue"/>), from what is stored: B from the latest CLV run on or before the date (the BTYD
/// lifetime value), the yearly retention from the latest churn run ((1 − P(churn))^(365 / window days)) or else the
/// CLV run's P(alive) or else 1, referrals up to the date, and the profit, tickets and interactions of the year up to
/// the date. Later data is never read, so scoring as of a past date is what it would have said then.
/// </summary>
public sealed class ScorePotential(ValoraDatabase database, CustomerDataset? dataset = null)
{
    const double DaysPerYear = 365.25;

    public async Task<PotentialRun> ExecuteAsync(DateOnly? asOf, PotentialOptions? options = null, bool save = true,
        IProgress<string>? progress = null, CancellationToken ct = default)
    {
        options ??= new PotentialOptions();
        if (options.Check() is { } bad)
        {
            throw new ArgumentException(bad.Rule, bad.Field);
        }
        progress?.Report("loading purchases");
        var purchases = (dataset ?? await CustomerDataset.LoadAsync(database, ct: ct)).Purchases;
        if (purchases.Count == 0)
        {
            throw new NotAnalysableException(NotAnalysableReason.NoOrders, "There are no completed orders to value.") { Model = Metrics.Potential.Model };
        }
        var day = asOf ?? DateOnly.FromDateTime(purchases.Max(p => p.OccurredAtUtc));
        var end = day.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var yearStart = end.AddDays(-365);
        var first = new Dictionary<long, DateTime>();
        var profit = new Dictionary<long, double>();
        foreach (var p in purchases)
        {
            if (p.OccurredAtUtc >= end)
            {
                continue;
            }
            if (!first.TryGetValue(p.CustomerId, out var f) || p.OccurredAtUtc < f)
            {
                first[p.CustomerId] = p.OccurredAtUtc;
            }
            if (p.OccurredAtUtc >= yearStart)
            {
                profit[p.CustomerId] = profit.GetValueOrDefault(p.CustomerId) + (double)(p.Revenue - p.Cost);
            }
        }
        if (first.Count == 0)
        {
            throw new NotAnalysableException(NotAnalysableReason.NoOrders,
                string.Create(CultureInfo.InvariantCulture, $"No customer bought on or before {day:yyyy-MM-dd}.")) { Model = Metrics.Potential.Model };
        }
        progress?.Report("reading the stored CLV and churn scores");

        await using var db = database.CreateContext();
        var queries = new ScoreQueries(db);
        var clvRun = await LatestOnOrBeforeAsync(db, Metrics.Clv.Model, day, ct);
        var churnRun = await LatestOnOrBeforeAsync(db, Metrics.Churn.Model, day, ct);
        var clv = clvRun is null ? [] : await queries.NumbersAsync(clvRun, Metrics.Clv.Value, ct: ct);
        Func<long, double> retention = _ => 1;
        var retentionSource = "none (retention 1)";
        if (churnRun is not null)
        {
            var churn = await queries.NumbersAsync(churnRun, Metrics.Churn.Probability, ct: ct);
            var exponent = DaysPerYear / WindowDaysOf(churnRun);
            retention = id => churn.TryGetValue(id, out var p) ? Math.Pow(Math.Clamp(1 - p, 0, 1), exponent) : 1;
            retentionSource = string.Create(CultureInfo.InvariantCulture, $"churn {churnRun.Version} ({churnRun.AsOf:yyyy-MM-dd}): (1 − P(churn))^(365.25/{WindowDaysOf(churnRun)})");
        }
        else if (clvRun is not null)
        {
            var alive = await queries.NumbersAsync(clvRun, Metrics.Clv.ProbabilityAlive, ct: ct);
            retention = id => alive.TryGetValue(id, out var p) ? Math.Clamp(p, 0, 1) : 1;
            retentionSource = string.Create(CultureInfo.InvariantCulture, $"P(alive) of clv {clvRun.Version} ({clvRun.AsOf:yyyy-MM-dd})");
        }
        progress?.Report("counting referrals, tickets and contacts");

        var referrals = await db.Referrals.AsNoTracking().Where(r => r.ReferredOn <= day)
            .Select(r => new { r.ReferrerCustomerId, r.ReferredCustomerId }).ToListAsync(ct);
        var referralCounts = referrals.GroupBy(r => r.ReferrerCustomerId).ToDictionary(g => g.Key, g => g.Count());
        var referred = referrals.Select(r => r.ReferredCustomerId).ToHashSet();
        var tickets = await db.Tickets.AsNoTracking().Where(t => t.OpenedAt >= yearStart && t.OpenedAt < end)
            .GroupBy(t => t.CustomerId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var contacts = await db.Interactions.AsNoTracking().Where(i => i.OccurredAt >= yearStart && i.OccurredAt < end)
            .GroupBy(i => i.CustomerId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        progress?.Report("scoring");

        var inputs = first.OrderBy(kv => kv.Key).Select(kv => new PotentialInputs(
            kv.Key,
            clv.TryGetValue(kv.Key, out var v) ? v : null,
            profit.GetValueOrDefault(kv.Key),
            retention(kv.Key),
            referralCounts.GetValueOrDefault(kv.Key),
            Math.Max(0, (end - kv.Value).TotalDays / DaysPerYear),
            tickets.GetValueOrDefault(kv.Key),
            contacts.GetValueOrDefault(kv.Key),
            referred.Contains(kv.Key))).ToArray();
        var result = PotentialValue.Score(inputs, options);
        var version = VersionOf(options);
        if (save)
        {
            progress?.Report("storing the scores");
            var run = new ScoringRun(Metrics.Potential.Model, version, day, Metrics.Potential.All, inputs.Length,
                new
                {
                    options.Weights.Alpha, options.Weights.Beta, options.Weights.Gamma, options.HorizonYears, options.AnnualDiscountRate,
                    options.TicketCost, options.ContactCost, options.ReferralPriorYears,
                    ClvRun = clvRun?.Version, ChurnRun = churnRun?.Version, RetentionSource = retentionSource,
                },
                new
                {
                    Total = result.Total,
                    result.BaseReferralRate,
                    result.ReferredCustomerValue,
                    FromBtyd = result.Customers.Count(c => c.PurchaseSource == PurchasePotentialSource.Btyd),
                    RunRate = result.Customers.Count(c => c.PurchaseSource == PurchasePotentialSource.RunRate),
                });
            await RunWriter.WriteAsync(database, run, Rows(result), ct: ct);
        }
        return new PotentialRun(version, day, result, clvRun is null ? null : $"{clvRun.Version} ({clvRun.AsOf:yyyy-MM-dd})",
            churnRun is null ? null : $"{churnRun.Version} ({churnRun.AsOf:yyyy-MM-dd})", retentionSource);
    }

    /// <summary>Runs with other weights or settings are kept apart: the version names them.</summary>
    public static string VersionOf(PotentialOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var w = options.Weights;
        return string.Create(CultureInfo.InvariantCulture,
            $"{Metrics.Potential.Model}-a{w.Alpha:0.###}-b{w.Beta:0.###}-g{w.Gamma:0.###}-h{options.HorizonYears}-d{options.AnnualDiscountRate:0.####}-t{options.TicketCost:0.##}-c{options.ContactCost:0.##}");
    }

    static Task<AnalysisRun?> LatestOnOrBeforeAsync(ValoraDbContext db, string model, DateOnly day, CancellationToken ct) =>
        db.AnalysisRuns.AsNoTracking().Where(r => r.Model == model && r.AsOf <= day).OrderByDescending(r => r.Id).FirstOrDefaultAsync(ct);

    static int WindowDaysOf(AnalysisRun churnRun)
    {
        using var json = JsonDocument.Parse(churnRun.ParametersJson);
        return json.RootElement.TryGetProperty("windowDays", out var w) && w.TryGetInt32(out var days) && days > 0 ? days : 90;
    }

    static IEnumerable<ScoreRow> Rows(PotentialResult result)
    {
        foreach (var c in result.Customers)
        {
            yield return Metrics.Potential.Purchase.Of(c.CustomerId, c.Purchase);
            yield return Metrics.Potential.Referral.Of(c.CustomerId, c.Referral);
            yield return Metrics.Potential.Maintenance.Of(c.CustomerId, c.Maintenance);
            yield return Metrics.Potential.Value.Of(c.CustomerId, c.Value);
            yield return Metrics.Potential.ExpectedReferrals.Of(c.CustomerId, c.ExpectedReferrals);
            yield return Metrics.Potential.PurchaseSource.OfLabel(c.CustomerId, c.PurchaseSource == PurchasePotentialSource.Btyd ? "btyd" : "run-rate");
        }
    }
}
