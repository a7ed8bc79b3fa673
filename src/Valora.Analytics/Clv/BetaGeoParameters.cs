using System.Globalization;

namespace Valora.Analytics.Clv;

/// <summary>
/// Fitted (or given) BG/NBD parameters (Fader, Hardie &amp; Lee 2005, "Counting Your Customers the Easy Way",
/// Marketing Science 24(2)) and the model's predictions. Immutable; predictions read only the parameters.
/// </summary>
/// <remarks>
/// While alive a customer buys as a Poisson process with rate λ ~ Gamma(shape r, rate α); after each repeat purchase
/// the customer drops out with probability p ~ Beta(a, b). Times (tₓ, T, horizons) are in the model time unit the
/// histories were built with (weeks by default), so α is in that unit too (r/α = mean purchase rate per unit).
/// Log-parameter order for <see cref="IPurchaseModel.LogParameters"/>: ln r, ln α, ln a, ln b.
/// </remarks>
public sealed record BetaGeoParameters : IPurchaseModel
{
    /// <summary>Creates parameters; each must be finite and &gt; 0.</summary>
    /// <param name="r">Shape of the purchase-rate gamma distribution.</param>
    /// <param name="alpha">Rate (scale⁻¹) of the purchase-rate gamma distribution, in model time units.</param>
    /// <param name="a">First shape of the dropout-probability beta distribution.</param>
    /// <param name="b">Second shape of the dropout-probability beta distribution.</param>
    /// <exception cref="ArgumentException">A parameter is not finite or not positive.</exception>
    public BetaGeoParameters(double r, double alpha, double a, double b)
    {
        R = Positive(r, nameof(r));
        Alpha = Positive(alpha, nameof(alpha));
        A = Positive(a, nameof(a));
        B = Positive(b, nameof(b));
    }

    /// <summary>Shape r of the purchase-rate distribution.</summary>
    public double R { get; }

    /// <summary>Rate α of the purchase-rate distribution (model time units).</summary>
    public double Alpha { get; }

    /// <summary>Beta shape a of the dropout probability.</summary>
    public double A { get; }

    /// <summary>Beta shape b of the dropout probability.</summary>
    public double B { get; }

    /// <summary>Fit report (log-likelihood, covariance, standard errors of r, α, a, b); null for given parameters.</summary>
    public FitDiagnostics? Diagnostics { get; init; }

    /// <summary>95 % intervals of r, α, a, b (log-scale delta method); empty without a covariance.</summary>
    public IReadOnlyList<ParameterInterval> ConfidenceIntervals { get; init; } = [];

    /// <inheritdoc />
    public string Kind => "bgnbd";

    /// <inheritdoc />
    public IReadOnlyList<double> LogParameters => [Math.Log(R), Math.Log(Alpha), Math.Log(A), Math.Log(B)];

    /// <summary>Builds parameters from ln r, ln α, ln a, ln b.</summary>
    public static BetaGeoParameters FromLogParameters(IReadOnlyList<double> logParameters)
    {
        ArgumentNullException.ThrowIfNull(logParameters);
        if (logParameters.Count != 4)
        {
            throw new ArgumentException("BG/NBD has 4 log-parameters (ln r, ln α, ln a, ln b).", nameof(logParameters));
        }
        return new BetaGeoParameters(
            Math.Exp(logParameters[0]), Math.Exp(logParameters[1]), Math.Exp(logParameters[2]), Math.Exp(logParameters[3]));
    }

    /// <inheritdoc />
    public IPurchaseModel WithLogParameters(IReadOnlyList<double> logParameters) => FromLogParameters(logParameters);

    /// <summary>
    /// P(alive at T | x, tₓ, T) = 1 / (1 + δ(x&gt;0) · a/(b+x−1) · ((α+T)/(α+tₓ))^(r+x)) (FHL 2005 eq. 13 / Fader,
    /// Hardie &amp; Lee 2008 note "Computing P(alive)"). 1 when x = 0: in BG/NBD dropout happens only after a repeat purchase.
    /// </summary>
    public double ProbabilityAlive(in CustomerHistory history)
    {
        HistoryValidation.Check(history, 0, nameof(history));
        return ProbabilityAlive(history.RepeatPurchases, history.RepeatSpan, history.ObservationSpan);
    }

