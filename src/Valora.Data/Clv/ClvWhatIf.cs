using Valora.Analytics.Value;

namespace Valora.Data.Clv;

/// <summary>What the base is worth under other assumptions: totals of a CLV scoring that is not saved.</summary>
/// <param name="TopDecileShare">Share of the total CLV held by the most valuable 10 % of customers.</param>
public sealed record ClvWhatIfResult(
    double Horizon, double AnnualDiscountRate, double Margin, int Customers, double Total, double Mean, double ExpectedPurchases, double TopDecileShare);

/// <summary>
/// Query: score every customer with the latest fitted models under the given horizon, discount rate and margin
/// (<see cref="ScoreClv"/> without saving and without intervals) and sum up.
/// </summary>
public static class ClvWhatIf
{
    public static async Task<ClvWhatIfResult> RunAsync(
        ValoraDatabase database, double horizon, double annualDiscountRate, double? margin, CancellationToken ct = default)
    {
        var scoring = await new ScoreClv(database).ExecuteAsync(
            new ClvScoreRequest(horizon, annualDiscountRate, margin, Intervals: false, Save: false), ct);
        var values = scoring.Values.Select(v => double.IsFinite(v.Clv) ? v.Clv : 0).ToArray();
        var total = values.Sum();
        var top = values.Length == 0 || !(values.Sum(v => Math.Max(v, 0)) > 0) ? 0 : Concentration.ShareOfTop(values, 0.10).ProfitShare;
        return new ClvWhatIfResult(horizon, annualDiscountRate, scoring.Margin, values.Length, total,
            values.Length == 0 ? 0 : total / values.Length, scoring.Values.Sum(v => double.IsFinite(v.ExpectedPurchases) ? v.ExpectedPurchases : 0), top);
    }
}
