using System.Globalization;
using System.Runtime.InteropServices;
using MathNet.Numerics;

namespace Valora.Analytics.Clv;

/// <summary>
/// Maximum-likelihood fit of the BG/NBD model (Fader, Hardie &amp; Lee 2005, eq. 6) to calibration histories.
/// </summary>
/// <remarks>
/// The log-likelihood of one customer is
/// ln Γ(r+x) − ln Γ(r) + r ln α + ln B(a, b+x) − ln B(a, b)
///   + ln[ (α+T)^−(r+x) + δ(x&gt;0) · a/(b+x−1) · (α+tₓ)^−(r+x) ],
/// the last term evaluated by log-sum-exp. It is summed once per distinct (x, tₓ, T), weighted by the number of
/// customers, and maximised over (ln r, ln α, ln a, ln b) by BFGS with the analytic gradient. The covariance of the
/// log-parameters is the inverse of the numerical Hessian (central differences of the analytic gradient) of −LL at
/// the optimum; natural-scale standard errors follow by the delta method.
/// Per evaluation the Γ/ψ terms are computed once per distinct x and ln(α+T), ln(α+tₓ) once per distinct value, so
/// day-granular data cost one exp and one log per distinct history.
/// </remarks>
public sealed class BetaGeoFitter(BetaGeoOptions? options = null)
{
    readonly BetaGeoOptions options = options ?? new BetaGeoOptions();

    /// <summary>Fits with default options.</summary>
    public static BetaGeoParameters FitDefault(IReadOnlyList<CustomerHistory> histories) => new BetaGeoFitter().Fit(histories);

    /// <summary>Fits BG/NBD to the histories (any order; customer ids must be unique).</summary>
    /// <exception cref="ArgumentException">Empty input, duplicate customer ids, or an inconsistent history
    /// (negative x, tₓ &gt; T, x &gt; 0 with tₓ = 0, non-finite values).</exception>
    /// <exception cref="ModelFitException">No customer has a repeat purchase (the purchase rate is not identifiable),
    /// the optimiser did not converge, or the optimum is not finite.</exception>
    public BetaGeoParameters Fit(IReadOnlyList<CustomerHistory> histories)
    {
        options.Validate();
        HistoryValidation.Validate(histories, nameof(histories), uniqueIds: true);
        var data = Data.From(histories);
        if (data.TotalRepeat == 0)
        {
            throw new ModelFitException(
                "BG/NBD cannot be fitted: no customer has a repeat purchase, so the likelihood grows without bound as the purchase rate goes to 0.");
        }

        var penalizer = options.Penalizer;
        var weight = data.TotalWeight;
        var objective = new GradientObjective((theta, grad) =>
        {
            var ll = data.LogLikelihood(theta, grad);
            for (var i = 0; i < 4; i++)
            {
                grad[i] = -grad[i] / weight + 2 * penalizer * theta[i];
            }
            return -ll / weight + penalizer * (theta[0] * theta[0] + theta[1] * theta[1] + theta[2] * theta[2] + theta[3] * theta[3]);
        });

        // Start: r = 1, a = 1, b = 1 and α so that the mean rate r/α matches total repeats / total observation time.
        var start = new[] { 0.0, Math.Log(Math.Max(data.TotalObservation / data.TotalRepeat, 1e-6)), 0.0, 0.0 };
        var result = MaximumLikelihood.MinimizeBfgs(objective, start, options.Tolerance, options.MaxIterations);
        if (!result.Converged || !double.IsFinite(result.Value) || result.Theta.Any(v => !double.IsFinite(v) || Math.Abs(v) > 30))
        {
            throw new ModelFitException(string.Create(CultureInfo.InvariantCulture,
                $"BG/NBD fit did not converge after {result.Iterations} iterations (max |gradient| {result.GradientNorm:G3}, objective {result.Value:G6}, ln θ = [{string.Join(", ", result.Theta.Select(v => v.ToString("G4", CultureInfo.InvariantCulture)))}]). Try a small Penalizer or more data."));
        }

        var theta = result.Theta;
        var grad = new double[4];
        var logLikelihood = data.LogLikelihood(theta, grad);
        var negLogLikelihood = new GradientObjective((t, g) =>
        {
            var v = data.LogLikelihood(t, g);
            for (var i = 0; i < 4; i++)
            {
                g[i] = -g[i];
            }
            return -v;
        });
        var covariance = MaximumLikelihood.InverseObservedInformation(MaximumLikelihood.Hessian(negLogLikelihood, theta));
        var fitted = BetaGeoParameters.FromLogParameters(theta);
        return new BetaGeoParameters(fitted.R, fitted.Alpha, fitted.A, fitted.B)
        {
            Diagnostics = new FitDiagnostics(
                logLikelihood, result.Iterations, histories.Count, data.Count, covariance,
                MaximumLikelihood.NaturalStandardErrors(theta, covariance)),
            ConfidenceIntervals = MaximumLikelihood.Intervals(theta, covariance),
        };
    }

