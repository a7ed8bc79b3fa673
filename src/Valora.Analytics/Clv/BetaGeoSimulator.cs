using MathNet.Numerics.Distributions;

namespace Valora.Analytics.Clv;

/// <summary>
/// Draws synthetic customer histories from the BG/NBD generative story (Fader, Hardie &amp; Lee 2005, §3) and, optionally,
/// Gamma-Gamma spend (Fader &amp; Hardie 2013), for recovery tests, benchmarks and demos. Deterministic for a given seed.
/// </summary>
/// <remarks>
/// Per customer: λ ~ Gamma(r, rate α), p ~ Beta(a, b); from the first purchase at time 0, repeat purchases follow a
/// Poisson process with rate λ until T; after each repeat purchase the customer drops out with probability p.
/// Spend: ν ~ Gamma(q, rate γ), each repeat transaction ~ Gamma(p, rate ν), z̄ = their mean (0 when x = 0).
/// With <c>timeResolution</c> &gt; 0, tₓ is rounded down to a multiple of it (e.g. 1/7 for day-granular weeks) —
/// a mild approximation that makes histories repeat, as real day-granular data do; x is not changed, and tₓ is kept
/// at least one resolution step when x &gt; 0.
/// </remarks>
public static class BetaGeoSimulator
{
    /// <summary>Simulates one customer per entry of <paramref name="observationSpans"/>.</summary>
    /// <param name="parameters">True BG/NBD parameters.</param>
    /// <param name="observationSpans">T of each customer (model time units, ≥ 0).</param>
    /// <param name="seed">Random seed.</param>
    /// <param name="spend">Optional true Gamma-Gamma parameters; when null z̄ = 0 for everyone.</param>
    /// <param name="timeResolution">0 for continuous time, or the grid step for tₓ (model time units).</param>
    /// <returns>Histories with customer ids 1..n in input order.</returns>
    public static CustomerHistory[] Simulate(
        BetaGeoParameters parameters, IReadOnlyList<double> observationSpans, int seed,
        GammaGammaParameters? spend = null, double timeResolution = 0)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(observationSpans);
        if (!(timeResolution >= 0) || double.IsInfinity(timeResolution))
        {
            throw new ArgumentException("timeResolution must be finite and ≥ 0.", nameof(timeResolution));
        }
        var rng = new Random(seed);
        var result = new CustomerHistory[observationSpans.Count];
        for (var i = 0; i < result.Length; i++)
        {
            var t = observationSpans[i];
            if (!(t >= 0) || double.IsInfinity(t))
            {
                throw new ArgumentException($"observationSpans[{i}] must be finite and ≥ 0.", nameof(observationSpans));
            }
            var lambda = Gamma.Sample(rng, parameters.R, parameters.Alpha);
            var p = Beta.Sample(rng, parameters.A, parameters.B);
            int x = 0;
            double now = 0, last = 0;
            while (true)
            {
                now += -Math.Log(1 - rng.NextDouble()) / lambda;
                if (now > t)
                {
                    break;
                }
                x++;
                last = now;
                if (rng.NextDouble() < p)
                {
                    break;
                }
            }
            if (timeResolution > 0 && x > 0)
            {
                last = Math.Max(timeResolution, Math.Floor(last / timeResolution) * timeResolution);
                last = Math.Min(last, t);
            }
            double zbar = 0;
            if (spend is not null && x > 0)
            {
                var nu = Gamma.Sample(rng, spend.Q, spend.Gamma);
                double total = 0;
                for (var k = 0; k < x; k++)
                {
                    total += Gamma.Sample(rng, spend.P, nu);
                }
                zbar = total / x;
            }
            result[i] = new CustomerHistory(i + 1, x, x == 0 ? 0 : last, t, zbar);
        }
        return result;
    }
}
