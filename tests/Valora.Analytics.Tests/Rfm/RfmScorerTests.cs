using Valora.Analytics.Rfm;
using Valora.Domain.Sales;

namespace Valora.Analytics.Tests.Rfm;

/// <summary>
/// Hand-computed RFM on five customers, as of 2024-06-30, five bands, band = 1 + ⌊5·k/n⌋ with k = customers strictly worse:
/// <code>
/// customer  purchases (date: revenue)                         days  orders  total  avg   R F M(total) M(avg)
/// 1         05-01: 150, 06-01: 50, 06-30: 100 (07-01: 1000 ✗)    0     3      300   100   5 5 4        3
/// 2         06-25: 200                                           5     1      200   200   3 1 3        4
/// 3         03-01: 10, 04-01: 30                                90     2       40    20   2 3 1        1
/// 4         2023-12-31: 500                                    182     1      500   500   1 1 5        5
/// 5         06-25: 60, 06-25: 40                                 5     2      100    50   3 3 2        2
/// 6         07-02: 70 (after as-of: not scored)
/// </code>
/// Days: Jun 30 − Apr 1 = 29 + 31 + 30 = 90; Jun 30 2024 − Dec 31 2023 = 31 + 29 + 31 + 30 + 31 + 30 = 182.
/// </summary>
public class RfmScorerTests
{
    static readonly DateOnly AsOf = new(2024, 6, 30);

    static Purchase P(long id, int y, int m, int d, decimal revenue, int hour = 10) =>
        new(id, new DateTime(y, m, d, hour, 0, 0, DateTimeKind.Utc), revenue, 0m);

    static Purchase[] FiveCustomers(long idOffset = 0, decimal extra = 0m) =>
    [
        P(1 + idOffset, 2024, 6, 30, 100 + extra, hour: 23),
        P(1 + idOffset, 2024, 6, 1, 50),
        P(1 + idOffset, 2024, 5, 1, 150),
        P(1 + idOffset, 2024, 7, 1, 1000, hour: 0),
        P(2 + idOffset, 2024, 6, 25, 200),
        P(3 + idOffset, 2024, 3, 1, 10),
        P(3 + idOffset, 2024, 4, 1, 30),
        P(4 + idOffset, 2023, 12, 31, 500),
        P(5 + idOffset, 2024, 6, 25, 60),
        P(5 + idOffset, 2024, 6, 25, 40),
        P(6 + idOffset, 2024, 7, 2, 70),
    ];

    [Fact]
    public void Score_FiveCustomers_MatchesHandComputedMeasuresAndScores()
    {
        var result = RfmScorer.Score(FiveCustomers(), AsOf);

        Assert.Equal(AsOf, result.AsOf);
        Assert.Equal([1L, 2, 3, 4, 5], result.Customers.Select(c => c.CustomerId));
        Assert.Equal([0, 5, 90, 182, 5], result.Customers.Select(c => c.DaysSinceLastPurchase));
        Assert.Equal([3, 1, 2, 1, 2], result.Customers.Select(c => c.Orders));
        Assert.Equal([300m, 200m, 40m, 500m, 100m], result.Customers.Select(c => c.Monetary));
        Assert.Equal(["554", "313", "231", "115", "332"], result.Customers.Select(c => c.Cell));
    }

    [Fact]
    public void Score_AverageMonetary_ScoresMeanOrderValue()
    {
        var result = RfmScorer.Score(FiveCustomers(), AsOf, new RfmOptions { Monetary = RfmMonetary.AveragePerOrder });

        Assert.Equal([100m, 200m, 20m, 500m, 50m], result.Customers.Select(c => c.Monetary));
        Assert.Equal([3, 4, 1, 5, 2], result.Customers.Select(c => c.MonetaryScore));
    }

    [Fact]
    public void Score_PurchasesAfterAsOf_AreExcluded()
    {
        var result = RfmScorer.Score(FiveCustomers(), AsOf);

        Assert.DoesNotContain(result.Customers, c => c.CustomerId == 6);
        var first = result.Customers[0];
        Assert.Equal(3, first.Orders);      // the 1000 on 07-01 00:00 is after the as-of day
        Assert.Equal(300m, first.Monetary);
    }

    [Fact]
    public void Score_AsOfLater_IncludesThosePurchases()
    {
        var result = RfmScorer.Score(FiveCustomers(), new DateOnly(2024, 7, 2));

        Assert.Equal(6, result.Customers.Count);
        Assert.Equal(1300m, result.Customers[0].Monetary);
        Assert.Equal(1, result.Customers[0].DaysSinceLastPurchase);
    }

