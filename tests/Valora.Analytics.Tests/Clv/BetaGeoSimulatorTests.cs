using Valora.Analytics.Clv;

namespace Valora.Analytics.Tests.Clv;

public class BetaGeoSimulatorTests
{
    static readonly BetaGeoParameters Truth = new(0.25, 4.0, 0.8, 2.5);

    [Fact]
    public void Simulate_SameSeed_GivesSameHistoriesThatAreConsistent()
    {
        var spans = Enumerable.Range(0, 2000).Select(i => 1 + i % 52).Select(v => (double)v).ToArray();
        var spend = new GammaGammaParameters(6, 4, 15);
        var a = BetaGeoSimulator.Simulate(Truth, spans, 9, spend, timeResolution: 1 / 7.0);
        var b = BetaGeoSimulator.Simulate(Truth, spans, 9, spend, timeResolution: 1 / 7.0);
        Assert.Equal(a, b);
        Assert.NotEqual(a, BetaGeoSimulator.Simulate(Truth, spans, 10, spend, timeResolution: 1 / 7.0));
        for (var i = 0; i < a.Length; i++)
        {
            var h = a[i];
            Assert.Equal(i + 1, h.CustomerId);
            Assert.Equal(spans[i], h.ObservationSpan);
            Assert.InRange(h.RepeatSpan, 0, h.ObservationSpan);
            Assert.Equal(h.RepeatPurchases == 0, h.RepeatSpan == 0);
            Assert.Equal(h.RepeatPurchases > 0, h.MeanRepeatSpend > 0);
            // On the day grid: tₓ·7 is a whole number of days.
            Assert.Equal(Math.Round(h.RepeatSpan * 7), h.RepeatSpan * 7, 9);
        }
    }

    [Fact]
    public void Simulate_ManyCustomers_MeanRepeatPurchasesMatchesExpectedPurchasesOfNewCustomer()
    {
        // E[X(t)] is the population mean of x for customers observed for t: with 40,000 customers at t = 39 the sample
        // mean is within 4 standard errors of the closed form.
        var spans = Enumerable.Repeat(39.0, 40_000).ToArray();
        var histories = BetaGeoSimulator.Simulate(Truth, spans, 3);
        var xs = histories.Select(h => (double)h.RepeatPurchases).ToArray();
        var mean = xs.Average();
        var sd = Math.Sqrt(xs.Sum(v => (v - mean) * (v - mean)) / (xs.Length - 1));
        Assert.InRange(mean, Truth.ExpectedPurchasesOfNewCustomer(39) - 4 * sd / Math.Sqrt(xs.Length),
            Truth.ExpectedPurchasesOfNewCustomer(39) + 4 * sd / Math.Sqrt(xs.Length));
    }

    [Fact]
    public void Simulate_InvalidInput_Throws()
    {
        Assert.Throws<ArgumentException>(() => BetaGeoSimulator.Simulate(Truth, [-1.0], 1));
        Assert.Throws<ArgumentException>(() => BetaGeoSimulator.Simulate(Truth, [1.0], 1, timeResolution: -1));
    }
}
