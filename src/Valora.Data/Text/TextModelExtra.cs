using System.Text.Json;
using System.Text.Json.Serialization;
using Valora.Analytics.Text;

namespace Valora.Data.Text;

/// <summary>What a text model file keeps beside the ML.NET model (in <c>ModelMetadata.Extra</c>).</summary>
/// <param name="Classes">The class labels, in the order of the model's probabilities.</param>
/// <param name="Temperature">The calibration temperature fitted on the out-of-fold probabilities.</param>
/// <param name="Analyzer">How texts are cut into features.</param>
/// <param name="CharacterNgrams">Longest character n-gram.</param>
/// <param name="WordNgrams">Longest word n-gram (unused by <see cref="TextAnalyzer.Characters"/>).</param>
/// <param name="L2Regularization">The learner's L2 penalty.</param>
/// <param name="MaximumIterations">The learner's most passes.</param>
/// <param name="TextColumn">The text column trained on (scoring reads the same name unless told otherwise).</param>
/// <param name="LabelColumn">The label column trained on.</param>
/// <param name="Filter">The row filter trained under (e.g. "airline_sentiment = negative"), if any.</param>
/// <param name="TopTerms">Each class's top terms.</param>
public sealed record TextModelExtra(
    IReadOnlyList<string> Classes,
    double Temperature,
    TextAnalyzer Analyzer,
    int CharacterNgrams,
    int WordNgrams,
    double L2Regularization,
    int MaximumIterations,
    string TextColumn,
    string LabelColumn,
    string? Filter,
    IReadOnlyList<ClassTerms> TopTerms)
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>As a JSON element for the metadata.</summary>
    public JsonElement ToJson() => JsonSerializer.SerializeToElement(this, Json);

    /// <summary>From the metadata.</summary>
    /// <exception cref="InvalidDataException">The element does not hold text model data.</exception>
    public static TextModelExtra FromJson(JsonElement? element) =>
        (element is { } e ? e.Deserialize<TextModelExtra>(Json) : null)
        ?? throw new InvalidDataException("the model file has no text model data (it is not a text model).");
}
