using Valora.Analytics.Clv;
using Valora.Analytics.Rfm;
using Valora.Analytics.Value;
using Valora.Data.Clv;
using Valora.Data.Rfm;
using Valora.Data.Sales;

namespace Valora.Data.Analysis;

/// <summary>
/// Use case: the full customer-value pass over what is in the database — value and concentration, RFM as of the
/// data end, BG/NBD validated on a holdout (the last 26 weeks, when there are at least 52 weeks of data), then
/// BG/NBD and Gamma-Gamma refitted on all data and every customer scored (CLV over 52 weeks, 10 % a year). Used by
/// <c>valora demo</c> and by the server's first start, so both show the same numbers.
/// </summary>
public sealed class RunValueAnalysis(ValoraDatabase database, TimeProvider time)
{
    public const int HoldoutWeeks = 26;

    /// <summary>L2 penalty on the log-parameters used when the unpenalised spend model does not converge.</summary>
    public const double FallbackPenalizer = 0.001;

    public async Task<ValueAnalysisReport> ExecuteAsync(double? margin = null, IProgress<string>? progress = null, CancellationToken ct = default, DatasetRequest? request = null)
    {
        progress?.Report("value");
        // One snapshot for every model of the pass (value, RFM, three CLV fits, scoring), not a reload per model.
        var dataset = await CustomerDataset.LoadAsync(database, request, ct);
        var purchases = dataset.Purchases;
        if (purchases.Count == 0)
        {
            throw new InvalidOperationException("There are no completed orders to analyse: import orders or run valora demo.");
        }
        var first = DateOnly.FromDateTime(purchases.Min(p => p.OccurredAtUtc));
        var last = DateOnly.FromDateTime(purchases.Max(p => p.OccurredAtUtc));
        var profits = CustomerValue.CumulativeByCustomer(purchases);
        var profitValues = profits.Select(p => (double)p.Profit).ToArray();
        var revenue = purchases.Sum(p => p.Revenue);
        var profit = profits.Sum(p => p.Profit);

        progress?.Report("rfm");
        var rfm = await new RunRfm(database, dataset).ExecuteAsync(last, new RfmOptions(), save: true, ct);

        var fit = new FitClv(database, time, dataset);
        ClvFit? validation = null;
        var calibrationEnd = last.AddDays(-7 * HoldoutWeeks);
        if (calibrationEnd.DayNumber - first.DayNumber >= 7 * HoldoutWeeks)
        {
            progress?.Report("clv validation");
            validation = await FitAsync(fit, ClvModelKind.BgNbd, calibrationEnd, last, ct);
        }
        progress?.Report("clv fit");
        var purchaseModel = await FitAsync(fit, ClvModelKind.BgNbd, last, null, ct);
        var spendModel = await FitAsync(fit, ClvModelKind.GammaGamma, last, null, ct);
        progress?.Report("clv score");
        var scoring = await new ScoreClv(database, dataset).ExecuteAsync(new ClvScoreRequest(Margin: margin, AsOf: last, Model: ClvModelKind.BgNbd), ct);

        var top = Enumerable.Range(0, scoring.Values.Count)
            .OrderByDescending(i => scoring.Values[i].Clv)
            .Take(10)
            .Select(i => new TopCustomer(scoring.Values[i].CustomerId, scoring.Values[i].ProbabilityAlive, scoring.Values[i].ExpectedPurchases, scoring.Values[i].Clv))
            .ToList();
        return new ValueAnalysisReport(
            first, last, profits.Count, purchases.Count, dataset.Currency!, revenue, profit,
            Concentration.Gini(profitValues), Concentration.ShareOfTop(profitValues, 0.2).ProfitShare,
            rfm.Segments, validation, purchaseModel, spendModel,
            scoring.Margin, scoring.Values.Sum(v => v.Clv), scoring.Values.Average(v => v.ProbabilityAlive), top);
    }

    /// <summary>
    /// Plain maximum likelihood first. On small bases the likelihood can creep towards a boundary (BG/NBD a, b → ∞: no
    /// spread of dropout; Gamma-Gamma p → ∞: no spread of spend within a customer) and the fit does not converge; a
    /// light L2 penalty on the log-parameters keeps it finite. The penalty used is saved with the model's metrics.
    /// </summary>
    static async Task<ClvFit> FitAsync(FitClv fit, ClvModelKind kind, DateOnly calibrationEnd, DateOnly? holdoutEnd, CancellationToken ct)
    {
        try
        {
            return await fit.ExecuteAsync(kind, calibrationEnd, holdoutEnd, ct: ct);
        }
        catch (ModelFitException)
        {
            return await fit.ExecuteAsync(kind, calibrationEnd, holdoutEnd, ct: ct, penalizer: FallbackPenalizer);
        }
    }
}

/// <param name="TopFifthProfitShare">Share of profit from the 20 % most profitable customers.</param>
/// <param name="Validation">BG/NBD fitted before the holdout and compared with it; null when the data is too short.</param>
public sealed record ValueAnalysisReport(
    DateOnly From,
    DateOnly To,
    int Customers,
    int Orders,
    string Currency,
    decimal Revenue,
    decimal Profit,
    double Gini,
    double TopFifthProfitShare,
    IReadOnlyList<RfmSegmentSummary> Segments,
    ClvFit? Validation,
    ClvFit PurchaseModel,
    ClvFit SpendModel,
    double Margin,
    double TotalClv,
    double MeanProbabilityAlive,
    IReadOnlyList<TopCustomer> TopCustomers);

public sealed record TopCustomer(long CustomerId, double ProbabilityAlive, double ExpectedPurchases, double Clv);
