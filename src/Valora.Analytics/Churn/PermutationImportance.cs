namespace Valora.Analytics.Churn;

/// <summary>
/// Global importance of each input column by permutation (Breiman 2001; scikit-learn's
/// <c>permutation_importance</c> with <c>scoring="roc_auc"</c>): the drop in ROC AUC when the values of one column —
/// all of its feature slots together, so a one-hot column moves as one — are shuffled across rows, everything else
/// kept, averaged over <c>repeats</c> seeded shuffles. A column the model does not use scores exactly 0; a column
/// it relies on scores up to AUC − 0.5. Computed on the rows given (held-out rows give the honest figure).
/// </summary>
public static class PermutationImportance
{
    /// <summary>Importance of each of the encoder's columns, in its column order, for a fitted classifier.</summary>
    public static IReadOnlyList<ColumnImportance> Compute(ChurnClassifier model, FeatureEncoder encoder, IReadOnlyList<float[]> features,
        IReadOnlyList<bool> labels, int repeats = 5, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(encoder);
        return Compute(model.RawScores, encoder.SlotColumns(), [.. encoder.Columns.Select(c => c.Name)], features, labels, repeats, seed);
    }

    /// <summary>
    /// Importance on honest rows, largest drop first: the learner (and the encoder) refitted on every row outside the
    /// lowest-numbered fold, and each column shuffled within that fold (<paramref name="repeats"/> seeded shuffles).
    /// On its own training rows a boosted model has learnt noise as well, which would inflate every column. The one
    /// implementation behind both the table form and the database form of churn training.
    /// </summary>
    /// <param name="rows">Raw rows, as <see cref="FeatureEncoder.Fit"/> reads them.</param>
    /// <param name="columns">The feature columns.</param>
    /// <param name="labels">One label per row (true = churned).</param>
    /// <param name="folds">One fold number per row; the lowest is held out.</param>
    /// <param name="trainer">The learner to refit.</param>
    /// <param name="training">Seed and class weighting of the fit.</param>
    /// <param name="repeats">Shuffles per column.</param>
    /// <param name="seed">Seed of the shuffles.</param>
    public static IReadOnlyList<ColumnImportance> HeldOut(IReadOnlyList<string[]> rows, IReadOnlyList<FeatureColumn> columns, IReadOnlyList<bool> labels,
        IReadOnlyList<int> folds, ChurnTrainer trainer, ChurnTrainingOptions training, int repeats = 5, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(folds);
        if (labels.Count != rows.Count || folds.Count != rows.Count)
        {
            throw new ArgumentException($"rows has {rows.Count} entries, labels {labels.Count} and folds {folds.Count}; they must match.", nameof(folds));
        }
        var heldOut = folds.Min();
        var train = Enumerable.Range(0, rows.Count).Where(i => folds[i] != heldOut).ToArray();
        var test = Enumerable.Range(0, rows.Count).Where(i => folds[i] == heldOut).ToArray();
        var encoder = FeatureEncoder.Fit(rows, columns, train);
        var binding = columns.Select(c => c.Index).ToArray();
        var model = ChurnClassifier.Train([.. train.Select(i => encoder.Encode(rows[i], binding, i))], [.. train.Select(i => labels[i])], trainer, training);
        return [.. Compute(model, encoder, [.. test.Select(i => encoder.Encode(rows[i], binding, i))], [.. test.Select(i => labels[i])], repeats, seed)
            .OrderByDescending(c => c.AucDrop)];
    }

    /// <summary>
    /// The same for any scorer: <paramref name="slotColumns"/> gives, for each feature slot, the index of its column
    /// in <paramref name="columnNames"/>.
    /// </summary>
    public static IReadOnlyList<ColumnImportance> Compute(Func<IReadOnlyList<float[]>, double[]> score, int[] slotColumns, IReadOnlyList<string> columnNames,
        IReadOnlyList<float[]> features, IReadOnlyList<bool> labels, int repeats = 5, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(score);
        ArgumentNullException.ThrowIfNull(slotColumns);
        ArgumentNullException.ThrowIfNull(columnNames);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        if (features.Count != labels.Count)
        {
            throw new ArgumentException($"features has {features.Count} rows but labels has {labels.Count}; they must match.", nameof(labels));
        }
        if (features.Count < 2 || !labels.Contains(true) || !labels.Contains(false))
        {
            throw new ArgumentException("Permutation importance needs at least two rows with both classes present.", nameof(labels));
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(repeats, 1);
        if (features.Any(x => x.Length != slotColumns.Length))
        {
            throw new ArgumentException($"Every feature row must have {slotColumns.Length} slots, one per entry of slotColumns.", nameof(features));
        }
        var baseline = BinaryMetrics.RocAuc(labels, score(features));
        var rng = new Random(seed);
        var result = new List<ColumnImportance>(columnNames.Count);
        for (var c = 0; c < columnNames.Count; c++)
        {
            var slots = Enumerable.Range(0, slotColumns.Length).Where(s => slotColumns[s] == c).ToArray();
            var drops = new double[repeats];
            for (var r = 0; r < repeats; r++)
            {
                var order = Enumerable.Range(0, features.Count).ToArray();
                rng.Shuffle(order);
                var permuted = new float[features.Count][];
                for (var i = 0; i < features.Count; i++)
                {
                    var copy = (float[])features[i].Clone();
                    foreach (var s in slots) copy[s] = features[order[i]][s];
                    permuted[i] = copy;
                }
                drops[r] = baseline - BinaryMetrics.RocAuc(labels, score(permuted));
            }
            var mean = drops.Average();
            var sd = repeats > 1 ? Math.Sqrt(drops.Sum(d => (d - mean) * (d - mean)) / (repeats - 1)) : 0;
            result.Add(new ColumnImportance(columnNames[c], mean, sd));
        }
        return result;
    }
}

/// <summary>A column's permutation importance: mean drop in ROC AUC over the shuffles, and its standard deviation.</summary>
public sealed record ColumnImportance(string Column, double AucDrop, double StandardDeviation);
