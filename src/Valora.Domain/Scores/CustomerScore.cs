namespace Valora.Domain.Scores;

/// <summary>
/// One computed number (or label) for one customer as of a date, produced by a model version:
/// e.g. metric "clv" = 123.4, "clv_p_alive" = 0.72, "rfm_segment" = "Champions"
/// (the names are catalogued in <c>Valora.Data.Scores.Metrics</c>).
/// </summary>
public sealed class CustomerScore
{
    public long Id { get; set; }
    public long CustomerId { get; set; }
    public DateOnly AsOf { get; set; }
    public required string Metric { get; set; }
    public double? Value { get; set; }
    public string? Label { get; set; }
    public required string ModelVersion { get; set; }
}
