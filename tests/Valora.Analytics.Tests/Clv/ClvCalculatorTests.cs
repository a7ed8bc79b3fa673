using Valora.Analytics.Clv;
using Valora.TestSupport;

namespace Valora.Analytics.Tests.Clv;

public class ClvCalculatorTests
{
    static readonly BetaGeoParameters Published = new(0.243, 4.414, 0.793, 2.426);
    static readonly CustomerHistory CustomerOne = new(1, 2, 30.43, 38.86, 22.35);

    /// <summary>A constant-rate model: E[Y(t)] = λt, so discounted CLV has the closed form λ·L·s·m·(1 − (1+d)^−H)/d.</summary>
    sealed class ConstantRate(double rate) : IPurchaseModel
    {
        public string Kind => "constant";
        public IReadOnlyList<double> LogParameters => [Math.Log(rate)];
        public IPurchaseModel WithLogParameters(IReadOnlyList<double> logParameters) => new ConstantRate(Math.Exp(logParameters[0]));
        public double ProbabilityAlive(in CustomerHistory history) => 1;
        public double ExpectedPurchases(in CustomerHistory history, double horizon) => rate * horizon;
        public double ExpectedPurchasesOfNewCustomer(double t) => rate * t;
    }

    [Fact]
    public void Score_ConstantRateModel_MatchesGeometricSeriesClosedForm()
    {
        var options = new ClvOptions { Periods = 12, PeriodLength = 4, Margin = 0.3, DiscountRate = 0.02 };
        var value = Assert.Single(ClvCalculator.Score(new ConstantRate(0.5), [CustomerOne], [40.0], options));
        // 0.5·4·40·0.3·(1 − 1.02^−12)/0.02
        var expected = 0.5 * 4 * 40 * 0.3 * (1 - Math.Pow(1.02, -12)) / 0.02;
        Assert.Equal(expected, value.Clv, 1e-9);
        Assert.Equal(0.5 * 48, value.ExpectedPurchases, 12);
    }

    [Fact]
    public void Score_BetaGeoOnePeriodUndiscounted_IsExpectedPurchasesTimesSpend()
    {
        var options = new ClvOptions { Periods = 1, PeriodLength = 39, Margin = 1, DiscountRate = 0 };
        var value = Assert.Single(ClvCalculator.Score(Published, [CustomerOne], [25.0], options));
        // python3 closed form: E[Y(39) | 2, 30.43, 38.86] = 1.226028175, P(alive) = 0.726578570.
        Assert.Equal(1.226028175 * 25, value.Clv, 1e-6);
        Assert.Equal(0.726578570, value.ProbabilityAlive, 1e-8);
    }

    [Fact]
    public void DiscountedPurchases_TwoPeriods_MatchesHandDiscounting()
    {
        // python3: E[Y(19.5)] = 0.665098216, E[Y(39)] = 1.226028175; 0.665098216/1.1 + (1.226028175 − 0.665098216)/1.21.
        var options = new ClvOptions { Periods = 2, PeriodLength = 19.5, DiscountRate = 0.1 };
        Assert.Equal(1.068213220, ClvCalculator.DiscountedPurchases(Published, CustomerOne, options), 1e-8);
    }

    [Fact]
    public void Score_WithGammaGammaSpend_UsesConditionalExpectedSpend()
    {
        var gg = new GammaGammaParameters(6.25, 3.74, 15.44);
        var options = new ClvOptions { Periods = 1, PeriodLength = 39, DiscountRate = 0, Margin = 0.5 };
        var value = Assert.Single(ClvCalculator.Score(Published, gg, [CustomerOne], options));
        // E[Z | 2, 22.35] = 24.6637139 by hand (see GammaGammaFitterTests).
        Assert.Equal(24.6637139, value.SpendPerPurchase, 1e-6);
        Assert.Equal(1.226028175 * 24.6637139 * 0.5, value.Clv, 1e-6);
    }

    [Fact]
    public void Intervals_WithNegligibleCovariance_CollapseToPointEstimate()
    {
        var covariance = new double[4, 4];
        for (var i = 0; i < 4; i++)
        {
            covariance[i, i] = 1e-16;
        }
        var options = new ClvOptions { Periods = 1, PeriodLength = 39, DiscountRate = 0 };
        var interval = Assert.Single(ClvCalculator.Intervals(Published, covariance, [CustomerOne], [10.0], options));
        Assert.Equal(1.226028175, interval.ExpectedPurchasesLower, 1e-6);
        Assert.Equal(1.226028175, interval.ExpectedPurchasesUpper, 1e-6);
        Assert.Equal(12.26028175, interval.ClvLower, 1e-5);
        Assert.Equal(12.26028175, interval.ClvUpper, 1e-5);
    }

    [RealDataFact(CdnowSample.File)]
    public void Intervals_OnCdnowFit_BracketPointEstimatesAndAreReproducible()
    {
        var histories = HistoryBuilder.Build(CdnowSample.Purchases, CdnowSample.CalibrationEnd);
        var model = new BetaGeoFitter().Fit(histories);
        var gg = new GammaGammaFitter().Fit(histories);
        var covariance = model.Diagnostics!.LogParameterCovariance!;
        var options = new ClvOptions { Draws = 40, Periods = 6 };
        var points = ClvCalculator.Score(model, gg, histories, options);
        var spend = points.Select(p => p.SpendPerPurchase).ToArray();
        var fixedSpend = ClvCalculator.Intervals(model, covariance, histories, spend, options);
        var withSpend = ClvCalculator.Intervals(model, covariance, gg, histories, options);
        Assert.Equal(fixedSpend, ClvCalculator.Intervals(model, covariance, histories, spend, options));
        for (var i = 0; i < histories.Length; i++)
        {
            Assert.InRange(points[i].ExpectedPurchases, fixedSpend[i].ExpectedPurchasesLower, fixedSpend[i].ExpectedPurchasesUpper);
            Assert.True(fixedSpend[i].ExpectedPurchasesUpper > fixedSpend[i].ExpectedPurchasesLower);
            Assert.InRange(points[i].Clv, fixedSpend[i].ClvLower, fixedSpend[i].ClvUpper);
            Assert.InRange(points[i].Clv, withSpend[i].ClvLower, withSpend[i].ClvUpper);
            // Adding spend uncertainty widens (or keeps) the CLV interval on average; per customer, check it is sane.
            Assert.True(withSpend[i].ClvUpper > withSpend[i].ClvLower);
        }
        Assert.True(withSpend.Average(v => v.ClvUpper - v.ClvLower) >= fixedSpend.Average(v => v.ClvUpper - v.ClvLower));
    }

    [Fact]
    public void Score_InvalidInput_Throws()
    {
        Assert.Throws<ArgumentException>(() => ClvCalculator.Score(Published, [CustomerOne], [1.0, 2.0]));
        Assert.Throws<ArgumentException>(() => ClvCalculator.Score(Published, [CustomerOne], [double.NaN]));
        Assert.Throws<ArgumentException>(() => ClvCalculator.Score(Published, [CustomerOne], [1.0], new ClvOptions { Margin = 1.5 }));
        Assert.Throws<ArgumentException>(() => ClvCalculator.Score(Published, [CustomerOne], [1.0], new ClvOptions { Periods = 0 }));
        Assert.Throws<ArgumentException>(() => ClvCalculator.Intervals(Published, new double[3, 3], [CustomerOne], [1.0]));
        Assert.Throws<ArgumentException>(() => ClvCalculator.Intervals(Published, new double[4, 4], [CustomerOne], [1.0]));
    }
}
