using Valora.Analytics.Clv;
using Valora.TestSupport;

namespace Valora.Analytics.Tests.Clv;

/// <summary>
/// BG/NBD on the CDNOW sample (Fader, Hardie &amp; Lee 2005, Table/§5: r = 0.243, α = 4.414, a = 0.793, b = 2.426,
/// LL = −9582.4; the four-decimal values 0.2426, 4.4136, 0.7929, 2.4259 are the commonly reproduced optimum), plus
/// closed forms whose expected values were computed independently with a python3 script (plain series, math module).
/// </summary>
public class BetaGeoFitterTests
{
    static readonly BetaGeoParameters Published = new(0.243, 4.414, 0.793, 2.426);

    static CustomerHistory[] CdnowHistories() => HistoryBuilder.Build(CdnowSample.Purchases, CdnowSample.CalibrationEnd);

    [RealDataFact(CdnowSample.File)]
    public void Fit_OnCdnowSample_MatchesPublishedParameters()
    {
        var fit = new BetaGeoFitter().Fit(CdnowHistories());
        Assert.InRange(fit.R / 0.2426, 0.999, 1.001);
        Assert.InRange(fit.Alpha / 4.4136, 0.999, 1.001);
        Assert.InRange(fit.A / 0.7929, 0.999, 1.001);
        Assert.InRange(fit.B / 2.4259, 0.999, 1.001);
        var d = Assert.IsType<FitDiagnostics>(fit.Diagnostics);
        Assert.Equal(-9582.43, d.LogLikelihood, 0.01);
        Assert.Equal(2357, d.Customers);
        Assert.NotNull(d.LogParameterCovariance);
        Assert.Equal(4, d.StandardErrors.Count);
        // Independent python3: inverse of the finite-difference Hessian (function values only, no analytic gradient)
        // of the log-likelihood in log-parameters at the optimum, delta method: 0.012557, 0.37821, 0.18571, 0.70532.
        double[] expectedSe = [0.012557, 0.37821, 0.18571, 0.70532];
        for (var i = 0; i < 4; i++)
        {
            Assert.InRange(d.StandardErrors[i] / expectedSe[i], 0.99, 1.01);
        }
        // Each interval contains its estimate and is positive.
        double[] estimates = [fit.R, fit.Alpha, fit.A, fit.B];
        Assert.Equal(4, fit.ConfidenceIntervals.Count);
        for (var i = 0; i < 4; i++)
        {
            Assert.InRange(estimates[i], fit.ConfidenceIntervals[i].Lower, fit.ConfidenceIntervals[i].Upper);
            Assert.True(fit.ConfidenceIntervals[i].Lower > 0);
        }
    }

    [RealDataFact(CdnowSample.File)]
    public void LogLikelihood_AtPublishedOptimum_MatchesIndependentComputation()
    {
        // python3 (lgamma, log-sum-exp) over the rebuilt summary: −9582.42921 at (0.2426, 4.4136, 0.7929, 2.4259).
        var ll = BetaGeoFitter.LogLikelihood(new BetaGeoParameters(0.2426, 4.4136, 0.7929, 2.4259), CdnowHistories());
        Assert.Equal(-9582.42921, ll, 0.0001);
    }

    [Fact]
    public void ExpectedPurchasesOfNewCustomer_AtPublishedParameters_MatchesClosedForm()
    {
        // Independent python3: (a+b−1)/(a−1)·[1 − (α/(α+t))^r·2F1(r, b; a+b−1; t/(α+t))].
        Assert.Equal(1.196723193, Published.ExpectedPurchasesOfNewCustomer(39), 1e-8);
        Assert.Equal(1.860519058, Published.ExpectedPurchasesOfNewCustomer(78), 1e-8);
        Assert.Equal(0, Published.ExpectedPurchasesOfNewCustomer(0));
    }

    [Fact]
    public void Predictions_ForCustomerOneOfCdnow_MatchClosedForms()
    {
        var h = new CustomerHistory(1, 2, 30.43, 38.86);
        Assert.Equal(0.726578570, Published.ProbabilityAlive(h), 1e-8);
        Assert.Equal(1.226028175, Published.ExpectedPurchases(h, 39), 1e-8);
        Assert.Equal(0.093983901, Published.ExpectedPurchases(new CustomerHistory(2, 0, 0, 20), 10), 1e-8);
        Assert.Equal(1.0, Published.ProbabilityAlive(new CustomerHistory(3, 0, 0, 20)));
    }

    [Fact]
    public void ExpectedPurchases_ExtremeFrequency_StaysFiniteAndMatchesSeries()
    {
        // x = 200 makes ₂F₁ terms reach e^127: the rescaled series must still agree with the plain python series.
        var h = new CustomerHistory(1, 200, 38.0, 39.0);
        Assert.Equal(96.95813624, Published.ExpectedPurchases(h, 39), 1e-6);
        // x = 5000 would overflow a plain series (terms ≈ e^3000); the expected value 199.95058 comes from an independent
        // python3 2-D numerical integration of E[Y(t) | λ, p, alive] over the posterior of (λ, p) (it also gives 96.95814
        // for the x = 200 case above).
        var heavy = new CustomerHistory(2, 5000, 38.9, 39.0);
        Assert.Equal(199.95058, Published.ExpectedPurchases(heavy, 39), 1e-3);
        // A 0.1-week gap at ~115 purchases/week makes death likely: python3 closed form 0.0583344848.
        Assert.Equal(0.0583344848, Published.ProbabilityAlive(heavy), 1e-9);
    }

