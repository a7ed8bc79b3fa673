using Valora.Analytics.Lifecycle;
using Valora.Domain.Sales;

namespace Valora.Analytics.Tests.Lifecycle;

public sealed class LifecycleStagesTests
{
    static readonly DateOnly AsOf = new(2024, 6, 30);

    static Purchase P(long customer, int y, int m, int d, decimal revenue = 100) => new(customer, new DateTime(y, m, d, 10, 0, 0, DateTimeKind.Utc), revenue, 0);

    /// <summary>Crafted histories, one per rule, as of 2024-06-30.</summary>
    static List<Purchase> Histories() =>
    [
        // 1 intro: first (and only) purchase 29 days ago; its July order is after the date and must not count.
        P(1, 2024, 6, 1), P(1, 2024, 7, 10),
        // 2 confirmation: two orders 60 days apart, last 112 days ago (112 < 2.5 × 60 = 150: not leaving).
        P(2, 2024, 1, 10), P(2, 2024, 3, 10),
        // 3 growth: 2 orders in the year before the last, 6 in the last (ratio 3).
        P(3, 2022, 9, 1), P(3, 2023, 2, 1),
        P(3, 2023, 8, 1), P(3, 2023, 10, 1), P(3, 2023, 12, 1), P(3, 2024, 2, 1), P(3, 2024, 4, 1), P(3, 2024, 6, 15),
        // 4 retention: the same 4 orders a year in both years (ratio 1).
        P(4, 2022, 8, 1), P(4, 2022, 11, 1), P(4, 2023, 2, 1), P(4, 2023, 5, 1),
        P(4, 2023, 8, 1), P(4, 2023, 11, 1), P(4, 2024, 2, 1), P(4, 2024, 6, 1),
        // 5 leaving by rhythm: monthly in early 2023 (mean gap 30 days), silent since 2023-05-31 (396 days).
        P(5, 2023, 1, 31), P(5, 2023, 3, 2), P(5, 2023, 4, 1), P(5, 2023, 5, 1), P(5, 2023, 5, 31),
        // 6 leaving with one order 242 days ago (> 180).
        P(6, 2023, 11, 1),
        // 7 the retention pattern of 4, but the BTYD model gives P(alive) 0.1.
        P(7, 2022, 8, 1), P(7, 2022, 11, 1), P(7, 2023, 2, 1), P(7, 2023, 5, 1),
        P(7, 2023, 8, 1), P(7, 2023, 11, 1), P(7, 2024, 2, 1), P(7, 2024, 6, 1),
    ];

    [Fact]
    public void Classify_PlacesEachCraftedHistoryByItsRule()
    {
        var stages = LifecycleStages.Classify(Histories(), AsOf, new Dictionary<long, double> { [4] = 0.9, [7] = 0.1 })
            .ToDictionary(s => s.CustomerId);

        Assert.Equal(
            [LifecycleStage.Intro, LifecycleStage.Confirmation, LifecycleStage.Growth, LifecycleStage.Retention, LifecycleStage.Leaving, LifecycleStage.Leaving, LifecycleStage.Leaving],
            Enumerable.Range(1, 7).Select(id => stages[id].Stage));
        Assert.Equal((29, 1, 29), (stages[1].TenureDays, stages[1].Orders, stages[1].RecencyDays));
        Assert.Null(stages[1].MeanGapDays);
        Assert.Equal((172, 2, 112, 60.0), (stages[2].TenureDays, stages[2].Orders, stages[2].RecencyDays, stages[2].MeanGapDays!.Value));
        Assert.Equal(3.0, stages[3].Trend!.Value, 12);
        Assert.Equal(1.0, stages[4].Trend!.Value, 12);
        Assert.Equal(0.9, stages[4].ProbabilityAlive);
        Assert.Equal((396, 30.0), (stages[5].RecencyDays, stages[5].MeanGapDays!.Value));
        Assert.Equal("silent 396 days, 13.2× their usual gap of 30 days", stages[5].Reason);
        Assert.Equal("one order, 242 days ago (> 180)", stages[6].Reason);
        Assert.Equal("P(alive) 0.10 < 0.30", stages[7].Reason);
        Assert.Equal("last year's revenue 3.00× the year before's (≥ 1.25)", stages[3].Reason);
    }

