using Valora.Analytics.Churn;

namespace Valora.Analytics.Tests.Churn;

public class StratifiedKFoldTests
{
    static bool[] Labels(int n, int positives) => [.. Enumerable.Range(0, n).Select(i => i < positives)];

    [Fact]
    public void Each_fold_gets_the_same_share_of_each_class()
    {
        var y = Labels(103, 27);
        var fold = StratifiedKFold.Assign(y, 5, seed: 1);
        for (var f = 0; f < 5; f++)
        {
            var rows = Enumerable.Range(0, y.Length).Where(i => fold[i] == f).ToArray();
            Assert.InRange(rows.Length, 20, 21);
            Assert.InRange(rows.Count(i => y[i]), 5, 6);
        }
    }

    [Fact]
    public void Same_seed_same_folds_other_seed_other_folds()
    {
        var y = Labels(200, 50);
        Assert.Equal(StratifiedKFold.Assign(y, 5, 7), StratifiedKFold.Assign(y, 5, 7));
        Assert.NotEqual(StratifiedKFold.Assign(y, 5, 7), StratifiedKFold.Assign(y, 5, 8));
        // Shuffled, not in row order: the first five positives are not dealt to folds 0..4 in turn for this seed.
        Assert.NotEqual([0, 1, 2, 3, 4], StratifiedKFold.Assign(y, 5, 7).Take(5));
    }

    [Fact]
    public void Too_few_of_a_class_is_refused_and_external_folds_are_checked()
    {
        var e = Assert.Throws<ArgumentException>(() => StratifiedKFold.Assign(Labels(50, 3), 5, 1));
        Assert.Contains("3 positive", e.Message, StringComparison.Ordinal);
        Assert.Equal(2, StratifiedKFold.Validate([true, false, true, false], [0, 0, 1, 1]));
        Assert.Throws<ArgumentException>(() => StratifiedKFold.Validate([true, false, true, false], [0, 0, 2, 2]));
        Assert.Throws<ArgumentException>(() => StratifiedKFold.Validate([true, true, false, false], [0, 0, 1, 1]));
    }
}
