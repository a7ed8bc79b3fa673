using Valora.Analytics.Clv;

namespace Valora.Analytics.Tests.Clv;

public partial class ParetoNbdFitterTests
{
    /// <summary>
    /// Recovery: 100,000 customers simulated in continuous time exactly as the model says (gamma purchase and dropout
    /// rates, Poisson purchases, exponential lifetimes; first purchases uniform over 12 weeks, calibration to week 39),
    /// fixed seeds. Both branches of the likelihood are covered: α &lt; β (CDNOW-like) and α ≥ β.
    /// </summary>
    [Theory]
    [Trait("Category", "Slow")]
    [InlineData(0.55, 10.58, 0.61, 11.67, 20260101)]
    [InlineData(1.2, 8.0, 0.9, 3.0, 20260101)]
    public void Fit_SimulatedCustomers_RecoversParametersWithinThreeStandardErrors(double r, double alpha, double s, double beta, int seed)
    {
        var truth = new ParetoNbdModel(r, alpha, s, beta);
        var histories = ParetoNbdSimulator.Simulate(truth, 100_000, cohortSpan: 12, calibrationSpan: 39, seed);

        var fit = new ParetoNbdFitter().Fit(histories);

        double[] expected = [r, alpha, s, beta];
        for (int k = 0; k < 4; k++)
        {
            var e = fit.Estimates[k];
            output.WriteLine($"{e.Name}: {e.Value:G5} (true {expected[k]}, SE {e.StandardError:G3})");
            Assert.True(double.IsFinite(e.StandardError) && e.StandardError > 0, $"{e.Name}: no standard error");
            Assert.True(Math.Abs(e.Value - expected[k]) <= 3 * e.StandardError,
                $"{e.Name} = {e.Value} is {(e.Value - expected[k]) / e.StandardError:F2} SE from the true {expected[k]}");
        }
    }
}
