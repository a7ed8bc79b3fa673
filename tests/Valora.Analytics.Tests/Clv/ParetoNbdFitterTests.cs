using Valora.Analytics.Clv;
using Valora.TestSupport;
using Xunit.Abstractions;

namespace Valora.Analytics.Tests.Clv;

/// <summary>
/// Published numbers: Fader, Hardie &amp; Lee (2005), "Counting Your Customers the Easy Way", Marketing Science 24(2),
/// Pareto/NBD on the 2,357-customer CDNOW sample (data: /work/shared/data/cdnow, from the lifetimes library):
/// r = 0.553, α = 10.578, s = 0.606, β = 11.669, LL = −9595.0. An independent python3 Nelder–Mead run on the same
/// histories (raw file, exact day fractions; untransformed ₂F₁ series) reached LL = −9594.976179 at
/// r = 0.553277, α = 10.577683, s = 0.606240, β = 11.668734.
/// </summary>
public partial class ParetoNbdFitterTests(ITestOutputHelper output)
{
    [RealDataFact("cdnow/CDNOW_sample.txt")]
    public void Fit_OnCdnowSample_MatchesPublishedParameters()
    {
        var histories = ParetoNbdCdnowTestData.FromRawSample();

        var fit = new ParetoNbdFitter().Fit(histories);
        output.WriteLine($"{fit.Model}  LL = {fit.Diagnostics.LogLikelihood:F6}  iterations = {fit.Diagnostics.Iterations}");
        foreach (var e in fit.Estimates)
        {
            output.WriteLine($"{e.Name} = {e.Value:G6} (SE {e.StandardError:G4}, 95% {e.Lower95:G5}..{e.Upper95:G5})");
        }

        Assert.InRange(fit.Diagnostics.LogLikelihood, -9594.99, -9594.97);
        // The optimum must be at least as good as the independent Nelder–Mead optimum (to its own resolution).
        Assert.True(fit.Diagnostics.LogLikelihood >= -9594.976179 - 1e-6);
        AssertRelative(0.5533, fit.Model.R, 0.005);
        AssertRelative(10.578, fit.Model.Alpha, 0.005);
        AssertRelative(0.6062, fit.Model.S, 0.005);
        AssertRelative(11.669, fit.Model.Beta, 0.005);
        Assert.Equal(2357, fit.Diagnostics.Customers);
        Assert.Equal(1016, fit.Diagnostics.DistinctHistories);
    }

    [RealDataFact("cdnow/CDNOW_sample.txt")]
    public void Fit_OnCdnowSample_GivesFinitePositiveStandardErrorsAndIntervalsAroundEstimates()
    {
        var fit = new ParetoNbdFitter().Fit(ParetoNbdCdnowTestData.FromRawSample());

        Assert.NotNull(fit.Diagnostics.LogParameterCovariance);
        var cov = fit.Diagnostics.LogParameterCovariance!;
        for (int i = 0; i < 4; i++)
        {
            Assert.True(cov[i, i] > 0);
            for (int j = 0; j < 4; j++)
            {
                Assert.Equal(cov[i, j], cov[j, i], 1e-12 * Math.Max(1, Math.Abs(cov[i, j])));
            }
            var e = fit.Estimates[i];
            Assert.Equal(fit.Model.LogParameters[i], Math.Log(e.Value), 1e-14);
            // Delta method: SE(p) = p · SE(ln p).
            Assert.Equal(e.Value * Math.Sqrt(cov[i, i]), e.StandardError, 1e-12);
            Assert.Equal(e.StandardError, fit.Diagnostics.StandardErrors[i]);
            Assert.True(e.Lower95 < e.Value && e.Value < e.Upper95);
            // log-scale interval: the geometric mean of the bounds is the estimate.
            Assert.Equal(e.Value, Math.Sqrt(e.Lower95 * e.Upper95), 1e-9 * e.Value);
        }
        // Independent python3 check: observed information by central second differences (h = 1e-3 in the
        // log-parameters) of the script's LL at the Nelder–Mead optimum, inverted: SE = 0.047628, 0.84272, 0.18728, 6.2112.
        AssertRelative(0.047628, fit.Estimates[0].StandardError, 0.01);
        AssertRelative(0.84272, fit.Estimates[1].StandardError, 0.01);
        AssertRelative(0.18728, fit.Estimates[2].StandardError, 0.01);
        AssertRelative(6.2112, fit.Estimates[3].StandardError, 0.01);
        // r and α are well determined on CDNOW; s and β lie on a flat ridge and are much less so.
        Assert.True(fit.Estimates[0].StandardError / fit.Estimates[0].Value < fit.Estimates[2].StandardError / fit.Estimates[2].Value);
    }

    [RealDataFact("cdnow/cdnow_customers_summary.csv")]
    public void Fit_OnRoundedSummaryFile_IsCloseToPublishedButNotTheSameLikelihood()
    {
        var fit = new ParetoNbdFitter().Fit(ParetoNbdCdnowTestData.FromSummaryCsv());

        // Independent Nelder–Mead on the 2-decimal file: LL = −9594.973930 (rounding shifts it by +0.002).
        Assert.InRange(fit.Diagnostics.LogLikelihood, -9594.973930 - 1e-6, -9594.9735);
        AssertRelative(0.5533, fit.Model.R, 0.005);
        AssertRelative(10.578, fit.Model.Alpha, 0.005);
    }

