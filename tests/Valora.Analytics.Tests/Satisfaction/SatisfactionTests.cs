using Valora.Analytics.Satisfaction;

namespace Valora.Analytics.Tests.Satisfaction;

public sealed class SatisfactionTests
{
    [Fact]
    public void MeanOfDistribution_TheIssuesExample_Is4Point75()
    {
        // (5·80 + 4·15 + 3·5) / (80 + 15 + 5) = (400 + 60 + 15) / 100 = 4.75.
        Assert.Equal(4.75, SatisfactionScores.MeanOfDistribution([(5, 80), (4, 15), (3, 5)]), 12);
    }

    [Fact]
    public void WeightedMean_DividesByTheSumOfTheWeightsNotTheCount()
    {
        // Σ w·s = 0.8 + 1.5 + 1.5 + 0.8 + 0.8 = 5.4; Σ w = 1.2 → 4.5 (dividing by the count, 5, would give 1.08).
        Assert.Equal(4.5, SatisfactionScores.WeightedMean([4, 5, 5, 4, 4], [0.2, 0.3, 0.3, 0.2, 0.2]), 12);
    }

    [Fact]
    public void WeightedMean_BadWeights_SayWhichRuleIsBroken()
    {
        Assert.Contains("2 scores but 1 weights", Assert.Throws<ArgumentException>(() => SatisfactionScores.WeightedMean([1, 2], [1])).Message, StringComparison.Ordinal);
        Assert.Contains("weight 2 must be", Assert.Throws<ArgumentException>(() => SatisfactionScores.WeightedMean([1, 2], [1, -1])).Message, StringComparison.Ordinal);
        Assert.Contains("add up to 0", Assert.Throws<ArgumentException>(() => SatisfactionScores.WeightedMean([1, 2], [0, 0])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Likert_CountsBoxesAndAWilsonIntervalWhoseEndsSolveItsEquation()
    {
        // 1, 2, 3, 4, 4, 5, 5, 5: counts 1, 1, 1, 2, 3; top-2 = 5/8; bottom-2 = 2/8; mean 29/8.
        var d = SatisfactionScores.Likert([5, 5, 4, 3, 1, 2, 4, 5], 1, 5);
        Assert.Equal([1L, 1, 1, 2, 3], d.Counts);
        Assert.Equal((0.625, 0.25, 3.625), (d.TopTwoBox, d.BottomTwoBox, d.Mean));
        // Wilson's interval is the set of π with (p̂ − π)² ≤ z²·π(1 − π)/n: both ends satisfy it with equality.
        foreach (var pi in new[] { d.TopTwoBoxLower, d.TopTwoBoxUpper })
        {
            var z = SatisfactionScores.Z95;
            Assert.Equal(0, Math.Pow(0.625 - pi, 2) - z * z * pi * (1 - pi) / 8, 12);
        }
        Assert.True(d.TopTwoBoxLower < 0.625 && 0.625 < d.TopTwoBoxUpper);
    }

    [Fact]
    public void Likert_AnswerOutsideTheScale_NamesIt()
    {
        var ex = Assert.Throws<ArgumentException>(() => SatisfactionScores.Likert([1, 6], 1, 5));
        Assert.StartsWith("answer 2 is 6, outside the scale 1..5.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nps_TenAnswers_WorkedByHand()
    {
        // Promoters 10, 9, 9, 10 (4); passives 8, 7 (2); detractors 6, 3, 0, 5 (4): NPS = 100·(0.4 − 0.4) = 0.
        // Per-answer variance p₊ + p₋ − (p₊ − p₋)² = 0.8; SE = 100·√(0.8/10) = 28.28…
        var r = NetPromoterScore.Compute([10, 9, 9, 8, 7, 6, 3, 0, 10, 5]);
        Assert.Equal((4L, 2L, 4L), (r.Promoters, r.Passives, r.Detractors));
        Assert.Equal(0, r.Score, 12);
        Assert.Equal(100 * Math.Sqrt(0.08), r.StandardError, 12);
        Assert.Equal(-SatisfactionScores.Z95 * 100 * Math.Sqrt(0.08), r.Lower, 12);
    }

    [Fact]
    public void Nps_SkewedAnswers_ScoreAndStandardErrorAgreeWithTheVarianceOfPlusMinusOne()
    {
        // 6 promoters, 3 passives, 1 detractor: values +1 ×6, 0 ×3, −1 ×1 → mean 0.5, population variance
        // (6·0.25 + 3·0.25 + 1·2.25)/10 = 0.45 = 0.6 + 0.1 − 0.25.
        var r = NetPromoterScore.Compute([9, 9, 9, 10, 10, 10, 7, 8, 8, 2]);
        Assert.Equal(50, r.Score, 12);
        Assert.Equal(100 * Math.Sqrt(0.45 / 10), r.StandardError, 12);
        Assert.Throws<ArgumentException>(() => NetPromoterScore.Compute([11]));
    }

    [Theory]
    [InlineData(1, 5, KanoCategory.OneDimensional)]
    [InlineData(1, 2, KanoCategory.Attractive)]
    [InlineData(1, 4, KanoCategory.Attractive)]
    [InlineData(2, 5, KanoCategory.MustBe)]
    [InlineData(4, 5, KanoCategory.MustBe)]
    [InlineData(3, 3, KanoCategory.Indifferent)]
    [InlineData(5, 1, KanoCategory.Reverse)]
    [InlineData(2, 1, KanoCategory.Reverse)]
    [InlineData(1, 1, KanoCategory.Questionable)]
    [InlineData(5, 5, KanoCategory.Questionable)]
    public void Kano_TheEvaluationTable(int functional, int dysfunctional, KanoCategory expected) =>
        Assert.Equal(expected, Kano.Classify(functional, dysfunctional));

    [Fact]
    public void Kano_Feature_CategoryAndBetterWorseCoefficients()
    {
        // O, O, M, A, I: category O; Better = (A + O)/(A + O + M + I) = 3/5; Worse = −(O + M)/5 = −3/5.
        var f = Kano.Evaluate("one-click reorder", [(1, 5), (1, 5), (2, 5), (1, 3), (3, 3)]);
        Assert.Equal(KanoCategory.OneDimensional, f.Category);
        Assert.Equal((0.6, -0.6), (f.Better, f.Worse));
        // A tie between M and O goes to M.
        Assert.Equal(KanoCategory.MustBe, Kano.Evaluate("x", [(2, 5), (1, 5)]).Category);
        var bad = Assert.Throws<ArgumentException>(() => Kano.Evaluate("x", [(1, 5), (0, 5)]));
        Assert.StartsWith("Feature 'x', answer 2: A Kano answer is 1 (like) to 5 (dislike).", bad.Message, StringComparison.Ordinal);
    }
}