    // (F + M + 1) / 2: 1 → (5+4+1)/2 = 5, 2 → 2, 3 → 2, 4 → 3, 5 → 3; default grid on (R, FM).
    [Fact]
    public void Score_DefaultMap_AssignsHandMappedSegments()
    {
        var result = RfmScorer.Score(FiveCustomers(), AsOf);

        Assert.Equal(
            [RfmSegmentMap.Champions, RfmSegmentMap.AboutToSleep, RfmSegmentMap.Hibernating, RfmSegmentMap.AtRisk, RfmSegmentMap.NeedAttention],
            result.Customers.Select(c => c.Segment));
        // Summaries come in the map's rule order.
        Assert.Equal(
            [RfmSegmentMap.Champions, RfmSegmentMap.NeedAttention, RfmSegmentMap.AboutToSleep, RfmSegmentMap.AtRisk, RfmSegmentMap.Hibernating],
            result.Segments.Select(s => s.Segment));
    }

    [Fact]
    public void Score_CustomMap_SummarisesEachSegment()
    {
        var map = new RfmSegmentMap(5, [new("Active", 3, 5, 1, 5), new("Inactive", 1, 2, 1, 5)]);
        var result = RfmScorer.Score(FiveCustomers(), AsOf, new RfmOptions { SegmentMap = map });

        // Active = customers 1, 2, 5; Inactive = 3, 4.
        var active = result.Segments[0];
        Assert.Equal("Active", active.Segment);
        Assert.Equal(3, active.Customers);
        Assert.Equal(0.6, active.Share, 12);
        Assert.Equal(10.0 / 3.0, active.MeanDaysSinceLastPurchase, 12);
        Assert.Equal(2.0, active.MeanOrders, 12);
        Assert.Equal(600m, active.TotalMonetary);
        Assert.Equal(200m, active.MeanMonetary);

        var inactive = result.Segments[1];
        Assert.Equal(("Inactive", 2), (inactive.Segment, inactive.Customers));
        Assert.Equal(136.0, inactive.MeanDaysSinceLastPurchase, 12);
        Assert.Equal(1.5, inactive.MeanOrders, 12);
        Assert.Equal(540m, inactive.TotalMonetary);
        Assert.Equal(270m, inactive.MeanMonetary);
    }

    [Fact]
    public void Score_WhenCustomersTie_GivesThemTheSameBand()
    {
        // Orders 1, 1, 1, 5: the three ties have k = 0 → F = 1; the best has k = 3 → 1 + ⌊15/4⌋ = 4.
        Purchase[] purchases =
        [
            P(1, 2024, 1, 1, 10), P(2, 2024, 1, 1, 10), P(3, 2024, 1, 1, 10),
            P(4, 2024, 1, 1, 10), P(4, 2024, 1, 2, 10), P(4, 2024, 1, 3, 10), P(4, 2024, 1, 4, 10), P(4, 2024, 1, 5, 10),
        ];
        var result = RfmScorer.Score(purchases, AsOf);

        Assert.Equal([1, 1, 1, 4], result.Customers.Select(c => c.FrequencyScore));
        // Recency: 1, 2, 3 tie at 181 days (k = 0 → R = 1); 4 at 177 days, three worse → R = 4.
        Assert.Equal([1, 1, 1, 4], result.Customers.Select(c => c.RecencyScore));
        // Monetary 10, 10, 10, 50.
        Assert.Equal([1, 1, 1, 4], result.Customers.Select(c => c.MonetaryScore));
    }

    [Fact]
    public void BandInts_DistinctAndTiedValues_UseMinRank()
    {
        Assert.Equal([1, 2, 2, 4, 5], RfmScorer.BandInts([10, 20, 20, 30, 40], 5, lowerIsBetter: false));
        // Days 0, 5, 5, 100 (fewer is better): strictly worse counts 3, 1, 1, 0 → 1 + ⌊5k/4⌋ = 4, 2, 2, 1.
        Assert.Equal([4, 2, 2, 1], RfmScorer.BandInts([0, 5, 5, 100], 5, lowerIsBetter: true));
    }

    [Fact]
    public void BandInts_WideRange_UsesSortAndGivesSameRule()
    {
        // Range far above 4n + 1024 forces the sorting path.
        Assert.Equal([1, 2, 2, 4, 5], RfmScorer.BandInts([-2_000_000_000, 0, 0, 5, 2_000_000_000], 5, lowerIsBetter: false));
        // Lower is better: strictly worse (larger) counts 4, 2, 2, 1, 0 → 5, 3, 3, 2, 1.
        Assert.Equal([5, 3, 3, 2, 1], RfmScorer.BandInts([-2_000_000_000, 0, 0, 5, 2_000_000_000], 5, lowerIsBetter: true));
    }

