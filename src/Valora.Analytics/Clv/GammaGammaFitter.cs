using System.Globalization;
using MathNet.Numerics;

namespace Valora.Analytics.Clv;

/// <summary>
/// Maximum-likelihood fit of the Gamma-Gamma spend model (Fader &amp; Hardie 2013, eq. 3) to the repeat customers.
/// </summary>
/// <remarks>
/// Only customers with x &gt; 0 enter (z̄ is undefined otherwise). Repeat customers whose mean spend is exactly 0
/// (free orders) cannot be described by a gamma spend distribution: they are left out of the fit and counted in
/// <see cref="FitDiagnostics.LeftOut"/>, as the peer library is used (fitted on monetary value &gt; 0); a negative or
/// non-finite z̄ is an input error. The log-likelihood of one
/// customer, constants included, is
/// ln Γ(px+q) − ln Γ(px) − ln Γ(q) + q ln γ + (px−1) ln z̄ + px ln x − (px+q) ln(γ + x z̄).
/// It is maximised over (ln p, ln q, ln γ) by BFGS with the analytic gradient; Γ/ψ terms are computed once per distinct x
/// and the only per-customer work per evaluation is one log and one division. Standard errors as for
/// <see cref="BetaGeoFitter"/>; <see cref="FitDiagnostics.DistinctHistories"/> is the number of repeat customers (the
/// likelihood is evaluated per customer). The model assumes spend is independent of the purchase process.
/// </remarks>
public sealed class GammaGammaFitter(GammaGammaOptions? options = null)
{
    readonly GammaGammaOptions options = options ?? new GammaGammaOptions();

    /// <summary>Fits on the histories' (x, z̄), ignoring customers with x = 0.</summary>
    /// <exception cref="ArgumentException">Empty input, a repeat customer with z̄ &lt; 0 or non-finite, negative x.</exception>
    /// <exception cref="ModelFitException">No repeat customer with z̄ &gt; 0, or the optimiser did not converge.</exception>
    public GammaGammaParameters Fit(IReadOnlyList<CustomerHistory> histories)
    {
        ArgumentNullException.ThrowIfNull(histories);
        options.Validate();
        if (histories.Count == 0)
        {
            throw new ArgumentException("histories is empty: there is nothing to fit.", nameof(histories));
        }
        var data = Data.From(histories);
        if (data.Customers == 0)
        {
            throw new ModelFitException(data.ZeroSpend == 0
                ? "Gamma-Gamma cannot be fitted: no customer has a repeat purchase (x > 0)."
                : string.Create(CultureInfo.InvariantCulture, $"Gamma-Gamma cannot be fitted: the {data.ZeroSpend} repeat customer(s) all have a mean repeat spend of 0."));
        }

        var n = (double)data.Customers;
        var penalizer = options.Penalizer;
        var objective = new GradientObjective((theta, grad) =>
        {
            var ll = data.LogLikelihood(theta, grad);
            for (var i = 0; i < 3; i++)
            {
                grad[i] = -grad[i] / n + 2 * penalizer * theta[i];
            }
            return -ll / n + penalizer * (theta[0] * theta[0] + theta[1] * theta[1] + theta[2] * theta[2]);
        });
        // Start: p = 1, q = 2 and γ so that the population mean pγ/(q−1) equals the observed mean z̄.
        var start = new[] { 0.0, Math.Log(2), Math.Log(data.MeanSpend) };
        var result = MaximumLikelihood.MinimizeBfgs(objective, start, options.Tolerance, options.MaxIterations);
        if (!result.Converged || !double.IsFinite(result.Value) || result.Theta.Any(v => !double.IsFinite(v) || Math.Abs(v) > 40))
        {
            throw new ModelFitException(string.Create(CultureInfo.InvariantCulture,
                $"Gamma-Gamma fit did not converge after {result.Iterations} iterations (max |gradient| {result.GradientNorm:G3}, ln θ = [{string.Join(", ", result.Theta.Select(v => v.ToString("G4", CultureInfo.InvariantCulture)))}]). Try a small Penalizer or more repeat customers."));
        }
        var theta = result.Theta;
        var logLikelihood = data.LogLikelihood(theta, new double[3]);
        var negLogLikelihood = new GradientObjective((t, g) =>
        {
            var v = data.LogLikelihood(t, g);
            for (var i = 0; i < 3; i++)
            {
                g[i] = -g[i];
            }
            return -v;
        });
        var covariance = MaximumLikelihood.InverseObservedInformation(MaximumLikelihood.Hessian(negLogLikelihood, theta));
        var fitted = GammaGammaParameters.FromLogParameters(theta);
        return new GammaGammaParameters(fitted.P, fitted.Q, fitted.Gamma)
        {
            Diagnostics = new FitDiagnostics(logLikelihood, result.Iterations, data.Customers, data.Customers, covariance,
                MaximumLikelihood.NaturalStandardErrors(theta, covariance), data.ZeroSpend),
            ConfidenceIntervals = MaximumLikelihood.Intervals(theta, covariance),
        };
    }

