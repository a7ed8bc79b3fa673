namespace Valora.Analytics.Text;

/// <summary>
/// How well class probabilities match the true classes. The predicted class is the most probable one (ties: the
/// first in class order). Per class: precision TP / (TP + FP), recall TP / (TP + FN), F1 their harmonic mean, a rate
/// with a zero denominator being 0 (scikit-learn's <c>zero_division</c> default). Macro F1 is the unweighted mean of
/// the classes' F1 (scikit-learn's <c>f1_score(average="macro")</c>), so a rare class counts as much as a common one.
/// Log loss is the mean −ln p(true class), with p floored at 1e-15 as scikit-learn clips; the expected calibration
/// error is Σ_b (n_b / n)·|accuracy_b − mean confidence_b| over ten equal-width bins of the top probability.
/// </summary>
/// <param name="Classes">The class labels, in the order of the matrix and the probabilities.</param>
/// <param name="Confusion">Counts: <c>Confusion[actual][predicted]</c>.</param>
/// <param name="PerClass">Support, precision, recall and F1 of each class.</param>
/// <param name="Accuracy">Share of rows whose predicted class is the true one.</param>
/// <param name="MacroF1">Mean of the classes' F1.</param>
/// <param name="LogLoss">Mean −ln p(true class).</param>
/// <param name="ExpectedCalibrationError">Top-label calibration error over ten bins.</param>
public sealed record MulticlassEvaluation(
    IReadOnlyList<string> Classes,
    IReadOnlyList<IReadOnlyList<long>> Confusion,
    IReadOnlyList<ClassMetrics> PerClass,
    double Accuracy,
    double MacroF1,
    double LogLoss,
    double ExpectedCalibrationError)
{
    /// <summary>Rows counted.</summary>
    public long Total => Confusion.Sum(r => r.Sum());

    /// <summary>The scalar metrics by name (accuracy, macro_f1, macro_precision, macro_recall, log_loss, ece).</summary>
    public IReadOnlyDictionary<string, double> Scalars() => new Dictionary<string, double>(StringComparer.Ordinal)
    {
        ["accuracy"] = Accuracy,
        ["macro_f1"] = MacroF1,
        ["macro_precision"] = PerClass.Average(c => c.Precision),
        ["macro_recall"] = PerClass.Average(c => c.Recall),
        ["log_loss"] = LogLoss,
        ["ece"] = ExpectedCalibrationError,
    };

    /// <summary>Evaluates probabilities against the true classes.</summary>
    /// <param name="classes">Class labels.</param>
    /// <param name="actual">Per row, the index of its true class.</param>
    /// <param name="probabilities">Per row, one probability per class.</param>
    /// <exception cref="ArgumentException">Lengths differ, a row has the wrong number of probabilities, or a class index is out of range.</exception>
    public static MulticlassEvaluation Of(IReadOnlyList<string> classes, IReadOnlyList<int> actual, IReadOnlyList<IReadOnlyList<double>> probabilities)
    {
        ArgumentNullException.ThrowIfNull(classes);
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(probabilities);
        if (actual.Count != probabilities.Count)
        {
            throw new ArgumentException($"one class and one probability row per row are needed ({actual.Count} classes, {probabilities.Count} rows).");
        }
        var k = classes.Count;
        var confusion = new long[k][];
        for (var c = 0; c < k; c++) confusion[c] = new long[k];
        var logLoss = 0.0;
        const int bins = 10;
        var binCount = new long[bins];
        var binCorrect = new long[bins];
        var binConfidence = new double[bins];
        for (var i = 0; i < actual.Count; i++)
        {
            var p = probabilities[i];
            if (p.Count != k)
            {
                throw new ArgumentException($"row {i} has {p.Count} probabilities for {k} classes.", nameof(probabilities));
            }
            if (actual[i] < 0 || actual[i] >= k)
            {
                throw new ArgumentException($"row {i}: class {actual[i]} is out of range.", nameof(actual));
            }
            var predicted = 0;
            for (var c = 1; c < k; c++)
            {
                if (p[c] > p[predicted]) predicted = c;
            }
            confusion[actual[i]][predicted]++;
            logLoss -= Math.Log(Math.Clamp(p[actual[i]], TemperatureScaling.Floor, 1));
            var bin = Math.Min(bins - 1, (int)(p[predicted] * bins));
            binCount[bin]++;
            binConfidence[bin] += p[predicted];
            if (predicted == actual[i]) binCorrect[bin]++;
        }
        var n = actual.Count;
        var perClass = new ClassMetrics[k];
        long correct = 0;
        for (var c = 0; c < k; c++)
        {
            long tp = confusion[c][c], support = confusion[c].Sum(), predictedAs = 0;
            for (var a = 0; a < k; a++) predictedAs += confusion[a][c];
            correct += tp;
            var precision = Ratio(tp, predictedAs);
            var recall = Ratio(tp, support);
            perClass[c] = new ClassMetrics(classes[c], support, precision, recall, Ratio(2 * tp, predictedAs + support));
        }
        var ece = 0.0;
        for (var b = 0; b < bins; b++)
        {
            if (binCount[b] == 0) continue;
            ece += (double)binCount[b] / n * Math.Abs((double)binCorrect[b] / binCount[b] - binConfidence[b] / binCount[b]);
        }
        return new MulticlassEvaluation(classes, confusion, perClass, Ratio(correct, n), perClass.Average(c => c.F1), n == 0 ? 0 : logLoss / n, ece);
    }

    /// <summary>
    /// Top-k accuracy: the share of rows whose true class is among the <paramref name="k"/> most probable. Classes are
    /// ranked by probability, ties by class order (as the predicted class is), so top-1 accuracy equals
    /// <see cref="Accuracy"/>; with k at least the number of classes it is 1. No rows: 0.
    /// </summary>
    /// <param name="actual">Per row, the index of its true class.</param>
    /// <param name="probabilities">Per row, one probability per class (all rows of the same length).</param>
    /// <param name="k">How many of the top classes count (1 or more).</param>
    /// <exception cref="ArgumentException">Lengths differ or a class index is out of range.</exception>
    public static double TopKAccuracy(IReadOnlyList<int> actual, IReadOnlyList<IReadOnlyList<double>> probabilities, int k)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        if (actual.Count != probabilities.Count)
        {
            throw new ArgumentException($"one class and one probability row per row are needed ({actual.Count} classes, {probabilities.Count} rows).");
        }
        long hits = 0;
        for (var i = 0; i < actual.Count; i++)
        {
            var p = probabilities[i];
            var truth = actual[i];
            if (truth < 0 || truth >= p.Count)
            {
                throw new ArgumentException($"row {i}: class {truth} is out of range.", nameof(actual));
            }
            // Classes ranked above the true one: more probable, or as probable and earlier in class order.
            var above = 0;
            for (var c = 0; c < p.Count; c++)
            {
                if (p[c] > p[truth] || (p[c] == p[truth] && c < truth)) above++;
            }
            if (above < k) hits++;
        }
        return Ratio(hits, actual.Count);
    }

    static double Ratio(long numerator, long denominator) => denominator == 0 ? 0 : (double)numerator / denominator;
}

/// <summary>One class's figures.</summary>
/// <param name="Class">The label.</param>
/// <param name="Support">Rows whose true class it is.</param>
/// <param name="Precision">TP / (TP + FP).</param>
/// <param name="Recall">TP / (TP + FN).</param>
/// <param name="F1">2·TP / (2·TP + FP + FN).</param>
public sealed record ClassMetrics(string Class, long Support, double Precision, double Recall, double F1);
