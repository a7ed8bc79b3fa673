using Microsoft.ML;
using Valora.Analytics.Text;
using Valora.Data.ModelStore;

namespace Valora.Data.Text;

/// <summary>A text classifier loaded from its model file: the calibrated classifier, what it was trained on, and the file's metadata.</summary>
/// <param name="Classifier">The calibrated classifier.</param>
/// <param name="Extra">Classes, temperature, featurisation, columns and top terms.</param>
/// <param name="Metadata">Version, trained at, metrics, columns.</param>
public sealed record TextModel(TextClassifier Classifier, TextModelExtra Extra, ModelMetadata Metadata)
{
    /// <summary>The model kind in <see cref="ModelMetadata.Kind"/>.</summary>
    public const string Kind = "text";

    /// <summary>The learner's name in <see cref="ModelMetadata.Trainer"/>.</summary>
    public const string Trainer = "sdca-maximum-entropy";

    /// <summary>Loads a text model file.</summary>
    /// <exception cref="FileNotFoundException">No file there.</exception>
    /// <exception cref="InvalidDataException">Not a Valora model file, or not a text model.</exception>
    public static TextModel Load(string path, int seed = 1)
    {
        var metadata = ModelFile.ReadMetadata(path);
        if (!string.Equals(metadata.Kind, Kind, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"--model: '{path}' is a {metadata.Kind} model, not a text model.");
        }
        var extra = TextModelExtra.FromJson(metadata.Extra);
        var ml = new MLContext(seed);
        var (model, schema, _) = ModelFile.Load(path, ml);
        var classifier = TextClassifier.FromModel(ml, model, schema, extra.Classes, extra.Analyzer, new TemperatureScaling(extra.Temperature));
        return new TextModel(classifier, extra, metadata);
    }
}
