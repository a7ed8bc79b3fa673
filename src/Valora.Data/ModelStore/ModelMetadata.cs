using System.Text.Json;

namespace Valora.Data.ModelStore;

/// <summary>
/// What a trained model is, kept inside its model file (<see cref="ModelFile"/>) and shown by every command that
/// loads it: kind and version, when it was trained and on what data (a file and its SHA-256, or the database's data
/// window), the columns it reads and their roles, the evaluation metrics, and anything model-specific in
/// <see cref="Extra"/> (e.g. class labels, the chosen threshold). Plain data, never a serialised object.
/// </summary>
/// <param name="Kind">Model kind, e.g. "churn", "propensity", "text".</param>
/// <param name="Version">Unique version string, e.g. "churn-20261202T101500123".</param>
/// <param name="TrainedAtUtc">When training finished (UTC).</param>
/// <param name="Trainer">The learner, e.g. "lightgbm", "lr".</param>
/// <param name="DataSource">The file trained on, or "database".</param>
/// <param name="DataSha256">Hex SHA-256 of the data file, when trained on a file.</param>
/// <param name="DataFrom">First day of the data window, when trained on the database.</param>
/// <param name="DataTo">Last day (or cutoff) of the data window, when trained on the database.</param>
/// <param name="Features">The input columns with their roles (numeric, categorical, boolean, text, label, id…).</param>
/// <param name="Metrics">Evaluation metrics by name (e.g. "roc_auc" → 0.85).</param>
/// <param name="Extra">Model-specific plain data (JSON).</param>
public sealed record ModelMetadata(
    string Kind,
    string Version,
    DateTime TrainedAtUtc,
    string Trainer,
    string? DataSource,
    string? DataSha256,
    DateOnly? DataFrom,
    DateOnly? DataTo,
    IReadOnlyList<ModelFeature> Features,
    IReadOnlyDictionary<string, double> Metrics,
    JsonElement? Extra = null)
{
    /// <summary>Version of this metadata layout; bumped when fields change meaning.</summary>
    public int FormatVersion { get; init; } = 1;
}

/// <summary>One input column of a model and its role.</summary>
public sealed record ModelFeature(string Name, string Role);
