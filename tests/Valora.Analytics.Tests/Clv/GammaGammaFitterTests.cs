using Valora.Analytics.Clv;
using Valora.TestSupport;

namespace Valora.Analytics.Tests.Clv;

/// <summary>
/// Gamma-Gamma on the 946 repeat customers of the CDNOW sample (Fader &amp; Hardie 2013: p = 6.25, q = 3.74, γ = 15.44,
/// LL = −4055.9). The log-likelihood includes every constant term: an independent python3 evaluation at
/// (6.249, 3.745, 15.448) gives −4055.9177, matching the published value only with the constants.
/// </summary>
public class GammaGammaFitterTests
{
    [RealDataFact(CdnowSample.File)]
    public void Fit_OnCdnowRepeatCustomers_MatchesPublishedParameters()
    {
        var histories = HistoryBuilder.Build(CdnowSample.Purchases, CdnowSample.CalibrationEnd);
        var fit = new GammaGammaFitter().Fit(histories);
        Assert.InRange(fit.P / 6.249, 0.999, 1.001);
        Assert.InRange(fit.Q / 3.745, 0.999, 1.001);
        Assert.InRange(fit.Gamma / 15.448, 0.999, 1.001);
        var d = fit.Diagnostics!;
        Assert.Equal(-4055.92, d.LogLikelihood, 0.01);
        Assert.Equal(946, d.Customers);
        Assert.All(d.StandardErrors, se => Assert.True(se > 0 && double.IsFinite(se)));
        Assert.Equal(3, fit.ConfidenceIntervals.Count);
    }

    /// <summary>
    /// The whole cohort has one repeat customer whose repeat orders are all free (z̄ = 0): it is left out and counted,
    /// and the other 11,515 give the fit of <c>bench/peers/gammagamma_master.py</c> (scipy, same likelihood):
    /// p = 5.086044291, q = 3.995120450, γ = 21.252234537, LL = −49496.524203.
    /// </summary>
    [RealDataFact(CdnowMaster.File)]
    public void Fit_OnTheWholeCdnowCohortWithAZeroSpendCustomer_LeavesItOutAndMatchesThePeer()
    {
        var histories = HistoryBuilder.Build(CdnowMaster.Purchases, new DateOnly(1998, 6, 30));
        var fit = new GammaGammaFitter().Fit(histories);
        Assert.Equal(5.086044291, fit.P, 1e-5);
        Assert.Equal(3.995120450, fit.Q, 1e-5);
        Assert.Equal(21.252234537, fit.Gamma, 1e-4);
        var d = fit.Diagnostics!;
        Assert.Equal(-49496.524203, d.LogLikelihood, 1e-4);
        Assert.Equal(11_515, d.Customers);
        Assert.Equal(1, d.LeftOut);
    }

    [RealDataFact(CdnowSample.File)]
    public void LogLikelihood_AtPublishedOptimum_IncludesConstants()
    {
        var histories = HistoryBuilder.Build(CdnowSample.Purchases, CdnowSample.CalibrationEnd);
        Assert.Equal(-4055.9177, GammaGammaFitter.LogLikelihood(new GammaGammaParameters(6.249, 3.745, 15.448), histories), 0.001);
    }

    [Fact]
    public void ConditionalExpectedSpend_MatchesHandComputation()
    {
        var gg = new GammaGammaParameters(6.25, 3.74, 15.44);
        // 6.25·(15.44 + 2·22.35)/(6.25·2 + 3.74 − 1) = 375.875/15.24.
        Assert.Equal(24.6637139, gg.ConditionalExpectedSpend(2, 22.35), 1e-6);
        // x = 0: the population mean pγ/(q−1) = 96.5/2.74.
        Assert.Equal(35.2189781, gg.ConditionalExpectedSpend(0, 0), 1e-6);
        Assert.Equal(gg.PopulationMeanSpend, gg.ConditionalExpectedSpend(new CustomerHistory(1, 0, 0, 10)), 12);
        Assert.Throws<ArgumentException>(() => new GammaGammaParameters(1, 0.5, 1).ConditionalExpectedSpend(0, 0));
        Assert.Throws<ArgumentException>(() => gg.ConditionalExpectedSpend(-1, 10));
    }

    [Fact]
    public void Fit_InvalidOrDegenerateInput_Throws()
    {
        Assert.Throws<ArgumentException>(() => new GammaGammaFitter().Fit([]));
        var negative = Assert.Throws<ArgumentException>(() => new GammaGammaFitter().Fit([new CustomerHistory(1, 2, 5, 10, -3)]));
        Assert.Contains("z̄ ≥ 0", negative.Message, StringComparison.Ordinal);
        var onlyZero = Assert.Throws<ModelFitException>(() => new GammaGammaFitter().Fit([new CustomerHistory(1, 2, 5, 10, 0)]));
        Assert.Contains("mean repeat spend of 0", onlyZero.Message, StringComparison.Ordinal);
        var noRepeat = Assert.Throws<ModelFitException>(() => new GammaGammaFitter().Fit([new CustomerHistory(1, 0, 0, 10)]));
        Assert.Contains("no customer has a repeat purchase", noRepeat.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void Fit_OnSimulatedSpend_RecoversTrueParametersWithin3StandardErrors()
    {
        var truth = new GammaGammaParameters(6, 4, 15);
        var rng = new Random(3);
        var spans = Enumerable.Range(0, 100_000).Select(_ => 27 + 12 * rng.NextDouble()).ToArray();
        var histories = BetaGeoSimulator.Simulate(new BetaGeoParameters(0.25, 4.0, 0.8, 2.5), spans, seed: 5, spend: truth);
        var fit = new GammaGammaFitter().Fit(histories);
        var se = fit.Diagnostics!.StandardErrors;
        double[] expected = [truth.P, truth.Q, truth.Gamma];
        double[] actual = [fit.P, fit.Q, fit.Gamma];
        Assert.True(fit.Diagnostics.Customers > 30_000);
        for (var i = 0; i < 3; i++)
        {
            Assert.True(Math.Abs(actual[i] - expected[i]) <= 3 * se[i], $"parameter {i}: fitted {actual[i]} vs true {expected[i]}, SE {se[i]}");
        }
    }
}
