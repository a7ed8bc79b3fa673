namespace Valora.Domain.Scores;

/// <summary>A fitted model: what it is, on which data window, its parameters and metrics (JSON, plain data).</summary>
public sealed class ModelRun
{
    public long Id { get; set; }
    /// <summary>Model kind, e.g. "bgnbd", "paretonbd", "gammagamma".</summary>
    public required string Kind { get; set; }
    public required string Version { get; set; }
    /// <summary>UTC.</summary>
    public DateTime TrainedAt { get; set; }
    public DateOnly? DataFrom { get; set; }
    public DateOnly DataTo { get; set; }
    public DateOnly? HoldoutTo { get; set; }
    public required string ParametersJson { get; set; }
    public required string MetricsJson { get; set; }
}
