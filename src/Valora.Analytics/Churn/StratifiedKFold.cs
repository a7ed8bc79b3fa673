namespace Valora.Analytics.Churn;

/// <summary>
/// Seeded stratified k-fold assignment: each class's rows are shuffled (Fisher–Yates with <see cref="Random"/>
/// seeded by the caller) and dealt to the folds in turn, the second class continuing the deal where the first
/// stopped, so every fold holds the same share of churners (±1 row) and fold sizes differ by at most one. The same
/// seed and labels always give the same folds.
/// </summary>
public static class StratifiedKFold
{
    /// <summary>The fold (0 … folds − 1) of each row.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than 2 folds.</exception>
    /// <exception cref="ArgumentException">A class has fewer rows than there are folds.</exception>
    public static int[] Assign(IReadOnlyList<bool> labels, int folds, int seed)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        var (positives, negatives) = BinaryMetrics.Counts(labels);
        if (positives < folds || negatives < folds)
        {
            throw new ArgumentException(
                $"{folds} stratified folds need at least {folds} rows of each class; there are {positives} positive and {negatives} negative.",
                nameof(folds));
        }
        var rng = new Random(seed);
        var fold = new int[labels.Count];
        var next = 0;
        foreach (var cls in new[] { false, true })
        {
            var rows = Enumerable.Range(0, labels.Count).Where(i => labels[i] == cls).ToArray();
            for (var i = rows.Length - 1; i > 0; i--)
            {
                var j = rng.Next(i + 1);
                (rows[i], rows[j]) = (rows[j], rows[i]);
            }
            foreach (var row in rows)
            {
                fold[row] = next;
                next = (next + 1) % folds;
            }
        }
        return fold;
    }

    /// <summary>
    /// Checks folds given from outside (e.g. a fold file): ids 0 … k − 1 with k ≥ 2, every fold non-empty and each
    /// training part (the other folds) holding both classes.
    /// </summary>
    /// <returns>The number of folds.</returns>
    /// <exception cref="ArgumentException">The folds break a rule; the message names it.</exception>
    public static int Validate(IReadOnlyList<bool> labels, IReadOnlyList<int> fold)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(fold);
        if (labels.Count != fold.Count)
        {
            throw new ArgumentException($"labels and folds must have the same length ({labels.Count}, {fold.Count}).");
        }
        if (fold.Any(f => f < 0))
        {
            throw new ArgumentException("fold numbers must be 0 or more.", nameof(fold));
        }
        var k = fold.Count == 0 ? 0 : fold.Max() + 1;
        if (k < 2)
        {
            throw new ArgumentException("cross-validation needs at least 2 folds.", nameof(fold));
        }
        var (positives, negatives) = BinaryMetrics.Counts(labels);
        for (var f = 0; f < k; f++)
        {
            long n = 0, p = 0;
            for (var i = 0; i < fold.Count; i++)
            {
                if (fold[i] != f) continue;
                n++;
                if (labels[i]) p++;
            }
            if (n == 0)
            {
                throw new ArgumentException($"fold {f} has no rows (folds must be numbered 0 … {k - 1} without gaps).", nameof(fold));
            }
            if (positives - p == 0 || negatives - (n - p) == 0)
            {
                throw new ArgumentException($"without fold {f} the training rows hold only one class.", nameof(fold));
            }
        }
        return k;
    }
}
