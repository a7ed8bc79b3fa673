using System.Globalization;

namespace Valora.Analytics.Clv;

/// <summary>
/// Fitted (or hand-written) Pareto/NBD parameters (Schmittlein, Morrison &amp; Colombo 1987): while alive a customer
/// buys as a Poisson process with rate λ ~ Gamma(shape r, rate α) and dies after an exponential lifetime with rate
/// μ ~ Gamma(shape s, rate β). Predictions are closed-form functions of the four parameters (Fader, Hardie &amp; Lee
/// 2005, "A Note on Deriving the Pareto/NBD Model and Related Expressions"). Times are in the model time unit
/// (weeks when histories are built with days / 7); α and β are in that unit, r and s are unitless.
/// </summary>
public sealed record ParetoNbdModel : IPurchaseModel
{
    /// <summary>Creates the model; every parameter must be finite and &gt; 0.</summary>
    /// <param name="r">Shape of the purchase-rate gamma (unitless, &gt; 0).</param>
    /// <param name="alpha">Rate (inverse scale) of the purchase-rate gamma, in time units (&gt; 0).</param>
    /// <param name="s">Shape of the dropout-rate gamma (unitless, &gt; 0).</param>
    /// <param name="beta">Rate of the dropout-rate gamma, in time units (&gt; 0).</param>
    /// <exception cref="ArgumentException">A parameter is not finite and positive.</exception>
    public ParetoNbdModel(double r, double alpha, double s, double beta)
    {
        R = Positive(r, nameof(r));
        Alpha = Positive(alpha, nameof(alpha));
        S = Positive(s, nameof(s));
        Beta = Positive(beta, nameof(beta));
    }

    /// <summary>Shape r of the purchase-rate distribution.</summary>
    public double R { get; }

    /// <summary>Rate α of the purchase-rate distribution (time units).</summary>
    public double Alpha { get; }

    /// <summary>Shape s of the dropout-rate distribution.</summary>
    public double S { get; }

    /// <summary>Rate β of the dropout-rate distribution (time units).</summary>
    public double Beta { get; }

    /// <inheritdoc />
    public string Kind => "paretonbd";

    /// <summary>ln r, ln α, ln s, ln β (the optimiser's coordinates), in that order.</summary>
    public IReadOnlyList<double> LogParameters => [Math.Log(R), Math.Log(Alpha), Math.Log(S), Math.Log(Beta)];

    /// <summary>Builds the model from ln r, ln α, ln s, ln β.</summary>
    public static ParetoNbdModel FromLogParameters(IReadOnlyList<double> logParameters)
    {
        ArgumentNullException.ThrowIfNull(logParameters);
        if (logParameters.Count != 4)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"The Pareto/NBD has 4 log-parameters (ln r, ln alpha, ln s, ln beta) but {logParameters.Count} were given."),
                nameof(logParameters));
        }
        return new ParetoNbdModel(Math.Exp(logParameters[0]), Math.Exp(logParameters[1]), Math.Exp(logParameters[2]), Math.Exp(logParameters[3]));
    }

    /// <inheritdoc />
    public IPurchaseModel WithLogParameters(IReadOnlyList<double> logParameters) => FromLogParameters(logParameters);

    /// <summary>
    /// P(alive at T | x, tₓ, T) = E / (E + s·I) in the notation of <see cref="ParetoNbdLikelihood"/>
    /// (the note's eq. (18)). Equals 1 when tₓ = T (a purchase at the end of observation); in (0, 1] otherwise.
    /// </summary>
    /// <exception cref="ArgumentException">The history is invalid (negative spans, tₓ &gt; T, tₓ ≠ 0 with x = 0).</exception>
    public double ProbabilityAlive(in CustomerHistory history)
    {
        ParetoNbdLikelihood.ValidateOne(history);
        var b = ParetoNbdLikelihood.Bracket(R, Alpha, S, Beta, history.RepeatPurchases, history.RepeatSpan,
            history.ObservationSpan, withGradient: false);
        return Math.Min(1.0, Math.Exp(b.LogSurvival - b.LogTotal));
    }

    /// <summary>
    /// E[Y(t) | x, tₓ, T] = (r+x)(β+T) / ((α+T)(s−1)) · [1 − ((β+T)/(β+T+t))^(s−1)] · P(alive)
    /// (the note's eq. (21)); the s = 1 limit (r+x)(β+T)/(α+T) · ln(1 + t/(β+T)) is taken smoothly.
    /// </summary>
    /// <param name="history">The customer's calibration history.</param>
    /// <param name="horizon">t: length of the prediction window after T, in time units (finite, ≥ 0).</param>
    public double ExpectedPurchases(in CustomerHistory history, double horizon)
    {
        CheckHorizon(horizon, nameof(horizon));
        double alive = ProbabilityAlive(history);
        double bt = Beta + history.ObservationSpan;
        return (R + history.RepeatPurchases) * bt / (Alpha + history.ObservationSpan)
            * PowerIntegral(S - 1.0, horizon / bt) * alive;
    }

    /// <summary>
    /// E[X(t)] = rβ / (α(s−1)) · [1 − (β/(β+t))^(s−1)] (the note's eq. (17)): expected repeat purchases of a new
    /// customer in (0, t]; the s = 1 limit (rβ/α) ln(1 + t/β) is taken smoothly.
    /// </summary>
    /// <param name="t">Time since the first purchase, in time units (finite, ≥ 0).</param>
    public double ExpectedPurchasesOfNewCustomer(double t)
    {
        CheckHorizon(t, nameof(t));
        return R * Beta / Alpha * PowerIntegral(S - 1.0, t / Beta);
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"Pareto/NBD(r = {R:G6}, alpha = {Alpha:G6}, s = {S:G6}, beta = {Beta:G6})");

    /// <summary>[1 − (1+u)^−k] / k, continuous at k = 0 where it is ln(1+u).</summary>
    static double PowerIntegral(double k, double u)
    {
        // .NET's LogP1/ExpM1 are plain Log(1+x)/Exp(x)−1, so short series are used near 0 to keep full precision.
        double l = u < 1e-4 ? u * (1.0 - (u * ((1.0 / 2.0) - (u / 3.0)))) : Math.Log(1.0 + u);
        double y = -k * l;
        if (Math.Abs(y) < 1e-5)
        {
            // [1 − e^y]/k with e^y − 1 = y(1 + y/2 + y²/6): the k in y cancels, giving l(1 + y/2 + y²/6).
            return l * (1.0 + (y * ((1.0 / 2.0) + (y / 6.0))));
        }
        return -(Math.Exp(y) - 1.0) / k;
    }

    static void CheckHorizon(double t, string name)
    {
        if (!double.IsFinite(t) || t < 0)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The horizon must be finite and >= 0 but is {t}."), name);
        }
    }

    static double Positive(double value, string name) => double.IsFinite(value) && value > 0
        ? value
        : throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Pareto/NBD parameter {name} must be finite and > 0 but is {value}."), name);
}