    [Fact]
    public void Classify_ThresholdsAreTheUsers()
    {
        // With introDays 200, customer 2 (first purchase 172 days ago) is intro; with leavingGapMultiple 1.5 and
        // leavingMinDays 100, its 112 silent days exceed 1.5 × 60 and 100: leaving.
        Assert.Equal(LifecycleStage.Intro, Stage(2, new LifecycleOptions { IntroDays = 200 }));
        Assert.Equal(LifecycleStage.Leaving, Stage(2, new LifecycleOptions { LeavingGapMultiple = 1.5, LeavingMinDays = 100 }));
        Assert.Equal(LifecycleStage.Retention, Stage(3, new LifecycleOptions { GrowthRatio = 3.5 }));

        static LifecycleStage Stage(long id, LifecycleOptions options) =>
            LifecycleStages.Classify(Histories(), AsOf, options: options).Single(s => s.CustomerId == id).Stage;
    }

    [Fact]
    public void Transitions_CountTheMovesBetweenTwoDates()
    {
        var earlier = LifecycleStages.Classify(Histories(), new DateOnly(2023, 6, 30));
        var later = LifecycleStages.Classify(Histories(), AsOf);

        // 2023-06-30: 3 has 2 orders (confirmation: ≤ 3), 4 and 7 have 4 orders in 333 days and 5 has 5 in 150 days
        // (confirmation: first year, past the 90 intro days); 1, 2 and 6 had not bought yet.
        Assert.Equal([3L, 4, 5, 7], earlier.Select(s => s.CustomerId));
        Assert.All(earlier, s => Assert.Equal(LifecycleStage.Confirmation, s.Stage));
        var flows = LifecycleStages.Transitions(earlier, later);
        Assert.Equal(
            [
                new StageFlow(null, LifecycleStage.Intro, 1), new StageFlow(null, LifecycleStage.Confirmation, 1), new StageFlow(null, LifecycleStage.Leaving, 1),
                new StageFlow(LifecycleStage.Confirmation, LifecycleStage.Growth, 1), new StageFlow(LifecycleStage.Confirmation, LifecycleStage.Retention, 2),
                new StageFlow(LifecycleStage.Confirmation, LifecycleStage.Leaving, 1),
            ],
            flows.OrderBy(f => f.From.HasValue ? (int)f.From.Value : -1).ThenBy(f => f.To));
        Assert.Equal(later.Count, flows.Sum(f => f.Customers));
    }

    [Theory]
    [InlineData(nameof(LifecycleOptions.IntroDays), "introDays")]
    [InlineData(nameof(LifecycleOptions.GrowthRatio), "growthRatio")]
    [InlineData(nameof(LifecycleOptions.LeavingProbabilityAlive), "leavingProbabilityAlive")]
    public void Thresholds_OutOfRange_NameTheThreshold(string property, string field)
    {
        var options = property switch
        {
            nameof(LifecycleOptions.IntroDays) => new LifecycleOptions { IntroDays = 0 },
            nameof(LifecycleOptions.GrowthRatio) => new LifecycleOptions { GrowthRatio = 0.9 },
            _ => new LifecycleOptions { LeavingProbabilityAlive = 1.5 },
        };
        var error = Assert.Throws<ArgumentException>(() => LifecycleStages.Classify(Histories(), AsOf, options: options));
        Assert.Equal(field, error.ParamName);
    }

    [Fact]
    public void Names_RoundTrip_AndEveryStageSaysWhatToDo()
    {
        foreach (var stage in Enum.GetValues<LifecycleStage>())
        {
            Assert.True(LifecycleStages.TryParse(LifecycleStages.Name(stage), out var parsed));
            Assert.Equal(stage, parsed);
            Assert.False(string.IsNullOrWhiteSpace(LifecycleStages.Recommendation(stage)));
        }
        Assert.False(LifecycleStages.TryParse("2", out _));
        Assert.False(LifecycleStages.TryParse("dormant", out _));
    }
}
