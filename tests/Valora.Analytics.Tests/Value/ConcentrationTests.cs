using Valora.Analytics.Value;

namespace Valora.Analytics.Tests.Value;

public class ConcentrationTests
{
    [Fact]
    public void Gini_EqualValues_IsZero() =>
        Assert.Equal(0, Concentration.Gini([5, 5, 5, 5]), 12);

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(10)]
    public void Gini_OneCustomerHasAll_IsNMinusOneOverN(int n)
    {
        var values = new double[n];
        values[n - 1] = 100;
        Assert.Equal((n - 1) / (double)n, Concentration.Gini(values), 12);
    }

    // By hand, pairwise form Σ|xi − xj| / (2 n² x̄): for 10, 20, 30, 40, 100 (n = 5, x̄ = 40) the pairwise absolute
    // differences over ordered pairs sum to 2 · 400 = 800, so G = 800 / (2 · 25 · 40) = 0.4.
    [Fact]
    public void Gini_FiveCustomers_MatchesHandComputation() =>
        Assert.Equal(0.4, Concentration.Gini([40, 10, 100, 30, 20]), 12);

    // 1, 2, 3, 4: pairwise |differences| over ordered pairs sum to 20; 20 / (2 · 16 · 2.5) = 0.25.
    [Fact]
    public void Gini_OneToFour_IsQuarter() =>
        Assert.Equal(0.25, Concentration.Gini([1, 2, 3, 4]), 12);

    // −10 clamps to 0: 0, 20, 30, 40, 100 (x̄ = 38): ordered-pair sum 2 · 440 = 880; 880 / (2 · 25 · 38) = 0.463157…
    [Fact]
    public void Gini_NegativeProfit_ClampsToZeroByDefault() =>
        Assert.Equal(880.0 / 1900.0, Concentration.Gini([-10, 20, 30, 40, 100]), 12);

    [Fact]
    public void Gini_NegativeProfitWithReject_Throws() =>
        Assert.Throws<ArgumentException>(() => Concentration.Gini([-10, 20], NegativeProfitHandling.Reject));

    [Fact]
    public void Gini_Empty_Throws() =>
        Assert.Throws<ArgumentException>(() => Concentration.Gini([]));

    [Fact]
    public void Gini_AllLosses_Throws() =>
        Assert.Throws<ArgumentException>(() => Concentration.Gini([-1, -2]));

    [Fact]
    public void Lorenz_FiveCustomers_CumulativeSharesOfSmallestFirst()
    {
        var points = Concentration.Lorenz([40, 10, 100, 30, 20]);
        // Cumulative 10, 30, 60, 100, 200 of 200.
        double[] shares = [0, 0.05, 0.15, 0.30, 0.50, 1.0];
        Assert.Equal(6, points.Count);
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(i / 5.0, points[i].CustomerFraction, 12);
            Assert.Equal(shares[i], points[i].ProfitShare, 12);
        }
    }

    [Fact]
    public void ShareOfTop_TwentyPercent_IsLargestCustomersShare()
    {
        var top = Concentration.ShareOfTop([40, 10, 100, 30, 20], 0.2);
        Assert.Equal(new TopShare(1, 0.2, 0.5), top);
        Assert.Equal(0.7, Concentration.ShareOfTop([40, 10, 100, 30, 20], 0.4).ProfitShare, 12);
    }

    [Fact]
    public void ShareOfTop_TenPercentOfThirty_TakesThreeCustomers()
    {
        // 0.1 · 30 is 3.0000000000000004 in floating point; three customers, not four.
        var values = Enumerable.Range(1, 30).Select(i => (double)i).ToArray();
        var top = Concentration.ShareOfTop(values, 0.1);
        Assert.Equal(3, top.Customers);
        Assert.Equal((30 + 29 + 28) / 465.0, top.ProfitShare, 12);
    }

    [Fact]
    public void ShareOfTop_WithLosses_CanExceedOne()
    {
        // Total 100; the top third (one customer) makes 100 → 100 %, the top two thirds make 150 → 150 %.
        Assert.Equal(1.0, Concentration.ShareOfTop([-50, 100, 50], 1 / 3.0).ProfitShare, 12);
        Assert.Equal(1.5, Concentration.ShareOfTop([-50, 100, 50], 2 / 3.0).ProfitShare, 12);
    }

    [Fact]
    public void TopCustomersFor_SixtyPercent_NeedsTwoOfFive()
    {
        // Descending 100, 40, 30, 20, 10 of 200: 100 = 50 % < 60 %, 140 = 70 % ≥ 60 %.
        Assert.Equal(new TopShare(2, 0.4, 0.7), Concentration.TopCustomersFor([40, 10, 100, 30, 20], 0.6));
    }

    [Fact]
    public void TopCustomersFor_TargetReachedExactly_StopsThere() =>
        Assert.Equal(new TopShare(1, 0.2, 0.5), Concentration.TopCustomersFor([40, 10, 100, 30, 20], 0.5));

    [Fact]
    public void TopCustomersFor_TargetOutsideUnitInterval_Throws() =>
        Assert.Throws<ArgumentException>(() => Concentration.TopCustomersFor([1, 2], 1.5));

    [Fact]
    public void CustomerShares_SumToOneAndKeepSign()
    {
        var shares = Concentration.CustomerShares([new(1, 150m), new(2, -50m), new(3, 100m)]);
        Assert.Equal([0.75, -0.25, 0.5], shares.Select(s => s.Share));
    }

    [Fact]
    public void CustomerShares_DuplicateCustomer_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => Concentration.CustomerShares([new(1, 1m), new(1, 2m)]));
        Assert.Contains("Customer 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SegmentShares_GroupsBySegmentAndUnassigned()
    {
        var segments = new Dictionary<long, string> { [1] = "Gold", [2] = "Gold", [3] = "Silver" };
        var result = Concentration.SegmentShares([new(1, 60m), new(2, 20m), new(3, 15m), new(4, 5m)], segments);
        Assert.Equal(
            [new SegmentShare("Gold", 2, 80m, 0.8), new SegmentShare("Silver", 1, 15m, 0.15), new SegmentShare("Unassigned", 1, 5m, 0.05)],
            result);
    }
}