    [Fact]
    public void Fit_EmptyInput_ThrowsArgumentException()
    {
        var ex = Assert.Throws<ArgumentException>(() => new ParetoNbdFitter().Fit([]));
        Assert.Contains("No customer histories", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1, 0.0, 10.0, "RepeatPurchases (x) must be >= 0")]
    [InlineData(1, 2.0, -3.0, "ObservationSpan (T) must be finite and >= 0")]
    [InlineData(1, 12.0, 10.0, "exceeds ObservationSpan")]
    [InlineData(1, -1.0, 10.0, "RepeatSpan (tx) must be finite and >= 0")]
    [InlineData(1, double.NaN, 10.0, "RepeatSpan (tx) must be finite and >= 0")]
    [InlineData(1, 1.0, double.PositiveInfinity, "ObservationSpan (T) must be finite")]
    [InlineData(0, 1.0, 10.0, "must be 0 when RepeatPurchases (x) is 0")]
    public void Fit_InvalidHistory_ThrowsArgumentExceptionNamingTheRule(int x, double tx, double t, string message)
    {
        CustomerHistory[] histories = [new(1, 2, 3, 10), new(42, x, tx, t)];

        var ex = Assert.Throws<ArgumentException>(() => new ParetoNbdFitter().Fit(histories));

        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
        Assert.Contains("customer 42", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_DuplicateCustomerIds_ThrowsArgumentException()
    {
        CustomerHistory[] histories = [new(5, 2, 3, 10), new(5, 1, 1, 10)];

        var ex = Assert.Throws<ArgumentException>(() => new ParetoNbdFitter().Fit(histories));

        Assert.Contains("Customer id 5 appears more than once", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-0.1, 1e-9, 10)]
    [InlineData(0.0, 0.0, 10)]
    [InlineData(0.0, 1e-9, 0)]
    public void Constructor_InvalidOptions_ThrowsArgumentException(double penalizer, double tolerance, int maxIterations)
    {
        Assert.Throws<ArgumentException>(() => new ParetoNbdFitter(new ParetoNbdOptions
        {
            Penalizer = penalizer, GradientTolerance = tolerance, MaxIterations = maxIterations,
        }));
    }

    [Fact]
    public void Fit_TooFewIterations_ThrowsModelFitException()
    {
        var histories = ParetoNbdSimulator.Simulate(new ParetoNbdModel(0.55, 10.6, 0.6, 11.7), 2000, 12, 39, seed: 3);

        var ex = Assert.Throws<ModelFitException>(() => new ParetoNbdFitter(new ParetoNbdOptions { MaxIterations = 3 }).Fit(histories));

        Assert.Contains("did not converge in 3 iterations", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_NoRepeatPurchasesAtAll_ThrowsModelFitException()
    {
        var histories = Enumerable.Range(1, 500).Select(i => new CustomerHistory(i, 0, 0, 10 + (i % 30))).ToArray();

        var ex = Assert.Throws<ModelFitException>(() => new ParetoNbdFitter().Fit(histories));

        Assert.Contains("None of the 500 customers made a repeat purchase", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_SingleCustomer_ThrowsModelFitExceptionInsteadOfReturningABoundaryEstimate()
    {
        // One history cannot identify four parameters: the likelihood keeps rising towards the edge of the space.
        CustomerHistory[] histories = [new(1, 3, 20, 30)];

        var ex = Assert.Throws<ModelFitException>(() => new ParetoNbdFitter().Fit(histories));

        Assert.Contains("Pareto/NBD fit", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_SingleCustomerWithPenalizer_ReportsTheBoundary()
    {
        CustomerHistory[] histories = [new(1, 3, 20, 30)];

        var ex = Assert.Throws<ModelFitException>(() => new ParetoNbdFitter(new ParetoNbdOptions { Penalizer = 0.01 }).Fit(histories));

        Assert.Contains("edge of the parameter space", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_OneRepeatBuyerAmongManyNonBuyers_GivesFiniteModel()
    {
        // Extreme but identifiable: 2,000 customers, only 40 with repeat purchases (simulated, fixed seed).
        var histories = ParetoNbdSimulator.Simulate(new ParetoNbdModel(0.2, 40.0, 0.8, 10.0), 2000, 12, 39, seed: 11, stepsPerUnit: 7);

        var fit = new ParetoNbdFitter().Fit(histories);

        Assert.True(double.IsFinite(fit.Diagnostics.LogLikelihood));
        double observed = histories.Sum(h => h.RepeatPurchases);
        double predicted = histories.Sum(h => fit.Model.ExpectedPurchasesOfNewCustomer(h.ObservationSpan));
        // At the MLE the fitted E[X(T)] summed over customers reproduces the observed repeat purchases closely.
        Assert.InRange(predicted, 0.9 * observed, 1.1 * observed);
    }

    static void AssertRelative(double expected, double actual, double tolerance) =>
        Assert.True(Math.Abs(actual - expected) <= tolerance * Math.Abs(expected),
            $"expected {expected} within {tolerance:P2}, got {actual} ({(actual - expected) / expected:P3} off)");
}
