using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Valora.Analytics.Clv;
using Valora.Data.Analysis;
using Valora.Data.Sales;
using Valora.Data.Scores;
using Valora.Domain.Scores;

namespace Valora.Data.Clv;

/// <summary>
/// Use case: score every customer with the latest fitted purchase model (BG/NBD or Pareto/NBD) and Gamma-Gamma
/// spend model — P(alive), expected purchases over the horizon, expected spend per purchase and discounted
/// lifetime value of the <b>profit</b> (revenue × margin) — with 95 % intervals from the parameter uncertainty,
/// and write them to the scores table.
/// </summary>
/// <remarks>
/// Histories are rebuilt as of the scoring date with all purchases up to it, using the fitted parameters. The
/// horizon is in model time units (weeks by default), split into whole periods of about a month (30.4 days); each
/// period is discounted at the annual rate given, converted as (1 + R)^(days/365.25) − 1. The margin defaults to the
/// margin observed in the data (1 − cost / revenue) when costs are recorded.
/// </remarks>
public sealed class ScoreClv(ValoraDatabase database, CustomerDataset? dataset = null)
{
    public const double DaysPerMonth = 30.4375;

    public async Task<ClvScoring> ExecuteAsync(ClvScoreRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Problem() is { } problem)
        {
            throw new ArgumentException(problem.Message, problem.Field);
        }
        var purchaseRun = await LatestAsync(request.Model is { } m ? [m.Name()] : ["bgnbd", "paretonbd"], ct)
            ?? throw new NotAnalysableException(NotAnalysableReason.NoModel, "No purchase model has been fitted.") { Model = (request.Model ?? ClvModelKind.BgNbd).Name() };
        var spendRun = await LatestAsync(["gammagamma"], ct)
            ?? throw new NotAnalysableException(NotAnalysableReason.NoModel, "No spend model has been fitted.") { Model = "gammagamma" };
        var purchaseStored = StoredClvModel.FromJson(purchaseRun.ParametersJson);
        var spendStored = StoredClvModel.FromJson(spendRun.ParametersJson);
        var snapshot = dataset ?? await CustomerDataset.LoadAsync(database, ct: ct);
        var purchases = snapshot.Purchases;
        if (purchases.Count == 0)
        {
            throw new NotAnalysableException(NotAnalysableReason.NoOrders, "There are no completed orders to score.") { Model = Metrics.Clv.Model };
        }
        var asOf = request.AsOf ?? DateOnly.FromDateTime(purchases.Max(p => p.OccurredAtUtc));
        var margin = request.Margin ?? ObservedMargin(purchases)
            ?? throw new NotAnalysableException(NotAnalysableReason.MissingInput,
                "No costs are recorded, so the margin is unknown: give the margin (0.3 = 30 % of revenue is profit).") { Model = Metrics.Clv.Model };
        var histories = HistoryBuilder.Build(purchases, asOf, null, new HistoryOptions { DaysPerUnit = purchaseStored.DaysPerUnit }).Histories;

        var (values, intervals, options) = Compute(purchaseStored, spendStored, histories, request.Horizon, request.AnnualDiscountRate, margin, request.Draws, request.Intervals);

