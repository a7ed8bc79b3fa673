using Microsoft.AspNetCore.Http.HttpResults;
using Valora.Analytics.Value;
using Valora.Data;
using Valora.Data.Sales;

namespace Valora.Server.Api;

/// <summary>Historic customer value: how concentrated profit is across customers.</summary>
public static class ValueApi
{
    /// <summary>The Lorenz curve is returned with at most this many points.</summary>
    public static RouteGroupBuilder MapValueApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/value").WithTags("Value");
        group.MapGet("/concentration", GetConcentration)
            .WithName("GetValueConcentration")
            .WithSummary("Concentration of cumulative profit (revenue − cost of completed orders) across customers: Gini, top 10/20 % share, Lorenz curve")
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return group;
    }

    static async Task<Results<Ok<ValueConcentration>, ProblemHttpResult>> GetConcentration(ValoraDatabase database, CancellationToken ct)
    {
        var purchases = await PurchaseQuery.LoadAsync(database, ct: ct);
        var profits = CustomerValue.CumulativeByCustomer(purchases);
        var values = profits.Select(p => (double)p.Profit).ToArray();
        if (values.Length == 0 || values.Sum() <= 0)
        {
            return Problems.NotAnalysable("Concentration needs completed orders with a positive total profit; import orders first.");
        }
        var top10 = Concentration.ShareOfTop(values, 0.10);
        var top20 = Concentration.ShareOfTop(values, 0.20);
        var for80 = Concentration.TopCustomersFor(values, 0.80);
        return TypedResults.Ok(new ValueConcentration(
            Concentration.Gini(values),
            top10.ProfitShare,
            top20.ProfitShare,
            for80.CustomerFraction,
            Summarize(profits.Select(p => p.Profit).ToArray()),
            Concentration.Downsample(Concentration.Lorenz(values), Concentration.CurvePoints)));
    }

    /// <summary>Count, total, mean, min, quartiles and max of the per-customer values (quartiles by linear interpolation).</summary>
    public static ValueSummary Summarize(IReadOnlyList<decimal> values)
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

public sealed record ValueSummary(
    int Customers, decimal Total, decimal Mean, decimal Min, decimal LowerQuartile, decimal Median, decimal UpperQuartile, decimal Max);
