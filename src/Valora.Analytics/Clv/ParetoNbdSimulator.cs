using System.Globalization;
using MathNet.Numerics.Distributions;

namespace Valora.Analytics.Clv;

/// <summary>
/// Draws customer histories from a Pareto/NBD: per customer λ ~ Gamma(r, rate α), μ ~ Gamma(s, rate β), a lifetime
/// τ ~ Exponential(μ) after the first purchase, and Poisson(λ) repeat purchases while alive, observed until the end of
/// a calibration period. Used for recovery tests and benchmarks; deterministic for a given seed.
/// </summary>
public static class ParetoNbdSimulator
{
    /// <summary>Simulates <paramref name="customers"/> histories with ids 1..customers.</summary>
    /// <param name="model">The true parameters.</param>
    /// <param name="customers">Number of customers (&gt; 0).</param>
    /// <param name="cohortSpan">First purchases fall uniformly in [0, cohortSpan) time units (&gt; 0).</param>
    /// <param name="calibrationSpan">End of calibration, in time units from the cohort start (≥ cohortSpan); T = calibrationSpan − first purchase.</param>
    /// <param name="seed">Random seed.</param>
    /// <param name="stepsPerUnit">Null: continuous time (exactly the model). Otherwise the clock ticks this many times per
    /// unit (7 = days when the unit is weeks): first purchases and purchases are placed on ticks, several purchases in one
    /// tick count once and spans are whole ticks / stepsPerUnit, as with real daily data.</param>
    public static CustomerHistory[] Simulate(ParetoNbdModel model, int customers, double cohortSpan, double calibrationSpan, int seed, int? stepsPerUnit = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (customers <= 0)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"customers must be > 0 but is {customers}."), nameof(customers));
        }
        if (!(cohortSpan > 0) || !double.IsFinite(cohortSpan) || !(calibrationSpan >= cohortSpan) || !double.IsFinite(calibrationSpan))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"Need 0 < cohortSpan <= calibrationSpan, both finite (got {cohortSpan}, {calibrationSpan})."), nameof(cohortSpan));
        }
        if (stepsPerUnit is <= 0)
        {
            throw new ArgumentException("stepsPerUnit must be > 0 when given.", nameof(stepsPerUnit));
        }
        var random = new Random(seed);
        var result = new CustomerHistory[customers];
        for (int c = 0; c < customers; c++)
        {
            double lambda = Gamma.Sample(random, model.R, model.Alpha);
            double mu = Gamma.Sample(random, model.S, model.Beta);
            double first = random.NextDouble() * cohortSpan;
            double lifetime = mu > 0 ? Exponential.Sample(random, mu) : double.PositiveInfinity;
            if (stepsPerUnit is int k)
            {
                long firstTick = (long)Math.Floor(first * k);
                long endTick = (long)Math.Round(calibrationSpan * k);
                double phase = (first * k) - firstTick; // time of day of the first purchase, in ticks
                long observed = endTick - firstTick;   // last tick offset still in calibration
                double window = Math.Min(lifetime, (observed + 1 - phase) / k);
                long lastOffset = 0;
                int x = 0;
                double t = 0;
                while (lambda > 0)
                {
                    t += Exponential.Sample(random, lambda);
                    if (t >= window)
                    {
                        break;
                    }
                    long offset = (long)Math.Floor(phase + (t * k));
                    if (offset > lastOffset && offset <= observed)
                    {
                        x++;
                        lastOffset = offset;
                    }
                }
                result[c] = new CustomerHistory(c + 1, x, (double)lastOffset / k, (double)observed / k);
            }
            else
            {
                double observed = calibrationSpan - first;
                double window = Math.Min(lifetime, observed);
                int x = 0;
                double t = 0, last = 0;
                while (lambda > 0)
                {
                    t += Exponential.Sample(random, lambda);
                    if (t >= window)
                    {
                        break;
                    }
                    x++;
                    last = t;
                }
                result[c] = new CustomerHistory(c + 1, x, last, observed);
            }
        }
        return result;
    }
}
