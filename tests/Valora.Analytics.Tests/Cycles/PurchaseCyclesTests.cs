using MathNet.Numerics;
using MathNet.Numerics.Integration;
using Valora.Analytics.Clv;
using Valora.Analytics.Cycles;
using Valora.Domain.Sales;

namespace Valora.Analytics.Tests.Cycles;

public sealed class PurchaseCyclesTests
{
    static readonly DateOnly Day0 = new(2024, 1, 1);

    static Purchase P(long customer, int day, int hour = 10) =>
        new(customer, Day0.AddDays(day).ToDateTime(new TimeOnly(hour, 0), DateTimeKind.Utc), 100, 0);

    // Customer 1 buys on days 0, 10 and 30 (twice on day 10, once after the as-of date): intervals 10 and 20, mean 15,
    // sample sd √(((10−15)² + (20−15)²) / (2 − 1)) = √50 = 7.0711 (n − 1 convention; with n it would be 5).
    // Customer 2 buys on days 0 and 40: one interval, no rhythm. Customer 3 buys once.
    static List<Purchase> Histories() =>
        [P(1, 0), P(1, 10), P(1, 10, 15), P(1, 30), P(1, 200), P(2, 0), P(2, 40), P(3, 20)];

    [Fact]
    public void Analyse_HandWorkedIntervals_GiveMeanSampleSdAndExpectedDate()
    {
        var cycles = PurchaseCycles.Analyse(Histories(), Day0.AddDays(52)).ToDictionary(c => c.CustomerId);

        var one = cycles[1];
        Assert.Equal((3, 2, 22), (one.PurchaseDays, one.Intervals, one.DaysSinceLast));
        Assert.Equal(15, one.MeanIntervalDays!.Value, 12);
        Assert.Equal(Math.Sqrt(50), one.SdIntervalDays!.Value, 12);
        Assert.Equal(new DateOnly(2024, 2, 15), one.NextExpected);
        Assert.Equal(7, one.DaysOverdue!.Value, 12);
        // 22 days since the last purchase ≤ 15 + 1 × 7.0711 = 22.07: still on track.
        Assert.Equal(CycleStatus.OnTrack, one.Status);
        Assert.Null(one.ProbabilityAlive);
    }

    [Fact]
    public void Analyse_OverdueOnceSilenceExceedsMeanPlusKSd()
    {
        // Day 53: 23 days since the last purchase > 22.07 → overdue, 8 days past the expected date.
        var late = PurchaseCycles.Analyse(Histories(), Day0.AddDays(53)).Single(c => c.CustomerId == 1);
        Assert.Equal((CycleStatus.Overdue, 8.0), (late.Status, late.DaysOverdue));

        // k = 0: overdue as soon as the silence exceeds the mean (22 > 15) …
        var strict = PurchaseCycles.Analyse(Histories(), Day0.AddDays(52), new CycleOptions { K = 0 }).Single(c => c.CustomerId == 1);
        Assert.Equal(CycleStatus.Overdue, strict.Status);
        // … and k = 2 tolerates up to 15 + 14.14 = 29.14 days: 29 is on track, 30 overdue.
        var lenient = new CycleOptions { K = 2 };
        Assert.Equal(CycleStatus.OnTrack, PurchaseCycles.Analyse(Histories(), Day0.AddDays(59), lenient).Single(c => c.CustomerId == 1).Status);
        Assert.Equal(CycleStatus.Overdue, PurchaseCycles.Analyse(Histories(), Day0.AddDays(60), lenient).Single(c => c.CustomerId == 1).Status);
    }

    [Fact]
    public void Analyse_FewerThanTwoIntervals_HaveNoRhythm()
    {
        var cycles = PurchaseCycles.Analyse(Histories(), Day0.AddDays(300)).ToDictionary(c => c.CustomerId);

        // Customer 2: one interval of 40 days is reported as the mean, but there is no sd, expected date or flag.
        var two = cycles[2];
        Assert.Equal((2, 1, CycleStatus.NoRhythm), (two.PurchaseDays, two.Intervals, two.Status));
        Assert.Equal(40, two.MeanIntervalDays);
        Assert.Null(two.SdIntervalDays);
        Assert.Null(two.NextExpected);
        Assert.Null(two.DaysOverdue);
        var three = cycles[3];
        Assert.Equal((1, 0, CycleStatus.NoRhythm, 280), (three.PurchaseDays, three.Intervals, three.Status, three.DaysSinceLast));
        Assert.Null(three.MeanIntervalDays);
        // Customer 1 as of day 300 now counts its day-200 purchase: intervals 10, 20, 170.
        Assert.Equal(200.0 / 3, cycles[1].MeanIntervalDays!.Value, 12);
        Assert.Equal("no-rhythm", PurchaseCycles.Name(CycleStatus.NoRhythm));
    }

    [Fact]
    public void Analyse_BeforeTheFirstPurchase_LeavesTheCustomerOut()
    {
        var cycles = PurchaseCycles.Analyse(Histories(), Day0.AddDays(5));
        Assert.Equal([1L, 2L], cycles.Select(c => c.CustomerId));
    }

