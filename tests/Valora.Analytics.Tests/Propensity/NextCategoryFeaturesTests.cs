using Valora.Analytics.Propensity;

namespace Valora.Analytics.Tests.Propensity;

public class NextCategoryFeaturesTests
{
    static DateTime At(int month, int day, int hour = 10) => new(2026, month, day, hour, 0, 0, DateTimeKind.Utc);

    static readonly CategoryLine[] Lines =
    [
        // Customer 1: Jan 1 (Books 30 + Music 10), Mar 1 (Music 20 + Books 20: a tie, Books first), Apr 10 (Toys 40),
        // then May 2 (Music 5 + Books 15) and May 20 (Toys 1) after the cutoff.
        new(1, At(1, 1), "Books", 30), new(1, At(1, 1), "Music", 10),
        new(1, At(3, 1), "Music", 20), new(1, At(3, 1), "Books", 20),
        new(1, At(4, 10), "Toys", 40),
        new(1, At(5, 2), "Music", 5), new(1, At(5, 2), "Books", 15),
        new(1, At(5, 20), "Toys", 1),
        // Customer 2: one order on Apr 30 (the day before the cutoff), none after.
        new(2, At(4, 30, 23), "Music", 8),
        // Customer 3: only on the cutoff day and later, so not described.
        new(3, At(5, 1, 0), "Books", 3),
    ];

    [Fact]
    public void From_OnHandCheckedCustomers_ReadsOnlyTheLinesBeforeTheDay()
    {
        var asOf = new DateOnly(2026, 5, 1);
        var categories = NextCategoryFeatures.Categories(Lines, asOf);
        Assert.Equal(["Books", "Music", "Toys"], categories);

        var set = NextCategoryFeatures.From(Lines, asOf, categories);

        Assert.Equal([1L, 2L], set.CustomerIds);
        Assert.Equal(
            ["days_since_last_order", "orders", "revenue", "average_order_value", "tenure_days", "orders_last_90d",
             "share_Books", "share_Music", "share_Toys", "last_Books", "last_Music", "last_Toys"],
            NextCategoryFeatures.Names(categories));
        // Customer 1: last order Apr 10 → 21 days; 3 orders; 120 revenue (Books 50, Music 30, Toys 40); first Jan 1 →
        // 120 days; Mar 1 (61 days ago) and Apr 10 within 90 days, Jan 1 (120) not; the last order is Toys.
        Assert.Equal([21f, 3, 120, 40, 120, 2, 50 / 120f, 30 / 120f, 40 / 120f, 0, 0, 1], set.Rows[0]);
        // Orders with a line in each category: Books on Jan 1 and Mar 1, Music the same, Toys once.
        Assert.Equal([2, 2, 1], set.OrdersPerCategory[0]);
        Assert.Equal([1f, 1, 8, 8, 1, 1, 0, 1, 0, 0, 1, 0], set.Rows[1]);
        Assert.Equal([0, 1, 0], set.OrdersPerCategory[1]);
    }

    [Fact]
    public void Labels_AreTheCategoryOfTheFirstOrderInTheWindow()
    {
        var asOf = new DateOnly(2026, 5, 1);
        var set = NextCategoryFeatures.From(Lines, asOf, NextCategoryFeatures.Categories(Lines, asOf));

        // Customer 1's first order after May 1 is May 2: Books 15 over Music 5. Customer 2 buys nothing → null.
        Assert.Equal<IEnumerable<string?>>(["Books", null], NextCategoryFeatures.Labels(set, Lines, 30));
        // A window of 1 day ([May 1, May 2)) ends before it.
        Assert.Equal<IEnumerable<string?>>([null, null], NextCategoryFeatures.Labels(set, Lines, 1));
    }

    [Fact]
    public void CategoryOf_TakesTheMostRevenueThenTheFirstName()
    {
        Assert.Equal("Music", NextCategoryFeatures.CategoryOf([new(1, At(1, 1), "Books", 5), new(1, At(1, 1), "Music", 6)]));
        Assert.Equal("Books", NextCategoryFeatures.CategoryOf([new(1, At(1, 1), "Music", 3), new(1, At(1, 1), "Books", 3)]));
        // Lines of one category add up: Toys 2 + 2 beats Books 3.
        Assert.Equal("Toys", NextCategoryFeatures.CategoryOf([new(1, At(1, 1), "Toys", 2), new(1, At(1, 1), "Books", 3), new(1, At(1, 1), "Toys", 2)]));
    }

    [Fact]
    public void Baseline_RanksTheMostFrequentPastCategoryFirstAndFallsBackOnPopularity()
    {
        var popularity = NextCategoryBaseline.Popularity([0, 1, 1, 2], 3);
        Assert.Equal([0.25, 0.5, 0.25], popularity);

        // 2 past orders in class 2, 1 in class 0: (1 + .25, 0 + .5, 2 + .25) / 4.
        Assert.Equal([1.25 / 4, 0.5 / 4, 2.25 / 4], NextCategoryBaseline.Probabilities([1, 0, 2], popularity));
        // No past order in any class: popularity itself.
        Assert.Equal(popularity, NextCategoryBaseline.Probabilities([0, 0, 0], popularity));
        // A tie of counts is broken by popularity.
        var tie = NextCategoryBaseline.Probabilities([1, 1, 0], popularity);
        Assert.True(tie[1] > tie[0]);
    }
}
