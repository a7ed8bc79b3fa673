namespace Valora.Analytics.Text;

/// <summary>
/// Seeded stratified k-fold assignment over any number of classes, as <see cref="Churn.StratifiedKFold"/> does for
/// two: each class's rows (classes in ordinal order) are shuffled (Fisher–Yates with a <see cref="Random"/> seeded by
/// the caller) and dealt to the folds in turn, each class continuing the deal where the previous one stopped, so every
/// fold holds each class's share (±1 row) and fold sizes differ by at most one.
/// </summary>
public static class TextFolds
{
    /// <summary>The fold (0 … folds − 1) of each row.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than 2 folds.</exception>
    /// <exception cref="ArgumentException">A class has fewer rows than there are folds (the message names it).</exception>
    public static int[] Assign(IReadOnlyList<string> labels, int folds, int seed)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        var byClass = Enumerable.Range(0, labels.Count)
            .GroupBy(i => labels[i], StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (Class: g.Key, Rows: g.ToArray()))
            .ToArray();
        var rare = byClass.Where(g => g.Rows.Length < folds).ToArray();
        if (rare.Length > 0)
        {
            var list = string.Join(", ", rare.Select(g => $"'{g.Class}' ({g.Rows.Length})"));
            throw new ArgumentException(
                $"{folds} stratified folds need at least {folds} rows of each class; these have fewer: {list}.", nameof(folds));
        }
        var rng = new Random(seed);
        var fold = new int[labels.Count];
        var next = 0;
        foreach (var (_, rows) in byClass)
        {
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
}