    [Fact]
    public void Options_OutOfRange_NameTheField()
    {
        Assert.Equal("k", new CycleOptions { K = -0.5 }.Check()?.Field);
        Assert.Equal("k", new CycleOptions { K = double.NaN }.Check()?.Field);
        Assert.Equal("windowDays", new CycleOptions { WindowDays = 0 }.Check()?.Field);
        Assert.Null(new CycleOptions().Check());
        Assert.Throws<ArgumentException>(() => PurchaseCycles.Analyse(Histories(), Day0, new CycleOptions { K = 11 }));
    }

    // CDNOW BG/NBD parameters (weeks). Customer 9 buys on days 0, 28 and 70; as of day 112: x = 2, tₓ = 10, T = 16 weeks.
    static readonly BetaGeoParameters Cdnow = new(0.243, 4.414, 0.793, 2.426);

    [Fact]
    public void Analyse_WithBgNbd_GivesPAliveAndTheWindowProbabilityByHand()
    {
        var cycle = PurchaseCycles.Analyse([P(9, 0), P(9, 28), P(9, 70)], Day0.AddDays(112), new CycleOptions { WindowDays = 28 },
            new CycleModel(Cdnow, 7)).Single();

        // P(alive) = 1 / (1 + a/(b+x−1) · ((α+T)/(α+tₓ))^(r+x)) = 1 / (1 + 0.793/3.426 · (20.414/14.414)^2.243) = 0.664344;
        // P(≥1 in 4 weeks) = 0.664344 · (1 − (20.414/24.414)^2.243) = 0.219623 (computed by hand in Python).
        Assert.Equal(0.6643442519088507, cycle.ProbabilityAlive!.Value, 10);
        Assert.Equal(0.21962309535062427, cycle.ProbabilityInWindow!.Value, 10);
    }

    [Theory]
    [InlineData(0, 0.0, 16.0, 4.0)]
    [InlineData(2, 10.0, 16.0, 4.0)]
    [InlineData(7, 30.0, 52.0, 26.0)]
    public void ProbabilityOfPurchase_MatchesTheLikelihoodIntegratedNumerically(int x, double tx, double t, double horizon)
    {
        // Independent route: integrate the BG/NBD likelihood over λ ~ Gamma(r, α) numerically (p analytically via Beta
        // functions): alive branch (1−p)^x λ^x e^(−λT), dropped after tₓ p(1−p)^(x−1) λ^x e^(−λtₓ). No purchase in
        // (T, T+t] multiplies the alive branch by e^(−λt) and leaves the dropped branch unchanged.
        var (r, alpha, a, b) = (Cdnow.R, Cdnow.Alpha, Cdnow.A, Cdnow.B);
        // ∫ λ^x e^(−λc) Gamma(λ; r, α) dλ over u = ln λ, smooth and quickly vanishing at both ends.
        double Lambda(double c) => GaussLegendreRule.Integrate(
            u => Math.Exp((r + x) * u - Math.Exp(u) * (alpha + c) + r * Math.Log(alpha) - SpecialFunctions.GammaLn(r)), -150, 6, 4096);
        var aliveWeight = Math.Exp(SpecialFunctions.BetaLn(a, b + x) - SpecialFunctions.BetaLn(a, b));
        var deadWeight = x > 0 ? Math.Exp(SpecialFunctions.BetaLn(a + 1, b + x - 1) - SpecialFunctions.BetaLn(a, b)) : 0;
        var data = aliveWeight * Lambda(t) + deadWeight * Lambda(tx);
        var noPurchase = aliveWeight * Lambda(t + horizon) + deadWeight * Lambda(tx);

        var history = new CustomerHistory(1, x, tx, t);
        Assert.Equal(1 - noPurchase / data, PurchaseCycles.ProbabilityOfPurchase(Cdnow, history, horizon), 6);
        // Short windows: P(≥1) ≈ E[Y(t)], the expected purchases of the model's own code.
        Assert.Equal(1, PurchaseCycles.ProbabilityOfPurchase(Cdnow, history, 1e-4) / Cdnow.ExpectedPurchases(history, 1e-4), 3);
        Assert.Equal(0, PurchaseCycles.ProbabilityOfPurchase(Cdnow, history, 0));
    }

    [Fact]
    public void CategoryCycles_PoolEachCustomersConsecutiveDaysOfTheCategory()
    {
        // Tea: A on days 0, 14, 28 (twice on 14), B on 0, 30, C once → intervals 14, 14, 30: median 14, Q1 14, Q3 22.
        // Coffee: B once, C on days 0 and 60 → one interval of 60. A day after the as-of date is ignored.
        static GroupPurchase G(long c, int day, string g) => new(c, Day0.AddDays(day), g);
        var cycles = PurchaseCycles.CategoryCycles(
            [G(1, 0, "tea"), G(1, 14, "tea"), G(1, 14, "tea"), G(1, 28, "tea"), G(1, 400, "tea"),
             G(2, 0, "tea"), G(2, 30, "tea"), G(2, 5, "coffee"), G(3, 0, "coffee"), G(3, 60, "coffee"), G(3, 3, "tea")],
            Day0.AddDays(100));

        Assert.Equal(["tea", "coffee"], cycles.Select(c => c.Group));
        Assert.Equal(new CategoryCycle("tea", 3, 2, 3, 14, 14, 22), cycles[0]);
        Assert.Equal(new CategoryCycle("coffee", 2, 1, 1, 60, 60, 60), cycles[1]);
    }
}
