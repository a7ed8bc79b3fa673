using System.Text.Json;
using System.Text.Json.Serialization;
using Valora.Analytics.Churn;

namespace Valora.Data.Churn;

/// <summary>What a churn model file keeps beside the ML.NET model (in <c>ModelMetadata.Extra</c>): how to turn a raw row into features, the calibration, the label and the tiers.</summary>
/// <param name="Encoder">The fitted feature encoder.</param>
/// <param name="Calibration">Raw score → probability.</param>
/// <param name="Trainer">The learner.</param>
/// <param name="LabelColumn">The label column trained on.</param>
/// <param name="PositiveLabel">The label value meaning churned.</param>
/// <param name="IdColumn">The id column, if any.</param>
/// <param name="HighRisk">High-tier threshold.</param>
/// <param name="MediumRisk">Medium-tier threshold.</param>
/// <param name="ClassWeighting">What was done about class imbalance, in words.</param>
public sealed record ChurnModelExtra(
    FeatureEncoder Encoder,
    PlattScaling Calibration,
    ChurnTrainer Trainer,
    string LabelColumn,
    string PositiveLabel,
    string? IdColumn,
    double HighRisk,
    double MediumRisk,
    string ClassWeighting)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>As a JSON element for the metadata.</summary>
    public JsonElement ToJson() => JsonSerializer.SerializeToElement(this, Json);

    /// <summary>From the metadata.</summary>
    /// <exception cref="InvalidDataException">The element does not hold churn model data.</exception>
    public static ChurnModelExtra FromJson(JsonElement? element) =>
        (element is { } e ? e.Deserialize<ChurnModelExtra>(Json) : null)
        ?? throw new InvalidDataException("the model file has no churn model data (it is not a churn model).");

    /// <summary>The tier of a probability.</summary>
    public string TierOf(double probability) => probability >= HighRisk ? "high" : probability >= MediumRisk ? "medium" : "low";
}
