namespace Valora.Analytics.Propensity;

/// <summary>
/// The naive next-category forecast a learner must beat: the customer's most frequent past category, else the most
/// popular one. As probabilities (so log loss and top-k are defined): p_c = (n_c + s_c) / (n + 1), where n_c is the
/// customer's past orders with a line in class c, n = Σ n_c and s_c the class's share of the training labels. The
/// shares sum to 1 and are each below 1, so a category bought more often always ranks higher, ties and customers with
/// no past order in any class fall back on popularity, and no class gets probability 0.
/// </summary>
public static class NextCategoryBaseline
{
    /// <summary>The class shares of labels (0 … classCount − 1), the popularity the baseline falls back on.</summary>
    public static double[] Popularity(IEnumerable<int> labels, int classCount)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var counts = new double[classCount];
        var n = 0;
        foreach (var l in labels)
        {
            counts[l]++;
            n++;
        }
        for (var c = 0; c < classCount; c++) counts[c] = n == 0 ? 1.0 / classCount : counts[c] / n;
        return counts;
    }

    /// <summary>One customer's baseline probabilities.</summary>
    /// <param name="pastOrders">Per class, the customer's past orders with a line in it.</param>
    /// <param name="popularity">Per class, its share of the training labels (sums to 1).</param>
    public static double[] Probabilities(IReadOnlyList<int> pastOrders, IReadOnlyList<double> popularity)
    {
        ArgumentNullException.ThrowIfNull(pastOrders);
        ArgumentNullException.ThrowIfNull(popularity);
        if (pastOrders.Count != popularity.Count)
        {
            throw new ArgumentException($"one count per class is needed ({pastOrders.Count} counts, {popularity.Count} classes).", nameof(pastOrders));
        }
        var n = pastOrders.Sum();
        return [.. pastOrders.Select((count, c) => (count + popularity[c]) / (n + 1.0))];
    }
}