    /// <summary>Total BG/NBD log-likelihood of the histories at the given parameters (FHL 2005 eq. 6, all constants
    /// included), e.g. to compare with a published value.</summary>
    public static double LogLikelihood(BetaGeoParameters parameters, IReadOnlyList<CustomerHistory> histories)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        HistoryValidation.Validate(histories, nameof(histories), uniqueIds: false);
        return Data.From(histories).LogLikelihood([.. parameters.LogParameters], new double[4]);
    }

    /// <summary>The compressed data: distinct (x, tₓ, T) with weights, and lookup tables for the distinct x, T, tₓ.</summary>
    sealed class Data
    {
        int[] xSlot = [];   // per group: index into distinct x
        int[] tSlot = [];   // per group: index into distinct T
        int[] txSlot = [];  // per group: index into distinct tₓ
        double[] w = [];    // per group: customers
        int[] xs = [];      // distinct x
        double[] ts = [];   // distinct T
        double[] txs = [];  // distinct tₓ

        public int Count => w.Length;
        public double TotalWeight { get; private set; }
        public double TotalRepeat { get; private set; }
        public double TotalObservation { get; private set; }

        public static Data From(IReadOnlyList<CustomerHistory> histories)
        {
            var groups = new HistoryKeyIndex(Math.Min(histories.Count, 1 << 16));
            var xIndex = new Dictionary<int, int>();
            var tIndex = new Dictionary<double, int>();
            var txIndex = new Dictionary<double, int>();
            var xSlot = new List<int>();
            var tSlot = new List<int>();
            var txSlot = new List<int>();
            var w = new List<double>();
            double totalRepeat = 0, totalObservation = 0;
            for (var i = 0; i < histories.Count; i++)
            {
                var h = histories[i];
                totalRepeat += h.RepeatPurchases;
                totalObservation += h.ObservationSpan;
                var g = groups.Add(h.RepeatPurchases, h.RepeatSpan, h.ObservationSpan, out var added);
                if (!added)
                {
                    w[g]++;
                    continue;
                }
                w.Add(1);
                xSlot.Add(IndexOf(xIndex, h.RepeatPurchases));
                tSlot.Add(IndexOf(tIndex, h.ObservationSpan));
                txSlot.Add(IndexOf(txIndex, h.RepeatSpan));
            }
            return new Data
            {
                xSlot = [.. xSlot],
                tSlot = [.. tSlot],
                txSlot = [.. txSlot],
                w = [.. w],
                xs = Keys(xIndex),
                ts = Keys(tIndex),
                txs = Keys(txIndex),
                TotalWeight = histories.Count,
                TotalRepeat = totalRepeat,
                TotalObservation = totalObservation,
            };
        }

        static int IndexOf<T>(Dictionary<T, int> index, T key) where T : notnull
        {
            ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(index, key, out var exists);
            if (!exists)
            {
                slot = index.Count - 1;
            }
            return slot;
        }

        static T[] Keys<T>(Dictionary<T, int> index) where T : notnull
        {
            var keys = new T[index.Count];
            foreach (var (key, i) in index)
            {
                keys[i] = key;
            }
            return keys;
        }

        /// <summary>Total LL at θ = (ln r, ln α, ln a, ln b); writes ∂LL/∂θ into <paramref name="gradient"/>.</summary>
        public double LogLikelihood(ReadOnlySpan<double> theta, Span<double> gradient)
        {
            double r = Math.Exp(theta[0]), alpha = Math.Exp(theta[1]), a = Math.Exp(theta[2]), b = Math.Exp(theta[3]);
            var logAlpha = theta[1];
            var logA = theta[2];

            // Per distinct x: the Γ/B constants, their derivatives, and ln(a/(b+x−1)), 1/(b+x−1).
            var nx = xs.Length;
            var constX = new double[nx];
            var dR = new double[nx];
            var dA = new double[nx];
            var dB = new double[nx];
            var logRatio = new double[nx];
            var invBx1 = new double[nx];
            var lgR = SpecialFunctions.GammaLn(r);
            var lgB = SpecialFunctions.GammaLn(b);
            var lgAB = SpecialFunctions.GammaLn(a + b);
            var psiR = SpecialFunctions.DiGamma(r);
            var psiB = SpecialFunctions.DiGamma(b);
            var psiAB = SpecialFunctions.DiGamma(a + b);
            for (var k = 0; k < nx; k++)
            {
                var x = xs[k];
                var psiABx = SpecialFunctions.DiGamma(a + b + x);
                constX[k] = SpecialFunctions.GammaLn(r + x) - lgR + r * logAlpha
                    + SpecialFunctions.GammaLn(b + x) - lgB + lgAB - SpecialFunctions.GammaLn(a + b + x);
                dR[k] = SpecialFunctions.DiGamma(r + x) - psiR + logAlpha;
                dA[k] = psiAB - psiABx;
                dB[k] = SpecialFunctions.DiGamma(b + x) - psiB + psiAB - psiABx;
                if (x > 0)
                {
                    logRatio[k] = logA - Math.Log(b + x - 1);
                    invBx1[k] = 1 / (b + x - 1);
                }
            }
            var logT = new double[ts.Length];
            var invT = new double[ts.Length];
            for (var k = 0; k < ts.Length; k++)
            {
                logT[k] = Math.Log(alpha + ts[k]);
                invT[k] = 1 / (alpha + ts[k]);
            }
            var logTx = new double[txs.Length];
            var invTx = new double[txs.Length];
            for (var k = 0; k < txs.Length; k++)
            {
                logTx[k] = Math.Log(alpha + txs[k]);
                invTx[k] = 1 / (alpha + txs[k]);
            }

            double ll = 0, gr = 0, gAlpha = 0, ga = 0, gb = 0;
            for (var g = 0; g < w.Length; g++)
            {
                var k = xSlot[g];
                var x = xs[k];
                var rx = r + x;
                var wg = w[g];
                var lt = logT[tSlot[g]];
                var first = -rx * lt;
                double lse, w1, w2, lTx = 0, iTx = 0;
                if (x == 0)
                {
                    lse = first;
                    w1 = 1;
                    w2 = 0;
                }
                else
                {
                    var j = txSlot[g];
                    lTx = logTx[j];
                    iTx = invTx[j];
                    var second = logRatio[k] - rx * lTx;
                    if (first >= second)
                    {
                        var e = Math.Exp(second - first);
                        lse = first + Math.Log(1 + e);
                        w2 = e / (1 + e);
                        w1 = 1 - w2;
                    }
                    else
                    {
                        var e = Math.Exp(first - second);
                        lse = second + Math.Log(1 + e);
                        w1 = e / (1 + e);
                        w2 = 1 - w1;
                    }
                }
                ll += wg * (constX[k] + lse);
                gr += wg * (dR[k] - w1 * lt - w2 * lTx);
                gAlpha += wg * (r / alpha - rx * (w1 * invT[tSlot[g]] + w2 * iTx));
                ga += wg * (dA[k] + w2 / a);
                gb += wg * (dB[k] - w2 * invBx1[k]);
            }
            // Chain rule to the log-parameters: ∂/∂ln θ = θ ∂/∂θ.
            gradient[0] = gr * r;
            gradient[1] = gAlpha * alpha;
            gradient[2] = ga * a;
            gradient[3] = gb * b;
            return ll;
        }
    }
}