    [Fact]
    public void Score_AverageMonetaryEqualFractions_ShareABand()
    {
        // 10/3 and 20/6 are the same mean order value; 3 is below both and 4 above.
        Purchase[] purchases =
        [
            P(1, 2024, 1, 1, 3m, 1), P(1, 2024, 1, 1, 3m, 2), P(1, 2024, 1, 1, 4m, 3),          // 10 / 3
            P(2, 2024, 1, 1, 3m, 1), P(2, 2024, 1, 1, 3m, 2), P(2, 2024, 1, 1, 3m, 3),
            P(2, 2024, 1, 1, 3m, 4), P(2, 2024, 1, 1, 4m, 5), P(2, 2024, 1, 1, 4m, 6),          // 20 / 6
            P(3, 2024, 1, 1, 3m),
            P(4, 2024, 1, 1, 4m),
        ];
        var result = RfmScorer.Score(purchases, AsOf, new RfmOptions { Monetary = RfmMonetary.AveragePerOrder });

        // Sorted means 3, 10/3, 10/3, 4: strictly-lower counts 1, 1, 0, 3 → 1 + ⌊5k/4⌋ = 2, 2, 1, 4.
        Assert.Equal([2, 2, 1, 4], result.Customers.Select(c => c.MonetaryScore));
        Assert.Equal(result.Customers[0].Monetary, result.Customers[1].Monetary);
    }

    [Fact]
    public void Score_RevenueWithManyDecimals_GivesSameScoresAsExactPath()
    {
        // 0.00001 extra on customer 1 forces the decimal path (more than four decimals); scores are unchanged.
        var result = RfmScorer.Score(FiveCustomers(extra: 0.00001m), AsOf);

        Assert.Equal(300.00001m, result.Customers[0].Monetary);
        Assert.Equal(["554", "313", "231", "115", "332"], result.Customers.Select(c => c.Cell));
    }

    [Fact]
    public void Score_SparseIds_GivesSameScoresAsDenseIds()
    {
        // Ids near 4·10¹⁸ spread over a range far larger than the purchase count use the hash table.
        var sparse = FiveCustomers().Select(p => p with { CustomerId = p.CustomerId * 700_000_000_000_000_000L - 1 }).ToArray();
        var result = RfmScorer.Score(sparse, AsOf);

        Assert.Equal(new long[] { 1, 2, 3, 4, 5 }.Select(i => i * 700_000_000_000_000_000L - 1), result.Customers.Select(c => c.CustomerId));
        Assert.Equal(["554", "313", "231", "115", "332"], result.Customers.Select(c => c.Cell));
    }

    [Fact]
    public void Score_ListInput_GivesSameResultAsArray()
    {
        var fromList = RfmScorer.Score(new List<Purchase>(FiveCustomers()), AsOf);
        var fromReadOnly = RfmScorer.Score(Array.AsReadOnly(FiveCustomers()), AsOf);

        Assert.Equal(["554", "313", "231", "115", "332"], fromList.Customers.Select(c => c.Cell));
        Assert.Equal(fromList.Customers, fromReadOnly.Customers);
    }

    [Fact]
    public void Score_Empty_ReturnsEmptyResult()
    {
        var result = RfmScorer.Score([], AsOf);

        Assert.Empty(result.Customers);
        Assert.Empty(result.Segments);
    }

    [Fact]
    public void Score_AllPurchasesAfterAsOf_ReturnsEmptyResult() =>
        Assert.Empty(RfmScorer.Score(FiveCustomers(), new DateOnly(2020, 1, 1)).Customers);

    [Fact]
    public void Score_NegativeRevenue_ThrowsNamingTheCustomer()
    {
        var ex = Assert.Throws<ArgumentException>(() => RfmScorer.Score([.. FiveCustomers(), P(9, 2024, 1, 1, -5m)], AsOf));
        Assert.Contains("Customer 9", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_DefaultMapWithThreeBands_Throws() =>
        Assert.Throws<ArgumentException>(() => RfmScorer.Score(FiveCustomers(), AsOf, new RfmOptions { Bands = 3 }));

    [Fact]
    public void Score_MapNotCoveringEveryCell_ThrowsNamingTheCell()
    {
        var map = new RfmSegmentMap(3, [new("Recent", 2, 3, 1, 3)]);
        var ex = Assert.Throws<ArgumentException>(() => RfmScorer.Score(FiveCustomers(), AsOf, new RfmOptions { Bands = 3, SegmentMap = map }));
        Assert.Contains("R = 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_ThreeBandsWithOwnMap_ScoresOnThatScale()
    {
        var map = new RfmSegmentMap(3, [new("Any", 1, 3, 1, 3)]);
        var result = RfmScorer.Score(FiveCustomers(), AsOf, new RfmOptions { Bands = 3, SegmentMap = map });

        // Orders 3, 1, 2, 1, 2: strictly-fewer counts 4, 0, 2, 0, 2 → 1 + ⌊3k/5⌋ = 3, 1, 2, 1, 2.
        Assert.Equal([3, 1, 2, 1, 2], result.Customers.Select(c => c.FrequencyScore));
        Assert.Equal(1.0, Assert.Single(result.Segments).Share);
    }
}
