using Valora.Analytics.Clv;
using Valora.TestSupport;

namespace Valora.Analytics.Tests.Clv;

/// <summary>
/// Expected values come from an independent python3 script (plain <c>math</c>): the Fader–Hardie–Lee (2005) note's
/// likelihood with the untransformed ₂F₁(r+s+x, ·; r+s+x+1; z) summed term by term, cross-checked by Simpson
/// quadrature of the integral ∫ (α+τ)^−(r+x) (β+τ)^−(s+1) dτ (agreeing to ≤ 1e-11, or 1e-12 after the substitution
/// v = ln(α+τ) for the steep extreme cases); or from closed forms derived in the test.
/// </summary>
public class ParetoNbdLikelihoodTests
{
    static readonly ParetoNbdModel Published = new(0.5533, 10.578, 0.6062, 11.669);

    [RealDataFact("cdnow/CDNOW_sample.txt")]
    public void LogLikelihood_AtPublishedParametersOnCdnowSample_MatchesIndependentScript()
    {
        var histories = ParetoNbdCdnowTestData.FromRawSample();

        double ll = ParetoNbdLikelihood.LogLikelihood(Published, histories);

        // python3 script over the 1,016 distinct (x, tₓ, T) of the raw file with exact day fractions: −9594.976180820.
        Assert.Equal(-9594.976180820, ll, 6);
    }

    [RealDataFact("cdnow/cdnow_customers_summary.csv")]
    public void LogLikelihood_AtPublishedParametersOnRoundedSummary_MatchesIndependentScript()
    {
        var histories = ParetoNbdCdnowTestData.FromSummaryCsv();

        double ll = ParetoNbdLikelihood.LogLikelihood(Published, histories);

        // Same script on the 2-decimal summary file: −9594.973931752 (rounding moves the LL by 0.002).
        Assert.Equal(-9594.973931752, ll, 6);
    }

    [Theory]
    // α < β (published CDNOW parameters)
    [InlineData(0.5533, 10.578, 0.6062, 11.669, 0, 0.0, 38.86, -0.521231393043)]
    [InlineData(0.5533, 10.578, 0.6062, 11.669, 2, 30.43, 38.86, -9.554253621633)]
    [InlineData(0.5533, 10.578, 0.6062, 11.669, 4, 20.0, 30.0, -13.956045226906)]
    [InlineData(0.5533, 10.578, 0.6062, 11.669, 10, 35.0, 35.0, -26.253517265765)]
    [InlineData(0.5533, 10.578, 0.6062, 11.669, 1, 1.0, 3.0, -3.376762794493)]
    // α ≥ β
    [InlineData(0.5533, 11.669, 0.6062, 10.578, 0, 0.0, 38.86, -0.480101048464)]
    [InlineData(0.5533, 11.669, 0.6062, 10.578, 4, 20.0, 30.0, -14.062775838118)]
    // z = 0.999 (α ≫ β) and z ≈ 0.999 (β ≫ α): the series' slow-convergence region
    [InlineData(0.5, 100.0, 0.6, 0.1, 0, 0.0, 38.0, -0.010555308306)]
    [InlineData(0.5, 100.0, 0.6, 0.1, 3, 5.0, 38.0, -16.116836731778)]
    [InlineData(0.5, 100.0, 0.6, 0.1, 50, 30.0, 38.0, -103.425980712619)]
    [InlineData(0.3, 0.05, 2.5, 50.0, 0, 0.0, 38.0, -1.565465005303)]
    [InlineData(0.3, 0.05, 2.5, 50.0, 3, 5.0, 38.0, -9.070665166782)]
    [InlineData(0.3, 0.05, 2.5, 50.0, 50, 30.0, 38.0, -32.583417120126)]
    // Either side of the switch from the ₂F₁ series (z ≤ 0.6) to quadrature (z > 0.6): z(0) = 0.59 / 0.61
    [InlineData(0.8, 10.0, 1.7, 4.1, 0, 0.0, 30.0, -0.215427072339)]
    [InlineData(0.8, 10.0, 1.7, 4.1, 6, 0.5, 30.0, -9.365563145118)]
    [InlineData(0.8, 10.0, 1.7, 3.9, 0, 0.0, 30.0, -0.208367183717)]
    [InlineData(0.8, 10.0, 1.7, 3.9, 6, 0.5, 30.0, -9.349969847541)]
    [InlineData(0.8, 10.0, 1.7, 3.9, 6, 29.0, 30.0, -20.807257340635)]
    [InlineData(0.8, 4.1, 1.7, 10.0, 6, 0.5, 30.0, -5.527042135473)]
    [InlineData(0.8, 3.9, 1.7, 10.0, 0, 0.0, 30.0, -0.634795373499)]
    [InlineData(0.8, 3.9, 1.7, 10.0, 6, 0.5, 30.0, -5.301953955867)]
    [InlineData(0.8, 3.9, 1.7, 10.0, 6, 29.0, 30.0, -19.123748563113)]
    // s = 1
    [InlineData(2.0, 5.0, 1.0, 8.0, 0, 0.0, 38.0, -1.344003853999)]
    [InlineData(2.0, 5.0, 1.0, 8.0, 50, 30.0, 38.0, -34.856328486002)]
    public void LogLikelihood_OneHistory_MatchesIndependentSeries(
        double r, double alpha, double s, double beta, int x, double tx, double t, double expected)
    {
        var model = new ParetoNbdModel(r, alpha, s, beta);

        double ll = ParetoNbdLikelihood.LogLikelihood(model, new CustomerHistory(1, x, tx, t));

        Assert.Equal(expected, ll, 1e-10 * Math.Max(1.0, Math.Abs(expected)));
    }

