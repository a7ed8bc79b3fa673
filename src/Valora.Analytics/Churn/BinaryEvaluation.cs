namespace Valora.Analytics.Churn;

/// <summary>All the metrics of one set of predictions (see <see cref="BinaryMetrics"/> for the definitions).</summary>
/// <param name="Count">Rows evaluated.</param>
/// <param name="Positives">Positives among them.</param>
/// <param name="RocAuc">Area under the ROC curve.</param>
/// <param name="AveragePrecision">PR AUC as average precision.</param>
/// <param name="LogLoss">Mean negative log-likelihood.</param>
/// <param name="BrierScore">Mean squared error of the probability.</param>
/// <param name="Confusion">Counts and rates at the threshold.</param>
/// <param name="Calibration">Predicted vs observed per decile.</param>
public sealed record BinaryEvaluation(
    long Count,
    long Positives,
    double RocAuc,
    double AveragePrecision,
    double LogLoss,
    double BrierScore,
    ConfusionMatrix Confusion,
    IReadOnlyList<CalibrationBin> Calibration)
{
    /// <summary>Evaluates probabilities against labels, with the confusion matrix at <paramref name="threshold"/>.</summary>
    /// <exception cref="ArgumentException">Lengths differ, a probability is outside [0, 1], or one class is absent.</exception>
    public static BinaryEvaluation Of(IReadOnlyList<bool> labels, IReadOnlyList<double> probabilities, double threshold = 0.5)
    {
        var (positives, _) = BinaryMetrics.Counts(labels);
        return new BinaryEvaluation(
            labels.Count,
            positives,
            BinaryMetrics.RocAuc(labels, probabilities),
            BinaryMetrics.AveragePrecision(labels, probabilities),
            BinaryMetrics.LogLoss(labels, probabilities),
            BinaryMetrics.BrierScore(labels, probabilities),
            BinaryMetrics.Confusion(labels, probabilities, threshold),
            BinaryMetrics.Calibration(labels, probabilities));
    }

    /// <summary>The scalar metrics by name (roc_auc, pr_auc, log_loss, brier, accuracy, precision, recall, f1).</summary>
    public IReadOnlyDictionary<string, double> Scalars() => new Dictionary<string, double>(StringComparer.Ordinal)
    {
        ["roc_auc"] = RocAuc,
        ["pr_auc"] = AveragePrecision,
        ["log_loss"] = LogLoss,
        ["brier"] = BrierScore,
        ["accuracy"] = Confusion.Accuracy,
        ["precision"] = Confusion.Precision,
        ["recall"] = Confusion.Recall,
        ["f1"] = Confusion.F1,
    };
}