    internal double ProbabilityAlive(int x, double tx, double t)
    {
        if (x == 0)
        {
            return 1;
        }
        var logOdds = Math.Log(A) - Math.Log(B + x - 1) + (R + x) * (Math.Log(Alpha + t) - Math.Log(Alpha + tx));
        return 1 / (1 + Math.Exp(logOdds));
    }

    /// <summary>
    /// E[Y(t) | x, tₓ, T] (FHL 2005 eq. 10): expected repeat purchases in (T, T + t]
    /// = (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) · ₂F₁(r+x, b+x; a+b+x−1; t/(α+T+t))] · P(alive).
    /// </summary>
    /// <param name="history">The customer's (x, tₓ, T).</param>
    /// <param name="horizon">t ≥ 0 in model time units.</param>
    /// <remarks>At a = 1 the factor is 0/0; within |a − 1| &lt; 1e-6 the value is the mean at a = 1 ± 1e-6.</remarks>
    public double ExpectedPurchases(in CustomerHistory history, double horizon)
    {
        HistoryValidation.Check(history, 0, nameof(history));
        CheckHorizon(horizon, nameof(horizon));
        return ExpectedPurchases(history.RepeatPurchases, history.RepeatSpan, history.ObservationSpan, horizon);
    }

    internal double ExpectedPurchases(int x, double tx, double t, double horizon)
    {
        if (horizon == 0)
        {
            return 0;
        }
        var alive = ProbabilityAlive(x, tx, t);
        return ConditionalFactor(x, t, horizon) * alive;
    }

    /// <summary>
    /// E[X(t)] (FHL 2005 eq. 7): expected repeat purchases of a customer in the first t time units after the first
    /// purchase = (a+b−1)/(a−1) · [1 − (α/(α+t))^r · ₂F₁(r, b; a+b−1; t/(α+t))].
    /// </summary>
    /// <param name="t">Time since the first purchase, ≥ 0, model time units.</param>
    /// <remarks>Needs a + b &gt; 1 (the ₂F₁ lower parameter); otherwise an <see cref="ArgumentOutOfRangeException"/>.</remarks>
    public double ExpectedPurchasesOfNewCustomer(double t)
    {
        CheckHorizon(t, nameof(t));
        return t == 0 ? 0 : ConditionalFactor(0, 0, t);
    }

    // (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) · 2F1(r+x, b+x; a+b+x−1; t/(α+T+t))].
    double ConditionalFactor(int x, double observation, double t)
    {
        if (Math.Abs(A - 1) < 1e-6)
        {
            return 0.5 * (Factor(1 - 1e-6) + Factor(1 + 1e-6));
        }
        return Factor(A);

        double Factor(double a)
        {
            var rx = R + x;
            var bx = B + x;
            var c = a + B + x - 1;
            var span = Alpha + observation;
            var z = t / (span + t);
            if (c <= 0)
            {
                // x = 0 with a + b < 1: c < 0, the series is signed and moderate (a near 1 − b is handled like a near 1).
                if (Math.Abs(c) < 1e-6)
                {
                    return 0.5 * (Factor(a - 2e-6) + Factor(a + 2e-6));
                }
                var value = Math.Exp(-rx * Math.Log(1 + t / span)) * Hypergeometric.SignedSeries2F1(rx, bx, c, z);
                return c / (a - 1) * (1 - value);
            }
            // ln of ((α+T)/(α+T+t))^(r+x) · 2F1: log1p keeps precision for short horizons.
            var log = -rx * Math.Log(1 + t / span) + Hypergeometric.Log2F1(rx, bx, c, z);
            return c / (a - 1) * -double.ExpM1(log);
        }
    }

    static void CheckHorizon(double t, string name)
    {
        if (!(t >= 0) || double.IsInfinity(t))
        {
            throw new ArgumentOutOfRangeException(name, t, "The horizon must be finite and ≥ 0 (model time units).");
        }
    }

    static double Positive(double value, string name) =>
        value > 0 && double.IsFinite(value)
            ? value
            : throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"BG/NBD parameter {name} must be finite and > 0 (was {value})."), name);

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"BG/NBD r={R:G6} α={Alpha:G6} a={A:G6} b={B:G6}");
}
