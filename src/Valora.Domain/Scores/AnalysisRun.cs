namespace Valora.Domain.Scores;

/// <summary>
/// One scoring run of one model as of one date: what ran, with which settings, over how many customers. Its
/// per-customer results are the <see cref="CustomerScore"/> rows with the same <see cref="AsOf"/> and
/// <see cref="Version"/>. A re-run with the same model, version and date replaces the run and its scores.
/// </summary>
public sealed class AnalysisRun
{
    public long Id { get; set; }

    /// <summary>The model that scored, e.g. "rfm", "clv", "churn" (see the metric catalogue in Valora.Data).</summary>
    public required string Model { get; set; }

    /// <summary>The version written on every score of the run, e.g. "rfm-b5-total".</summary>
    public required string Version { get; set; }

    public DateOnly AsOf { get; set; }

    /// <summary>UTC.</summary>
    public DateTime RanAt { get; set; }

    public int Customers { get; set; }

    /// <summary>The settings the run used (JSON object).</summary>
    public required string ParametersJson { get; set; }

    /// <summary>Run-level results worth keeping beside the scores (JSON object), e.g. segment sizes.</summary>
    public required string SummaryJson { get; set; }
}