        var version = $"{purchaseRun.Version}+{spendRun.Kind}";
        if (request.Save)
        {
            var run = new ScoringRun(Metrics.Clv.Model, version, asOf, Metrics.Clv.All, values.Length,
                new { PurchaseModel = purchaseRun.Version, SpendModel = spendRun.Version, request.Horizon, request.AnnualDiscountRate, Margin = margin, request.Intervals, request.Draws, snapshot.Currency },
                new { Total = values.Sum(v => double.IsFinite(v.Clv) ? v.Clv : 0) });
            await RunWriter.WriteAsync(database, run, Rows(values, intervals), ct: ct);
        }
        return new ClvScoring(asOf, version, purchaseStored.Kind, request.Horizon, margin, options.DiscountRate, options.Periods,
            values, intervals);
    }

    /// <summary>
    /// Scores histories with stored models: about-monthly periods that add up to exactly the horizon, so E[Y(horizon)],
    /// its interval and the CLV all refer to the same span and are computed once per distinct history. Shared by the
    /// batch scoring above and by <see cref="RescoreClv"/>, so a customer rescored alone gets the batch's numbers.
    /// </summary>
    internal static (CustomerLifetimeValue[] Values, CustomerLifetimeValueInterval[]? Intervals, ClvOptions Options) Compute(
        StoredClvModel purchaseStored, StoredClvModel spendStored, IReadOnlyList<CustomerHistory> histories,
        double horizon, double annualDiscountRate, double margin, int draws, bool withIntervals)
    {
        var model = purchaseStored.ToPurchaseModel();
        var spend = spendStored.ToSpendModel();
        var periods = Math.Max(1, (int)Math.Round(horizon * purchaseStored.DaysPerUnit / DaysPerMonth));
        var periodLength = horizon / periods;
        var options = new ClvOptions
        {
            Periods = periods,
            PeriodLength = periodLength,
            Margin = margin,
            DiscountRate = Math.Pow(1 + annualDiscountRate, periodLength * purchaseStored.DaysPerUnit / 365.25) - 1,
            Draws = draws,
        };
        var values = ClvCalculator.Score(model, spend, histories, options);
        CustomerLifetimeValueInterval[]? intervals = null;
        if (withIntervals && purchaseStored.CovarianceMatrix() is { } covariance)
        {
            intervals = spendStored.LogCovariance is null
                ? ClvCalculator.Intervals(model, covariance, histories, [.. values.Select(v => v.SpendPerPurchase)], options)
                : ClvCalculator.Intervals(model, covariance, spend, histories, options);
        }
        return (values, intervals, options);
    }

    async Task<ModelRun?> LatestAsync(string[] kinds, CancellationToken ct)
    {
        await using var db = database.CreateContext();
        // Newest by id: ids grow with every save, and SQLite cannot order by every column type.
        return await db.ModelRuns.AsNoTracking().Where(r => kinds.Contains(r.Kind)).OrderByDescending(r => r.Id).FirstOrDefaultAsync(ct);
    }

    static double? ObservedMargin(IReadOnlyList<Domain.Sales.Purchase> purchases)
    {
        decimal revenue = 0, cost = 0;
        foreach (var p in purchases)
        {
            revenue += p.Revenue;
            cost += p.Cost;
        }
        return cost > 0 && revenue > 0 ? Math.Clamp((double)(1 - cost / revenue), 0, 1) : null;
    }

    internal static IEnumerable<ScoreRow> Rows(CustomerLifetimeValue[] values, CustomerLifetimeValueInterval[]? intervals)
    {
        for (var i = 0; i < values.Length; i++)
        {
            var v = values[i];
            yield return Metrics.Clv.ProbabilityAlive.Of(v.CustomerId, v.ProbabilityAlive);
            yield return Metrics.Clv.ExpectedPurchases.Of(v.CustomerId, v.ExpectedPurchases);
            yield return Metrics.Clv.ExpectedSpend.Of(v.CustomerId, v.SpendPerPurchase);
            yield return Metrics.Clv.Value.Of(v.CustomerId, v.Clv);
            if (intervals is not null)
            {
                var c = intervals[i];
                yield return Metrics.Clv.ExpectedPurchasesLower.Of(v.CustomerId, c.ExpectedPurchasesLower);
                yield return Metrics.Clv.ExpectedPurchasesUpper.Of(v.CustomerId, c.ExpectedPurchasesUpper);
                yield return Metrics.Clv.ValueLower.Of(v.CustomerId, c.ClvLower);
                yield return Metrics.Clv.ValueUpper.Of(v.CustomerId, c.ClvUpper);
            }
        }
    }
}

/// <param name="Horizon">Model time units (weeks by default).</param>
/// <param name="AnnualDiscountRate">0.10 = 10 % a year.</param>
/// <param name="Margin">Share of revenue that is profit; null = observed in the data.</param>
/// <summary>What to score: the documented ranges are checked by <see cref="Problem"/>, the one rule the API, the CLI and the use case share.</summary>
public sealed record ClvScoreRequest(
    double Horizon = 52,
    double AnnualDiscountRate = 0.10,
    double? Margin = null,
    DateOnly? AsOf = null,
    ClvModelKind? Model = null,
    bool Intervals = true,
    int Draws = ClvOptions.DefaultDraws,
    bool Save = true)
{
    /// <summary>Longest horizon, in model time units: ten years of weeks (longer horizons only repeat the discounting tail).</summary>
    public const double MaxHorizon = 520;

    /// <summary>Highest annual discount rate accepted (100 %).</summary>
    public const double MaxDiscountRate = 1;

    /// <summary>Most interval draws per customer.</summary>
    public const int MaxDraws = 10_000;

    /// <summary>The first parameter outside its range, as (field, message), or null when every parameter is in range.</summary>
    public (string Field, string Message)? Problem()
    {
        if (!(Horizon > 0 && Horizon <= MaxHorizon))
        {
            return ("horizon", string.Create(CultureInfo.InvariantCulture,
                $"The horizon must be a number in (0, {MaxHorizon}] model time units (weeks by default: up to ten years); it was {Horizon}."));
        }
        if (!(AnnualDiscountRate >= 0 && AnnualDiscountRate <= MaxDiscountRate))
        {
            return ("discountRate", string.Create(CultureInfo.InvariantCulture,
                $"The discount rate must be an annual fraction in [0, {MaxDiscountRate}] (0.10 = 10 %); it was {AnnualDiscountRate}."));
        }
        if (Margin is { } m && !(m is >= 0 and <= 1))
        {
            return ("margin", string.Create(CultureInfo.InvariantCulture, $"The margin must be a fraction in [0, 1] (0.3 = 30 % of revenue is profit); it was {m}."));
        }
        if (Draws is < 1 or > MaxDraws)
        {
            return ("draws", string.Create(CultureInfo.InvariantCulture, $"Interval draws must be 1 to {MaxDraws}; it was {Draws}."));
        }
        return null;
    }
}

/// <param name="Values">Per customer: P(alive), expected purchases over the horizon, spend per purchase, CLV.</param>
/// <param name="MonthlyDiscountRate">Discount rate per period (periods are about a month long and add up to the horizon).</param>
public sealed record ClvScoring(
    DateOnly AsOf,
    string ModelVersion,
    string PurchaseModel,
    double Horizon,
    double Margin,
    double MonthlyDiscountRate,
    int Months,
    IReadOnlyList<CustomerLifetimeValue> Values,
    IReadOnlyList<CustomerLifetimeValueInterval>? Intervals);
