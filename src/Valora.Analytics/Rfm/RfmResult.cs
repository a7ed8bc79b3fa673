namespace Valora.Analytics.Rfm;

/// <summary>The outcome of <see cref="RfmScorer.Score"/>.</summary>
/// <param name="AsOf">The as-of date (purchases on or before it were used).</param>
/// <param name="Bands">The number of score bands.</param>
/// <param name="Customers">One row per customer with a purchase on or before <paramref name="AsOf"/>, sorted by id.</param>
/// <param name="Segments">One row per segment that has customers, in the segment map's rule order.</param>
public sealed record RfmResult(DateOnly AsOf, int Bands, IReadOnlyList<RfmCustomerScore> Customers, IReadOnlyList<RfmSegmentSummary> Segments);

/// <summary>A customer's RFM measures and scores.</summary>
/// <param name="CustomerId">The customer.</param>
/// <param name="DaysSinceLastPurchase">asOf − date of the last purchase, in whole days (0 = bought on the as-of date).</param>
/// <param name="Orders">Number of purchases on or before the as-of date (≥ 1).</param>
/// <param name="Monetary">Total revenue, or revenue per order, as chosen by <see cref="RfmOptions.Monetary"/>.</param>
/// <param name="RecencyScore">R score 1..B; fewer days = higher.</param>
/// <param name="FrequencyScore">F score 1..B; more orders = higher.</param>
/// <param name="MonetaryScore">M score 1..B; more money = higher.</param>
/// <param name="Cell">The three digits R, F, M, e.g. "545".</param>
/// <param name="Segment">The named segment from the segment map.</param>
public readonly record struct RfmCustomerScore(
    long CustomerId,
    int DaysSinceLastPurchase,
    int Orders,
    decimal Monetary,
    int RecencyScore,
    int FrequencyScore,
    int MonetaryScore,
    string Cell,
    string Segment);

/// <summary>Summary of one segment.</summary>
/// <param name="Segment">Segment name.</param>
/// <param name="Customers">Customers in the segment.</param>
/// <param name="Share">Customers / all scored customers, a fraction.</param>
/// <param name="MeanDaysSinceLastPurchase">Mean recency in days.</param>
/// <param name="MeanOrders">Mean number of orders.</param>
/// <param name="MeanMonetary">Mean of the monetary measure.</param>
/// <param name="TotalMonetary">Σ of the monetary measure over the segment's customers.</param>
public readonly record struct RfmSegmentSummary(
    string Segment,
    int Customers,
    double Share,
    double MeanDaysSinceLastPurchase,
    double MeanOrders,
    decimal MeanMonetary,
    decimal TotalMonetary);
