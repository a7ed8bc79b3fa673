using Valora.Analytics.Propensity;
using Valora.Analytics.Text;

namespace Valora.Analytics.Tests.Propensity;

public class NextCategoryCrossValidationTests
{
    static readonly string[] Names = ["A", "B", "C", "D"];

    /// <summary>
    /// A generated population where the next category is learnable but not from frequency: each customer mostly buys a
    /// favourite category, yet the next order is always the category after the one of their last order (A → B → C →
    /// D → A). The baseline (most frequent past category) is right only by chance; the last-order column says it all.
    /// </summary>
    static (NextCategoryFeatureSet Set, string?[] Labels) Population(int customers, int seed)
    {
        var rng = new Random(seed);
        var asOf = new DateOnly(2026, 5, 1);
        var start = asOf.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var lines = new List<CategoryLine>();
        for (var id = 1; id <= customers; id++)
        {
            var favourite = rng.Next(4);
            var orders = 3 + rng.Next(4);
            for (var o = 0; o < orders - 1; o++)
            {
                var c = rng.NextDouble() < 0.8 ? favourite : rng.Next(4);
                lines.Add(new(id, start.AddDays(-200 + 30 * o + rng.Next(10)), Names[c], 5 + rng.Next(20)));
            }
            var last = rng.Next(4);
            lines.Add(new(id, start.AddDays(-10 - rng.Next(20)), Names[last], 5 + rng.Next(20)));
            lines.Add(new(id, start.AddDays(5 + rng.Next(30)), Names[(last + 1) % 4], 10));
        }
        var set = NextCategoryFeatures.From(lines, asOf, NextCategoryFeatures.Categories(lines, asOf));
        return (set, NextCategoryFeatures.Labels(set, lines, 60));
    }

    [Theory]
    [InlineData(NextCategoryTrainer.LightGbm)]
    [InlineData(NextCategoryTrainer.MaximumEntropy)]
    public void Run_WhenTheNextCategoryFollowsTheLastOne_TheLearnerBeatsTheFrequencyBaseline(NextCategoryTrainer trainer)
    {
        var (set, labels) = Population(400, 3);
        Assert.All(labels, l => Assert.NotNull(l));
        var y = labels.Select(l => Array.IndexOf(Names, l)).ToArray();
        var folds = TextFolds.Assign([.. labels.Select(l => l!)], 5, 1);

        var report = NextCategoryCrossValidation.Run(set.Rows, y, Names, set.OrdersPerCategory, folds, trainer, 1);

        Assert.Equal(5, report.Folds);
        Assert.InRange(report.Model["accuracy"], 0.9, 1);
        Assert.InRange(report.Model["macro_f1"], 0.9, 1);
        Assert.InRange(report.Model["top3_accuracy"], report.Model["accuracy"], 1);
        // The baseline is about as good as chance (0.25) here.
        Assert.InRange(report.Baseline["accuracy"], 0.1, 0.45);
        Assert.True(report.Model["macro_f1"] > report.Baseline["macro_f1"] + 0.4, $"{report.Model["macro_f1"]} vs {report.Baseline["macro_f1"]}");
        Assert.True(report.Model["log_loss"] < report.Baseline["log_loss"], $"{report.Model["log_loss"]} vs {report.Baseline["log_loss"]}");
    }

    [Fact]
    public void Baseline_InTheReport_IsThePopularityOfTheOtherFoldsAndTheCustomersCounts()
    {
        // Four rows, two folds; the baseline of each fold recomputed by hand.
        float[][] x = [[0f], [1f], [0f], [1f]];
        int[] y = [0, 1, 1, 1];
        int[][] past = [[2, 0], [0, 0], [0, 3], [1, 1]];
        int[] folds = [0, 0, 1, 1];

        var report = NextCategoryCrossValidation.Run(x, y, ["a", "b"], past, folds, NextCategoryTrainer.MaximumEntropy, 1);

        // Fold 0 (rows 0, 1), popularity of rows 2, 3: b = 1. Row 0: (2, 0)/3 → a, right; row 1: (0, 1) → b, right.
        // Fold 1 (rows 2, 3), popularity of rows 0, 1: (.5, .5). Row 2: (.5, 3.5)/4 → b, right; row 3: (1.5, 1.5)/3 → a
        // (tie, first class), wrong. Accuracy (1 + .5) / 2; log loss of fold 0 is −ln(2/3)/2 − ln(1)/2 (p floored),
        // of fold 1 −(ln(3.5/4) + ln(.5))/2.
        Assert.Equal(0.75, report.Baseline["accuracy"], 12);
        var expectedLogLoss = (-Math.Log(2 / 3.0) / 2 + (-(Math.Log(3.5 / 4) + Math.Log(0.5)) / 2)) / 2;
        Assert.Equal(expectedLogLoss, report.Baseline["log_loss"], 9);
    }
}