    [Fact]
    public void Fit_WithAnExtremeFrequencyCustomer_ConvergesAndStaysNearTheBulkFit()
    {
        var truth = new BetaGeoParameters(0.25, 4.0, 0.8, 2.5);
        var rng = new Random(17);
        var spans = Enumerable.Range(0, 5000).Select(_ => 27 + 12 * rng.NextDouble()).ToArray();
        var bulk = BetaGeoSimulator.Simulate(truth, spans, seed: 8);
        var withOutlier = bulk.Append(new CustomerHistory(5001, 3000, 38.9, 39.0)).ToArray();
        var a = new BetaGeoFitter().Fit(bulk);
        var b = new BetaGeoFitter().Fit(withOutlier);
        Assert.All(new[] { b.R, b.Alpha, b.A, b.B }, v => Assert.True(v > 0 && double.IsFinite(v)));
        Assert.True(double.IsFinite(b.Diagnostics!.LogLikelihood));
        // One heavy buyer among 5,000 moves the heterogeneity of rates, not the whole fit.
        Assert.InRange(b.A / a.A, 0.8, 1.25);
        Assert.InRange(b.B / a.B, 0.8, 1.25);
    }

    [Fact]
    public void ExpectedPurchases_NearAEqualOne_IsContinuous()
    {
        var h = new CustomerHistory(1, 3, 20, 30);
        var below = new BetaGeoParameters(0.5, 5, 1 - 1e-4, 2).ExpectedPurchases(h, 26);
        var at = new BetaGeoParameters(0.5, 5, 1, 2).ExpectedPurchases(h, 26);
        var above = new BetaGeoParameters(0.5, 5, 1 + 1e-4, 2).ExpectedPurchases(h, 26);
        Assert.InRange(at, Math.Min(below, above) - 1e-4, Math.Max(below, above) + 1e-4);
    }

    [Fact]
    public void Fit_AllCustomersWithoutRepeatPurchases_ThrowsModelFitException()
    {
        var histories = Enumerable.Range(1, 50).Select(i => new CustomerHistory(i, 0, 0, 10 + i % 7)).ToArray();
        var ex = Assert.Throws<ModelFitException>(() => new BetaGeoFitter().Fit(histories));
        Assert.Contains("no customer has a repeat purchase", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_SingleCustomerWithPenalizer_GivesFinitePositiveParameters()
    {
        var fit = new BetaGeoFitter(new BetaGeoOptions { Penalizer = 0.1 }).Fit([new CustomerHistory(1, 3, 20, 30)]);
        Assert.All(new[] { fit.R, fit.Alpha, fit.A, fit.B }, v => Assert.True(v > 0 && double.IsFinite(v)));
        Assert.Equal(1, fit.Diagnostics!.Customers);
    }

    [Theory]
    [InlineData(0, 0.0, -1.0, "observation span T")]
    [InlineData(2, 12.0, 10.0, "longer than observation span")]
    [InlineData(2, 0.0, 10.0, "x > 0 but tₓ = 0")]
    [InlineData(0, 3.0, 10.0, "x = 0 but tₓ ≠ 0")]
    [InlineData(-1, 0.0, 10.0, "negative")]
    [InlineData(1, double.NaN, 10.0, "repeat span")]
    public void Fit_InvalidHistory_ThrowsArgumentExceptionNamingTheProblem(int x, double tx, double t, string expected)
    {
        CustomerHistory[] histories = [new(1, 1, 5, 10), new(2, x, tx, t)];
        var ex = Assert.Throws<ArgumentException>(() => new BetaGeoFitter().Fit(histories));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.Contains("histories[1]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_DuplicateOrEmptyInput_ThrowsArgumentException()
    {
        Assert.Contains("more than once", Assert.Throws<ArgumentException>(() => new BetaGeoFitter().Fit(
            [new CustomerHistory(5, 1, 5, 10), new CustomerHistory(3, 1, 5, 10), new CustomerHistory(5, 2, 6, 10)])).Message, StringComparison.Ordinal);
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => new BetaGeoFitter().Fit([])).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new BetaGeoParameters(0, 1, 1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Published.ExpectedPurchases(new CustomerHistory(1, 0, 0, 1), -1));
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void Fit_On100kSimulatedCustomers_RecoversTrueParametersWithin3StandardErrors()
    {
        var truth = new BetaGeoParameters(0.25, 4.0, 0.8, 2.5);
        var rng = new Random(7);
        var spans = Enumerable.Range(0, 100_000).Select(_ => 27 + 12 * rng.NextDouble()).ToArray();
        var histories = BetaGeoSimulator.Simulate(truth, spans, seed: 42);
        var fit = new BetaGeoFitter().Fit(histories);
        var se = fit.Diagnostics!.StandardErrors;
        double[] expected = [truth.R, truth.Alpha, truth.A, truth.B];
        double[] actual = [fit.R, fit.Alpha, fit.A, fit.B];
        for (var i = 0; i < 4; i++)
        {
            Assert.True(Math.Abs(actual[i] - expected[i]) <= 3 * se[i],
                $"parameter {i}: fitted {actual[i]} vs true {expected[i]}, SE {se[i]}");
            Assert.True(se[i] < 0.2 * expected[i], $"SE {se[i]} of parameter {i} is implausibly large");
        }
    }
}
