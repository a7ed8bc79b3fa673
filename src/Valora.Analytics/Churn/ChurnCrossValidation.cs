namespace Valora.Analytics.Churn;

/// <summary>
/// Honest evaluation of a learner by k-fold cross-validation on raw rows: inside each fold the encoder (medians,
/// means, categories) and the learner are fitted on the other folds only, then the fold's rows are predicted. Reports
/// each fold's metrics, their mean and standard deviation (the figure trainers are compared on: mean ROC AUC over
/// folds, as scikit-learn's <c>cross_val_score</c>), and the pooled out-of-fold predictions, from which the
/// precision/recall curve, thresholds and calibration table are drawn.
/// </summary>
public static class ChurnCrossValidation
{
    /// <summary>Cross-validates one learner.</summary>
    /// <param name="rows">Raw rows.</param>
    /// <param name="columns">Feature columns.</param>
    /// <param name="labels">Label per row (true = churned).</param>
    /// <param name="folds">Fold per row, 0 … k − 1 (<see cref="StratifiedKFold"/> or a fold file).</param>
    /// <param name="trainer">The learner.</param>
    /// <param name="options">Training options.</param>
    /// <param name="threshold">Threshold of the confusion matrices.</param>
    /// <exception cref="ArgumentException">The folds break a rule (see <see cref="StratifiedKFold.Validate"/>).</exception>
    public static CrossValidationReport Run(IReadOnlyList<string[]> rows, IReadOnlyList<FeatureColumn> columns, IReadOnlyList<bool> labels,
        IReadOnlyList<int> folds, ChurnTrainer trainer, ChurnTrainingOptions options, double threshold = 0.5)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(columns);
        var k = StratifiedKFold.Validate(labels, folds);
        var binding = columns.Select(c => c.Index).ToArray();
        var outOfFold = new double[rows.Count];
        var evaluations = new List<BinaryEvaluation>();
        for (var f = 0; f < k; f++)
        {
            var train = Enumerable.Range(0, rows.Count).Where(i => folds[i] != f).ToArray();
            var test = Enumerable.Range(0, rows.Count).Where(i => folds[i] == f).ToArray();
            var encoder = FeatureEncoder.Fit(rows, columns, train);
            var model = ChurnClassifier.Train(
                [.. train.Select(i => encoder.Encode(rows[i], binding, i))], [.. train.Select(i => labels[i])], trainer, options);
            var p = model.Probabilities([.. test.Select(i => encoder.Encode(rows[i], binding, i))]);
            for (var t = 0; t < test.Length; t++) outOfFold[test[t]] = p[t];
            evaluations.Add(BinaryEvaluation.Of([.. test.Select(i => labels[i])], p, threshold));
        }
        var names = evaluations[0].Scalars().Keys.ToArray();
        var mean = new Dictionary<string, double>(StringComparer.Ordinal);
        var sd = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var values = evaluations.Select(e => e.Scalars()[name]).ToArray();
            var m = values.Average();
            mean[name] = m;
            sd[name] = Math.Sqrt(values.Sum(v => (v - m) * (v - m)) / Math.Max(1, values.Length - 1));
        }
        return new CrossValidationReport(trainer, k, evaluations, mean, sd, outOfFold, BinaryEvaluation.Of(labels, outOfFold, threshold));
    }
}

/// <summary>The result of <see cref="ChurnCrossValidation.Run"/>.</summary>
/// <param name="Trainer">The learner evaluated.</param>
/// <param name="Folds">Number of folds.</param>
/// <param name="PerFold">Metrics of each fold's held-out rows.</param>
/// <param name="Mean">Mean over folds of each scalar metric (roc_auc, pr_auc, log_loss, brier, accuracy, precision, recall, f1).</param>
/// <param name="StandardDeviation">Sample standard deviation over folds.</param>
/// <param name="OutOfFold">Each row's probability from the model that did not see it.</param>
/// <param name="Pooled">Metrics of all out-of-fold probabilities together (curve, thresholds, calibration).</param>
public sealed record CrossValidationReport(
    ChurnTrainer Trainer,
    int Folds,
    IReadOnlyList<BinaryEvaluation> PerFold,
    IReadOnlyDictionary<string, double> Mean,
    IReadOnlyDictionary<string, double> StandardDeviation,
    IReadOnlyList<double> OutOfFold,
    BinaryEvaluation Pooled);
