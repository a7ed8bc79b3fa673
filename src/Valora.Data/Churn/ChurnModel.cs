using Microsoft.ML;
using Valora.Analytics.Churn;
using Valora.Data.ModelStore;

namespace Valora.Data.Churn;

/// <summary>A churn model loaded from its model file: the classifier, its encoder and tiers, and the file's metadata.</summary>
/// <param name="Classifier">The calibrated classifier.</param>
/// <param name="Extra">Encoder, calibration, label and tiers.</param>
/// <param name="Metadata">Version, trained at, metrics, columns.</param>
public sealed record ChurnModel(ChurnClassifier Classifier, ChurnModelExtra Extra, ModelMetadata Metadata)
{
    /// <summary>Loads a churn model file.</summary>
    /// <exception cref="FileNotFoundException">No file there.</exception>
    /// <exception cref="InvalidDataException">Not a Valora model file, or not a churn model.</exception>
    public static ChurnModel Load(string path, int seed = 1)
    {
        var metadata = ModelFile.ReadMetadata(path);
        if (!string.Equals(metadata.Kind, "churn", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"--model: '{path}' is a {metadata.Kind} model, not a churn model.");
        }
        var extra = ChurnModelExtra.FromJson(metadata.Extra);
        var ml = new MLContext(seed);
        var (model, schema, _) = ModelFile.Load(path, ml);
        var classifier = ChurnClassifier.FromModel(ml, model, schema, extra.Encoder.Width, extra.Calibration, extra.Trainer);
        return new ChurnModel(classifier, extra, metadata);
    }

    /// <summary>Probabilities and the top reasons of encoded rows.</summary>
    public (double[] Probabilities, IReadOnlyList<ChurnReason>[] Reasons) Predict(IReadOnlyList<string[]> rows, int[] binding,
        IReadOnlyList<float[]> features, int top)
    {
        var p = Classifier.Probabilities(features);
        var reasons = top > 0
            ? ChurnReasons.Top(Classifier, Extra.Encoder, rows, binding, features, top)
            : [.. features.Select(_ => (IReadOnlyList<ChurnReason>)[])];
        return (p, reasons);
    }
}
