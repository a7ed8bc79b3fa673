using Valora.Analytics.Value;
using Valora.Data.Analysis;
using Valora.Data.Sales;

namespace Valora.Data.Value;

/// <summary>
/// Use case: how concentrated historic profit (revenue − cost of completed orders, per customer) is: Gini, the share
/// of the top 10 % and 20 %, the fraction of customers that makes 80 % of the profit, the distribution and the Lorenz
/// curve. Served by <c>GET /api/value/concentration</c> and <c>valora value concentration</c>.
/// </summary>
public sealed class ProfitConcentration(ValoraDatabase database, CustomerDataset? dataset = null)
{
    public async Task<ValueConcentration> ExecuteAsync(CancellationToken ct = default)
    {
        var purchases = (dataset ?? await CustomerDataset.LoadAsync(database, ct: ct)).Purchases;
        if (purchases.Count == 0)
        {
            throw new NotAnalysableException(NotAnalysableReason.NoOrders, "Concentration needs completed orders; there are none.") { Model = "value" };
        }
        var profits = CustomerValue.CumulativeByCustomer(purchases);
        var values = profits.Select(p => (double)p.Profit).ToArray();
        if (!(values.Sum() > 0))
        {
            throw new NotAnalysableException(NotAnalysableReason.NotEnoughData,
                "Concentration needs a positive total profit; the completed orders add up to none.") { Model = "value" };
        }
        return new ValueConcentration(
            Concentration.Gini(values),
            Concentration.ShareOfTop(values, 0.10).ProfitShare,
            Concentration.ShareOfTop(values, 0.20).ProfitShare,
            Concentration.TopCustomersFor(values, 0.80).CustomerFraction,
            ValueSummary.Of([.. profits.Select(p => p.Profit)]),
            Concentration.Downsample(Concentration.Lorenz(values), Concentration.CurvePoints));
    }
}

/// <param name="Gini">Gini coefficient of per-customer profit (losses count as 0), in [0, (n−1)/n].</param>
/// <param name="Top10PercentShare">Share of total profit from the top 10 % of customers (⌈0.1·n⌉ customers).</param>
/// <param name="Top20PercentShare">Share of total profit from the top 20 % of customers.</param>
/// <param name="CustomerFractionFor80PercentOfProfit">Smallest fraction of top customers giving ≥ 80 % of profit.</param>
/// <param name="CustomerValue">Distribution of cumulative profit per customer (currency units).</param>
/// <param name="Lorenz">Lorenz curve (share of customers, share of profit) from (0, 0) to (1, 1), at most 101 points.</param>
public sealed record ValueConcentration(
    double Gini,
    double Top10PercentShare,
    double Top20PercentShare,
    double CustomerFractionFor80PercentOfProfit,
    ValueSummary CustomerValue,
    IReadOnlyList<LorenzPoint> Lorenz);

/// <summary>Count, total, mean, min, quartiles and max of per-customer values (quartiles by linear interpolation).</summary>
public sealed record ValueSummary(
    int Customers, decimal Total, decimal Mean, decimal Min, decimal LowerQuartile, decimal Median, decimal UpperQuartile, decimal Max)
{
    public static ValueSummary Of(IReadOnlyList<decimal> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            throw new ArgumentException("No values to summarize.", nameof(values));
        }
        var sorted = values.Order().ToArray();
        var total = sorted.Sum();
        return new ValueSummary(sorted.Length, total, total / sorted.Length, sorted[0],
            Quantile(sorted, 0.25), Quantile(sorted, 0.5), Quantile(sorted, 0.75), sorted[^1]);
    }

    // Type 7 (R's default): h = (n − 1)p, x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋]).
    static decimal Quantile(decimal[] sorted, double p)
    {
        var h = (sorted.Length - 1) * p;
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (decimal)(h - lo) * (sorted[hi] - sorted[lo]);
    }
}
