using Valora.Analytics.Text;

namespace Valora.Analytics.Propensity;

/// <summary>
/// Cross-validates a next-category learner beside <see cref="NextCategoryBaseline"/> on the same folds: for each fold
/// the learner and the baseline's popularity are fitted on the other folds only, then the fold's rows are predicted;
/// accuracy, macro-F1, log loss (<see cref="MulticlassEvaluation"/>) and top-3 accuracy
/// (<see cref="MulticlassEvaluation.TopKAccuracy"/>) are computed per fold and averaged over the folds.
/// </summary>
public static class NextCategoryCrossValidation
{
    /// <summary>The metric names, in report order.</summary>
    public static readonly IReadOnlyList<string> MetricNames = ["accuracy", "macro_f1", "log_loss", "top3_accuracy"];

    /// <summary>Runs the cross-validation.</summary>
    /// <param name="features">One feature vector per row.</param>
    /// <param name="labels">Per row, its class index into <paramref name="classes"/>.</param>
    /// <param name="classes">Class names.</param>
    /// <param name="pastOrders">Per row and class, the customer's past orders with a line in it (the baseline's input).</param>
    /// <param name="folds">Per row, its fold (0 … k − 1; every training part should hold every class).</param>
    /// <param name="trainer">The learner.</param>
    /// <param name="seed">Seed of the learner.</param>
    public static NextCategoryReport Run(IReadOnlyList<float[]> features, IReadOnlyList<int> labels, IReadOnlyList<string> classes,
        IReadOnlyList<int[]> pastOrders, IReadOnlyList<int> folds, NextCategoryTrainer trainer, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(classes);
        ArgumentNullException.ThrowIfNull(pastOrders);
        ArgumentNullException.ThrowIfNull(folds);
        if (features.Count != labels.Count || labels.Count != folds.Count || labels.Count != pastOrders.Count)
        {
            throw new ArgumentException("features, labels, past orders and folds need one entry per row.");
        }
        var k = folds.Max() + 1;
        var model = new List<IReadOnlyDictionary<string, double>>();
        var baseline = new List<IReadOnlyDictionary<string, double>>();
        for (var f = 0; f < k; f++)
        {
            var train = Enumerable.Range(0, labels.Count).Where(i => folds[i] != f).ToArray();
            var test = Enumerable.Range(0, labels.Count).Where(i => folds[i] == f).ToArray();
            if (test.Length == 0) continue;
            var classifier = NextCategoryClassifier.Train([.. train.Select(i => features[i])], [.. train.Select(i => labels[i])], classes.Count, trainer, seed);
            var actual = test.Select(i => labels[i]).ToArray();
            model.Add(Metrics(classes, actual, classifier.Probabilities([.. test.Select(i => features[i])])));
            var popularity = NextCategoryBaseline.Popularity(train.Select(i => labels[i]), classes.Count);
            baseline.Add(Metrics(classes, actual, [.. test.Select(i => NextCategoryBaseline.Probabilities(pastOrders[i], popularity))]));
        }
        return new NextCategoryReport(trainer, model.Count, Mean(model), Mean(baseline));
    }

    /// <summary>Accuracy, macro-F1, log loss and top-3 accuracy of probabilities against the true classes.</summary>
    public static IReadOnlyDictionary<string, double> Metrics(IReadOnlyList<string> classes, IReadOnlyList<int> actual, IReadOnlyList<double[]> probabilities)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        var rows = probabilities.Select(p => (IReadOnlyList<double>)p).ToArray();
        var evaluation = MulticlassEvaluation.Of(classes, actual, rows);
        return new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["accuracy"] = evaluation.Accuracy,
            ["macro_f1"] = evaluation.MacroF1,
            ["log_loss"] = evaluation.LogLoss,
            ["top3_accuracy"] = MulticlassEvaluation.TopKAccuracy(actual, rows, 3),
        };
    }

    static Dictionary<string, double> Mean(List<IReadOnlyDictionary<string, double>> perFold) =>
        MetricNames.ToDictionary(m => m, m => perFold.Average(d => d[m]), StringComparer.Ordinal);
}

/// <summary>One learner's cross-validation beside the baseline.</summary>
/// <param name="Trainer">The learner.</param>
/// <param name="Folds">Folds evaluated.</param>
/// <param name="Model">The learner's mean metric over the folds, by name (<see cref="NextCategoryCrossValidation.MetricNames"/>).</param>
/// <param name="Baseline">The baseline's, on the same folds.</param>
public sealed record NextCategoryReport(NextCategoryTrainer Trainer, int Folds, IReadOnlyDictionary<string, double> Model, IReadOnlyDictionary<string, double> Baseline);