    /// <summary>Total Gamma-Gamma log-likelihood (constants included) of the repeat customers at the given parameters.</summary>
    public static double LogLikelihood(GammaGammaParameters parameters, IReadOnlyList<CustomerHistory> histories)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(histories);
        return Data.From(histories).LogLikelihood([.. parameters.LogParameters], new double[3]);
    }

    sealed class Data
    {
        int[] slot = [];       // per repeat customer: index into xs
        double[] spend = [];   // per repeat customer: x·z̄
        int[] xs = [];         // distinct x
        double[] counts = [];  // customers per distinct x
        double sumXLogZ;       // Σ x ln z̄
        double sumLogZ;        // Σ ln z̄

        public int Customers => slot.Length;

        /// <summary>Repeat customers left out because their mean repeat spend is 0.</summary>
        public int ZeroSpend { get; private set; }
        public int DistinctX => xs.Length;
        public double MeanSpend { get; private set; }

        public static Data From(IReadOnlyList<CustomerHistory> histories)
        {
            var index = new Dictionary<int, int>();
            var slots = new List<int>();
            var spend = new List<double>();
            var counts = new List<double>();
            double sumXLogZ = 0, sumLogZ = 0, sumZ = 0;
            var zeroSpend = 0;
            for (var i = 0; i < histories.Count; i++)
            {
                var h = histories[i];
                if (h.RepeatPurchases < 0)
                {
                    throw new ArgumentException($"histories[{i}] (customer {h.CustomerId}): repeat purchases x is negative.", nameof(histories));
                }
                if (h.RepeatPurchases == 0)
                {
                    continue;
                }
                var z = h.MeanRepeatSpend;
                if (z == 0)
                {
                    zeroSpend++;
                    continue;
                }
                if (!(z > 0) || double.IsInfinity(z))
                {
                    throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                        $"histories[{i}] (customer {h.CustomerId}, x = {h.RepeatPurchases}): Gamma-Gamma needs a finite mean repeat spend z̄ ≥ 0 (was {z})."),
                        nameof(histories));
                }
                if (!index.TryGetValue(h.RepeatPurchases, out var k))
                {
                    k = index.Count;
                    index[h.RepeatPurchases] = k;
                    counts.Add(0);
                }
                counts[k]++;
                slots.Add(k);
                spend.Add(h.RepeatPurchases * z);
                var lz = Math.Log(z);
                sumXLogZ += h.RepeatPurchases * lz;
                sumLogZ += lz;
                sumZ += z;
            }
            var xs = new int[index.Count];
            foreach (var (x, k) in index)
            {
                xs[k] = x;
            }
            return new Data
            {
                slot = [.. slots],
                spend = [.. spend],
                xs = xs,
                counts = [.. counts],
                sumXLogZ = sumXLogZ,
                sumLogZ = sumLogZ,
                MeanSpend = slots.Count == 0 ? 1 : sumZ / slots.Count,
                ZeroSpend = zeroSpend,
            };
        }

        /// <summary>Total LL at θ = (ln p, ln q, ln γ); writes ∂LL/∂θ into <paramref name="gradient"/>.</summary>
        public double LogLikelihood(ReadOnlySpan<double> theta, Span<double> gradient)
        {
            double p = Math.Exp(theta[0]), q = Math.Exp(theta[1]), gamma = Math.Exp(theta[2]);
            var logGamma = theta[2];
            var sumLog = new double[xs.Length];
            var sumInv = new double[xs.Length];
            for (var i = 0; i < slot.Length; i++)
            {
                var v = gamma + spend[i];
                sumLog[slot[i]] += Math.Log(v);
                sumInv[slot[i]] += 1 / v;
            }
            double ll = p * sumXLogZ - sumLogZ, gp = sumXLogZ, gq = 0, gg = 0;
            var lgq = SpecialFunctions.GammaLn(q);
            var psiQ = SpecialFunctions.DiGamma(q);
            for (var k = 0; k < xs.Length; k++)
            {
                var x = (double)xs[k];
                var n = counts[k];
                var px = p * x;
                var logX = Math.Log(x);
                var psiPxQ = SpecialFunctions.DiGamma(px + q);
                ll += n * (SpecialFunctions.GammaLn(px + q) - SpecialFunctions.GammaLn(px) - lgq + q * logGamma + px * logX)
                    - (px + q) * sumLog[k];
                gp += n * x * (psiPxQ - SpecialFunctions.DiGamma(px) + logX) - x * sumLog[k];
                gq += n * (psiPxQ - psiQ + logGamma) - sumLog[k];
                gg += n * q / gamma - (px + q) * sumInv[k];
            }
            gradient[0] = gp * p;
            gradient[1] = gq * q;
            gradient[2] = gg * gamma;
            return ll;
        }
    }
}
