using Valora.Analytics.Value;

namespace Valora.Analytics.Tests.Value;

public class ValueFormulasTests
{
    [Fact]
    public void EventValue_RevenueAndCost_IsTheirDifference() =>
        Assert.Equal(37.25m, ValueFormulas.EventValue(100m, 62.75m));

    [Fact]
    public void EventValue_CostAboveRevenue_IsNegative() =>
        Assert.Equal(-5m, ValueFormulas.EventValue(10m, 15m));

    [Fact]
    public void EventValue_NegativeRevenue_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => ValueFormulas.EventValue(-1m, 0m));
        Assert.Contains("Revenue", ex.Message, StringComparison.Ordinal);
    }

    // Worked example: 900/1.1 + 720/1.21 + 1080/1.331 = 818.1818… + 595.0413… + 811.4200… = 2224.6431…
    // (a widely copied article prints 2221.27; recomputed by hand and with python3 it is 2224.64).
    [Fact]
    public void DiscountedValue_ThreeYearsAtTenPercent_Is2224_64()
    {
        var value = ValueFormulas.DiscountedValue([900, 720, 1080], 0.10);
        Assert.Equal(2224.64, value, 2);
        Assert.Equal(2224.6431254695717, value, 9);
    }

    [Fact]
    public void DiscountedValue_ZeroRate_IsPlainSum() =>
        Assert.Equal(2700, ValueFormulas.DiscountedValue([900, 720, 1080], 0.0), 12);

    [Fact]
    public void DiscountedValue_Empty_IsZero() =>
        Assert.Equal(0, ValueFormulas.DiscountedValue([], 0.1));

    [Fact]
    public void DiscountedValue_RateAtMinusOne_Throws() =>
        Assert.Throws<ArgumentException>(() => ValueFormulas.DiscountedValue([1], -1.0));

    [Fact]
    public void DiscountedValue_NaNProfit_Throws() =>
        Assert.Throws<ArgumentException>(() => ValueFormulas.DiscountedValue([1, double.NaN], 0.1));

    // 1.1^(1/12) − 1 = 0.0079741404…, 1.1^(1/4) − 1 = 0.0241136890… (python3).
    [Fact]
    public void PerPeriodRate_TenPercentAnnual_GivesMonthlyAndQuarterlyRates()
    {
        Assert.Equal(0.007974140428903764, ValueFormulas.PerPeriodRate(0.10, 12), 12);
        Assert.Equal(0.02411368908444511, ValueFormulas.PerPeriodRate(0.10, ValuePeriod.Quarter), 12);
        Assert.Equal(0.10, ValueFormulas.PerPeriodRate(0.10, ValuePeriod.Year), 12);
    }

    [Fact]
    public void PerPeriodRate_TwelveMonthsCompounded_GiveTheAnnualRate()
    {
        var monthly = ValueFormulas.PerPeriodRate(0.07, 12);
        Assert.Equal(1.07, Math.Pow(1 + monthly, 12), 12);
    }

    // 100 · 1.05³ = 115.7625.
    [Fact]
    public void ProjectWithGrowth_ThreePeriodsAtFivePercent_Is115_7625() =>
        Assert.Equal(115.7625, ValueFormulas.ProjectWithGrowth(100, 0.05, 3), 10);

    // 100/1.1 + 105/1.21 + 110.25/1.331 = 260.5184072…
    [Fact]
    public void DiscountedGrowingStream_MatchesTermByTermSum() =>
        Assert.Equal(260.5184072126221, ValueFormulas.DiscountedGrowingStream(100, 0.05, 0.10, 3), 9);

    // g = r: every term is m/(1+r), so 3 · 100/1.1 = 272.7272…
    [Fact]
    public void DiscountedGrowingStream_GrowthEqualsRate_IsNTimesFirstTerm() =>
        Assert.Equal(272.72727272727275, ValueFormulas.DiscountedGrowingStream(100, 0.10, 0.10, 3), 9);

    [Fact]
    public void DiscountedGrowingStream_NoGrowth_EqualsDiscountedValueOfConstantStream() =>
        Assert.Equal(ValueFormulas.DiscountedValue([50, 50, 50, 50], 0.08), ValueFormulas.DiscountedGrowingStream(50, 0, 0.08, 4), 10);

    // 50 · 4 · 3 · 0.30 − 40 − 10 · 3 = 180 − 70 = 110.
    [Fact]
    public void SimpleLifetimeValue_DocumentedExample_Is110() =>
        Assert.Equal(110m, ValueFormulas.SimpleLifetimeValue(new SimpleLifetimeValueInputs(50m, 4m, 3m, 0.30m, 40m, 10m)));

    [Fact]
    public void SimpleLifetimeValue_MarginAboveOne_Throws() =>
        Assert.Throws<ArgumentException>(() => ValueFormulas.SimpleLifetimeValue(new SimpleLifetimeValueInputs(50m, 4m, 3m, 30m)));

    [Fact]
    public void SimpleLifetimeValue_NegativeAcquisitionCost_Throws() =>
        Assert.Throws<ArgumentException>(() => ValueFormulas.SimpleLifetimeValue(new SimpleLifetimeValueInputs(50m, 4m, 3m, 0.3m, -1m)));
}