    [Theory]
    [InlineData(0, 0.0, 20.0)]
    [InlineData(3, 7.5, 20.0)]
    [InlineData(12, 19.0, 40.0)]
    public void LogLikelihood_AlphaEqualsBeta_MatchesClosedForm(int x, double tx, double t)
    {
        // With α = β the integrand is (α+τ)^−(r+s+x+1), so with k = r+s+x:
        // L = Γ(r+x)/Γ(r) α^(r+s) [ (α+T)^−k + s/k ((α+tₓ)^−k − (α+T)^−k) ].
        const double r = 0.7, s = 1.3, alpha = 6.0;
        double k = r + s + x;
        double bracket = Math.Pow(alpha + t, -k) + (s / k * (Math.Pow(alpha + tx, -k) - Math.Pow(alpha + t, -k)));
        double lnGammaRatio = 0;
        for (int j = 0; j < x; j++)
        {
            lnGammaRatio += Math.Log(r + j); // Γ(r+x)/Γ(r) = r(r+1)…(r+x−1)
        }
        double expected = lnGammaRatio + ((r + s) * Math.Log(alpha)) + Math.Log(bracket);

        double ll = ParetoNbdLikelihood.LogLikelihood(new ParetoNbdModel(r, alpha, s, alpha), new CustomerHistory(1, x, tx, t));

        Assert.Equal(expected, ll, 1e-11 * Math.Max(1.0, Math.Abs(expected)));
    }

    [Fact]
    public void LogLikelihood_CustomerObservedForNoTime_IsZero()
    {
        // T = 0: nothing could have happened, so L = αʳβˢ · α⁻ʳβ⁻ˢ = 1.
        double ll = ParetoNbdLikelihood.LogLikelihood(Published, new CustomerHistory(1, 0, 0, 0));

        Assert.Equal(0.0, ll, 1e-14);
    }

    [Fact]
    public void LogLikelihood_SumsOverCustomers_EqualsSumOfSingleHistories()
    {
        CustomerHistory[] histories =
        [
            new(1, 0, 0, 38.86), new(2, 2, 30.43, 38.86), new(3, 0, 0, 38.86), new(4, 4, 20.0, 30.0),
        ];

        double total = ParetoNbdLikelihood.LogLikelihood(Published, histories);

        Assert.Equal((2 * -0.521231393043) - 9.554253621633 - 13.956045226906, total, 1e-9);
    }

    [Fact]
    public void LogLikelihood_EmptyList_ThrowsArgumentException()
    {
        var ex = Assert.Throws<ArgumentException>(() => ParetoNbdLikelihood.LogLikelihood(Published, Array.Empty<CustomerHistory>()));
        Assert.Contains("No customer histories", ex.Message, StringComparison.Ordinal);
    }

    [RealDataFact("cdnow/CDNOW_sample.txt", "cdnow/cdnow_customers_summary.csv")]
    public void Parser_RawSample_MatchesRoundedSummaryFile()
    {
        var raw = ParetoNbdCdnowTestData.FromRawSample().ToDictionary(h => h.CustomerId);
        var csv = ParetoNbdCdnowTestData.FromSummaryCsv();

        Assert.Equal(2357, raw.Count);
        foreach (var h in csv)
        {
            var r = raw[h.CustomerId];
            Assert.Equal(h.RepeatPurchases, r.RepeatPurchases);
            Assert.Equal(h.RepeatSpan, Math.Round(r.RepeatSpan, 2), 1e-9);
            Assert.Equal(h.ObservationSpan, Math.Round(r.ObservationSpan, 2), 1e-9);
        }
        Assert.Equal(946, raw.Values.Count(h => h.RepeatPurchases > 0));
        Assert.Equal(2457, raw.Values.Sum(h => h.RepeatPurchases));
    }
}
