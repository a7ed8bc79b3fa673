namespace Valora.Analytics.Rfm;

/// <summary>Settings of <see cref="RfmScorer.Score"/>; defaults are the classic 5-band RFM.</summary>
public sealed record RfmOptions
{
    /// <summary>Default number of score bands (scores 1..5).</summary>
    public const int DefaultBands = 5;

    /// <summary>Number of score bands B, 2..9 (single digits keep the cell string like "545"). Default 5.</summary>
    public int Bands { get; init; } = DefaultBands;

    /// <summary>Which monetary measure is scored: total revenue (default) or mean revenue per order.</summary>
    public RfmMonetary Monetary { get; init; } = RfmMonetary.Total;

    /// <summary>
    /// Maps (R, combined FM) scores to named segments. Default <see cref="RfmSegmentMap.Default"/>, which is defined
    /// for 5 bands; with other <see cref="Bands"/> pass a map written for that scale.
    /// </summary>
    public RfmSegmentMap SegmentMap { get; init; } = RfmSegmentMap.Default;
}

/// <summary>The monetary measure of RFM.</summary>
public enum RfmMonetary
{
    /// <summary>Σ revenue of the customer's purchases up to the as-of date.</summary>
    Total,

    /// <summary>Σ revenue / number of orders (mean order value).</summary>
    AveragePerOrder,
}
