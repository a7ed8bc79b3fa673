using Valora.Analytics.Clv;

namespace Valora.Analytics.Tests.Clv;

/// <summary>
/// a + b &lt; 1 makes the hypergeometric's c = a + b − 1 negative for customers without repeat purchases (seen on small
/// demo bases). The expectations are checked against simulation from the same parameters, not against the formula.
/// </summary>
public sealed class BetaGeoSmallABTests
{
    static readonly BetaGeoParameters Model = new(0.5, 4.0, 0.3, 0.4);

    [Fact]
    [Trait("Issue", "3")]
    public void ExpectedPurchasesOfNewCustomer_WhenAPlusBBelowOne_MatchesSimulation()
    {
        const int n = 200_000;
        const double t = 20;
        var histories = BetaGeoSimulator.Simulate(Model, Enumerable.Repeat(t, n).ToArray(), seed: 11);
        var mean = histories.Average(h => (double)h.RepeatPurchases);
        var sd = Math.Sqrt(histories.Average(h => Math.Pow(h.RepeatPurchases - mean, 2)));

        var expected = Model.ExpectedPurchasesOfNewCustomer(t);

        Assert.InRange(expected, mean - 4 * sd / Math.Sqrt(n), mean + 4 * sd / Math.Sqrt(n));
    }

    [Fact]
    public void ExpectedPurchasesOfNewCustomer_WhenAPlusBBelowOne_StartsAtRateROverAlphaAndIncreases()
    {
        // No one can drop out before a first repeat purchase, so E[X(t)] ≈ (r/α)·t for small t.
        Assert.Equal(0.5 / 4.0, Model.ExpectedPurchasesOfNewCustomer(1e-5) / 1e-5, 4);
        var values = new[] { 1.0, 5, 20, 80 }.Select(Model.ExpectedPurchasesOfNewCustomer).ToArray();
        Assert.Equal(values.Order(), values);
    }

    [Fact]
    public void ExpectedPurchases_ForACustomerWithoutRepeats_IsFiniteAndBelowTheNewCustomerValue()
    {
        // A customer seen for 30 units without a repeat is less likely to be an active, fast buyer than a new one.
        var value = Model.ExpectedPurchases(new CustomerHistory(1, 0, 0, 30), 20);
        Assert.True(double.IsFinite(value) && value > 0);
        Assert.True(value < Model.ExpectedPurchasesOfNewCustomer(20));
    }
}
