using Valora.Analytics.Clv;

namespace Valora.Analytics.Tests.Clv;

/// <summary>
/// Predictions at the published CDNOW parameters. P(alive) and E[Y(39)] expectations come from the independent python3
/// script described in <see cref="ParetoNbdLikelihoodTests"/> (the note's eqs. (18) and (21) with an untransformed
/// ₂F₁ series); E[X(t)] from its closed form evaluated in that script and again inline here.
/// </summary>
public class ParetoNbdModelTests
{
    static readonly ParetoNbdModel Published = new(0.5533, 10.578, 0.6062, 11.669);
    static readonly ParetoNbdModel Swapped = new(0.5533, 11.669, 0.6062, 10.578); // α ≥ β branch

    [Theory]
    [InlineData(false, 0, 0.0, 38.86, 0.295118160291, 0.107072087683)]
    [InlineData(false, 2, 30.43, 38.86, 0.869124254374, 1.455135313916)]
    [InlineData(false, 4, 20.0, 30.0, 0.727211937582, 2.565426136642)]
    [InlineData(false, 1, 1.0, 3.0, 0.904487478737, 2.569361713340)]
    [InlineData(false, 10, 35.0, 35.0, 1.0, 7.415155017435)]
    [InlineData(true, 0, 0.0, 38.86, 0.282084747431, 0.099805179527)]
    [InlineData(true, 4, 20.0, 30.0, 0.724900100237, 2.479094114833)]
    public void Predictions_AtPublishedParameters_MatchIndependentScript(
        bool swapped, int x, double tx, double t, double expectedAlive, double expectedPurchases39)
    {
        var model = swapped ? Swapped : Published;
        var history = new CustomerHistory(1, x, tx, t);

        Assert.Equal(expectedAlive, model.ProbabilityAlive(history), 1e-10);
        Assert.Equal(expectedPurchases39, model.ExpectedPurchases(history, 39.0), 1e-10);
    }

    [Theory]
    [InlineData(10.0, 0.427805559863)]
    [InlineData(39.0, 1.213465612817)]
    [InlineData(78.0, 1.909992845465)]
    public void ExpectedPurchasesOfNewCustomer_MatchesClosedForm(double t, double expected)
    {
        var p = Published;
        double inline = p.R * p.Beta / (p.Alpha * (p.S - 1)) * (1 - Math.Pow(p.Beta / (p.Beta + t), p.S - 1));

        Assert.Equal(expected, inline, 1e-11);
        Assert.Equal(expected, p.ExpectedPurchasesOfNewCustomer(t), 1e-11);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(1.0 + 1e-12)]
    [InlineData(1.0 - 1e-9)]
    public void ExpectedPurchasesOfNewCustomer_SNearOne_MatchesLogarithmicLimit(double s)
    {
        // s → 1: [1 − (β/(β+t))^(s−1)]/(s−1) → ln(1 + t/β); the error of the limit is O(s−1).
        var model = new ParetoNbdModel(0.8, 4.0, s, 6.0);
        double expected = 0.8 * 6.0 / 4.0 * Math.Log(1 + (20.0 / 6.0));

        Assert.Equal(expected, model.ExpectedPurchasesOfNewCustomer(20.0), 1e-8);
    }

    [Fact]
    public void ExpectedPurchases_NoHistoryYet_EqualsNewCustomerExpectation()
    {
        // With x = tₓ = T = 0 the customer is alive and E[Y(t)] reduces to E[X(t)] term by term.
        var fresh = new CustomerHistory(1, 0, 0, 0);

        Assert.Equal(1.0, Published.ProbabilityAlive(fresh), 1e-14);
        Assert.Equal(Published.ExpectedPurchasesOfNewCustomer(26.0), Published.ExpectedPurchases(fresh, 26.0), 1e-12);
    }

    [Fact]
    public void ExpectedPurchases_ZeroHorizon_IsZero()
    {
        Assert.Equal(0.0, Published.ExpectedPurchases(new CustomerHistory(1, 3, 10, 20), 0.0));
        Assert.Equal(0.0, Published.ExpectedPurchasesOfNewCustomer(0.0));
    }

    [Fact]
    public void ProbabilityAlive_PurchaseAtEndOfObservation_IsOne()
    {
        Assert.Equal(1.0, Published.ProbabilityAlive(new CustomerHistory(1, 5, 30, 30)));
    }

    [Fact]
    public void ProbabilityAlive_LongerSilence_IsLowerAndInUnitInterval()
    {
        double previous = 1.0;
        for (double t = 20; t <= 200; t += 10)
        {
            double alive = Published.ProbabilityAlive(new CustomerHistory(1, 3, 10, t));
            Assert.InRange(alive, double.Epsilon, 1.0);
            Assert.True(alive < previous, $"P(alive) should fall with silence: {alive} at T = {t} vs {previous}");
            previous = alive;
        }
        Assert.InRange(Published.ProbabilityAlive(new CustomerHistory(1, 200, 1, 500)), 0.0, 1e-6);
    }

    [Fact]
    public void LogParameters_RoundTrip_GivesSameModel()
    {
        var again = (ParetoNbdModel)Published.WithLogParameters(Published.LogParameters);

        Assert.Equal("paretonbd", again.Kind);
        Assert.Equal(Published.R, again.R, 1e-14);
        Assert.Equal(Published.Alpha, again.Alpha, 1e-12);
        Assert.Equal(Published.S, again.S, 1e-14);
        Assert.Equal(Published.Beta, again.Beta, 1e-12);
    }

    [Theory]
    [InlineData(0.0, 1, 1, 1, "r")]
    [InlineData(1, -2, 1, 1, "alpha")]
    [InlineData(1, 1, double.NaN, 1, "s")]
    [InlineData(1, 1, 1, double.PositiveInfinity, "beta")]
    public void Constructor_InvalidParameter_ThrowsArgumentExceptionNamingIt(double r, double alpha, double s, double beta, string name)
    {
        var ex = Assert.Throws<ArgumentException>(() => new ParetoNbdModel(r, alpha, s, beta));
        Assert.Equal(name, ex.ParamName);
    }

    [Fact]
    public void Predictions_InvalidInput_ThrowArgumentException()
    {
        Assert.Throws<ArgumentException>(() => Published.ExpectedPurchases(new CustomerHistory(1, 1, 2, 3), -1));
        Assert.Throws<ArgumentException>(() => Published.ExpectedPurchasesOfNewCustomer(double.NaN));
        var ex = Assert.Throws<ArgumentException>(() => Published.ProbabilityAlive(new CustomerHistory(7, 2, 5, 3)));
        Assert.Contains("exceeds ObservationSpan", ex.Message, StringComparison.Ordinal);
        Assert.Contains("customer 7", ex.Message, StringComparison.Ordinal);
    }
}
