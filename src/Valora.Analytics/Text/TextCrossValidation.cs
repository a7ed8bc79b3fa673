namespace Valora.Analytics.Text;

/// <summary>
/// Honest evaluation of the text classifier by k-fold cross-validation: inside each fold the vocabulary, the
/// document frequencies and the weights are learnt from the other folds only, then the fold's texts are predicted.
/// Folds run one after another (the machine's other core stays free). Reports each fold's metrics, their mean and
/// sample standard deviation (the accuracy goal is the mean over folds, as scikit-learn's <c>cross_val_score</c>),
/// and the temperature fitted on all out-of-fold probabilities with the pooled evaluation after it, which is what the
/// saved model's probabilities mean.
/// </summary>
public static class TextCrossValidation
{
    /// <summary>Cross-validates.</summary>
    /// <param name="texts">The texts.</param>
    /// <param name="labels">Their classes.</param>
    /// <param name="folds">Fold per row, 0 … k − 1 (<see cref="TextFolds.Assign"/>).</param>
    /// <param name="options">Featurisation and training.</param>
    /// <param name="progress">Told when each fold starts (1-based fold, k).</param>
    /// <exception cref="ArgumentException">Lengths differ, fewer than two folds, a fold is empty, or a training part lacks a class.</exception>
    public static TextCrossValidationReport Run(IReadOnlyList<string> texts, IReadOnlyList<string> labels, IReadOnlyList<int> folds,
        TextTrainingOptions options, Action<int, int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(folds);
        ArgumentNullException.ThrowIfNull(options);
        if (texts.Count != labels.Count || texts.Count != folds.Count)
        {
            throw new ArgumentException($"texts, labels and folds must have the same length ({texts.Count}, {labels.Count}, {folds.Count}).");
        }
        var classes = labels.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var index = classes.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);
        var actual = labels.Select(l => index[l]).ToArray();
        var k = folds.Count == 0 ? 0 : folds.Max() + 1;
        if (k < 2 || folds.Any(f => f < 0))
        {
            throw new ArgumentException("cross-validation needs at least 2 folds numbered from 0.", nameof(folds));
        }
        var outOfFold = new IReadOnlyList<double>[texts.Count];
        var perFold = new List<MulticlassEvaluation>(k);
        TextAnalyzer? analyzer = null;
        for (var f = 0; f < k; f++)
        {
            progress?.Invoke(f + 1, k);
            var train = Enumerable.Range(0, texts.Count).Where(i => folds[i] != f).ToArray();
            var test = Enumerable.Range(0, texts.Count).Where(i => folds[i] == f).ToArray();
            if (test.Length == 0)
            {
                throw new ArgumentException($"fold {f} has no rows (folds must be numbered 0 … {k - 1} without gaps).", nameof(folds));
            }
            var missing = classes.Where(c => !train.Any(i => string.Equals(labels[i], c, StringComparison.Ordinal))).ToArray();
            if (missing.Length > 0)
            {
                throw new ArgumentException($"without fold {f} the training rows lack class '{missing[0]}'.", nameof(folds));
            }
            var model = TextClassifier.Train([.. train.Select(i => texts[i])], [.. train.Select(i => labels[i])], options);
            analyzer ??= model.Analyzer;
            var p = model.Probabilities([.. test.Select(i => texts[i])]);
            for (var t = 0; t < test.Length; t++) outOfFold[test[t]] = p[t];
            perFold.Add(MulticlassEvaluation.Of(classes, [.. test.Select(i => actual[i])], p));
        }
        var names = perFold[0].Scalars().Keys.ToArray();
        var mean = new Dictionary<string, double>(StringComparer.Ordinal);
        var sd = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var values = perFold.Select(e => e.Scalars()[name]).ToArray();
            var m = values.Average();
            mean[name] = m;
            sd[name] = Math.Sqrt(values.Sum(v => (v - m) * (v - m)) / Math.Max(1, values.Length - 1));
        }
        var uncalibrated = MulticlassEvaluation.Of(classes, actual, outOfFold);
        var calibration = TemperatureScaling.Fit(outOfFold, actual);
        var pooled = MulticlassEvaluation.Of(classes, actual, [.. outOfFold.Select(p => (IReadOnlyList<double>)calibration.Apply(p))]);
        return new TextCrossValidationReport(classes, analyzer!.Value, k, perFold, mean, sd, calibration, uncalibrated, pooled);
    }
}

/// <summary>What <see cref="TextCrossValidation.Run"/> found.</summary>
/// <param name="Classes">The classes, in ordinal order.</param>
/// <param name="Analyzer">The analyzer the folds used.</param>
/// <param name="Folds">Number of folds.</param>
/// <param name="PerFold">Each fold's held-out metrics (uncalibrated probabilities; accuracy and F1 do not depend on the temperature).</param>
/// <param name="Mean">Mean over folds of each scalar metric.</param>
/// <param name="StandardDeviation">Sample standard deviation over folds.</param>
/// <param name="Calibration">The temperature fitted on all out-of-fold probabilities.</param>
/// <param name="Uncalibrated">The pooled out-of-fold evaluation before the temperature.</param>
/// <param name="Pooled">The pooled out-of-fold evaluation after it (confusion matrix, per-class figures, log loss, calibration error).</param>
public sealed record TextCrossValidationReport(
    IReadOnlyList<string> Classes,
    TextAnalyzer Analyzer,
    int Folds,
    IReadOnlyList<MulticlassEvaluation> PerFold,
    IReadOnlyDictionary<string, double> Mean,
    IReadOnlyDictionary<string, double> StandardDeviation,
    TemperatureScaling Calibration,
    MulticlassEvaluation Uncalibrated,
    MulticlassEvaluation Pooled);
