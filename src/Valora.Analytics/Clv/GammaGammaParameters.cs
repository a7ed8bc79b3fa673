using System.Globalization;

namespace Valora.Analytics.Clv;

/// <summary>
/// Gamma-Gamma spend model parameters (Fader &amp; Hardie 2013, "The Gamma-Gamma Model of Monetary Value"; Colombo &amp;
/// Jiang 1999): each transaction value of a customer ~ Gamma(shape p, rate ν), and ν ~ Gamma(shape q, rate γ) across
/// customers. γ is in the currency unit of the spend; p and q are unitless. Log-parameter order: ln p, ln q, ln γ.
/// </summary>
public sealed record GammaGammaParameters
{
    /// <summary>Creates parameters; each must be finite and &gt; 0.</summary>
    public GammaGammaParameters(double p, double q, double gamma)
    {
        P = Positive(p, nameof(p));
        Q = Positive(q, nameof(q));
        Gamma = Positive(gamma, nameof(gamma));
    }

    /// <summary>Shape p of the per-transaction spend distribution.</summary>
    public double P { get; }

    /// <summary>Shape q of the customers' ν distribution.</summary>
    public double Q { get; }

    /// <summary>Rate γ of the customers' ν distribution (currency units).</summary>
    public double Gamma { get; }

    /// <summary>Fit report (LL, covariance of ln p, ln q, ln γ; standard errors of p, q, γ); null for given parameters.</summary>
    public FitDiagnostics? Diagnostics { get; init; }

    /// <summary>95 % intervals of p, q, γ (log-scale delta method); empty without a covariance.</summary>
    public IReadOnlyList<ParameterInterval> ConfidenceIntervals { get; init; } = [];

    /// <summary>ln p, ln q, ln γ.</summary>
    public IReadOnlyList<double> LogParameters => [Math.Log(P), Math.Log(Q), Math.Log(Gamma)];

    /// <summary>Builds parameters from ln p, ln q, ln γ.</summary>
    public static GammaGammaParameters FromLogParameters(IReadOnlyList<double> logParameters)
    {
        ArgumentNullException.ThrowIfNull(logParameters);
        if (logParameters.Count != 3)
        {
            throw new ArgumentException("Gamma-Gamma has 3 log-parameters (ln p, ln q, ln γ).", nameof(logParameters));
        }
        return new GammaGammaParameters(Math.Exp(logParameters[0]), Math.Exp(logParameters[1]), Math.Exp(logParameters[2]));
    }

    /// <summary>E[Z] = pγ/(q−1): the population mean spend per transaction (needs q &gt; 1).</summary>
    public double PopulationMeanSpend => Q > 1 ? P * Gamma / (Q - 1) : double.PositiveInfinity;

    /// <summary>
    /// E[Z | x, z̄] = p(γ + x·z̄)/(px + q − 1) (Fader &amp; Hardie 2013, eq. 5): a weighted average of the population mean
    /// pγ/(q−1) (weight (q−1)/(px+q−1)) and the customer's observed mean z̄ (weight px/(px+q−1)).
    /// </summary>
    /// <param name="repeatPurchases">x ≥ 0; for x = 0 the population mean is returned.</param>
    /// <param name="meanRepeatSpend">z̄ ≥ 0 (ignored when x = 0), currency units.</param>
    /// <exception cref="ArgumentException">x &lt; 0, z̄ negative or not finite, or q ≤ 1 with x = 0 (infinite mean).</exception>
    public double ConditionalExpectedSpend(int repeatPurchases, double meanRepeatSpend)
    {
        if (repeatPurchases < 0)
        {
            throw new ArgumentException("repeatPurchases must be ≥ 0.", nameof(repeatPurchases));
        }
        if (!(meanRepeatSpend >= 0) || double.IsInfinity(meanRepeatSpend))
        {
            throw new ArgumentException("meanRepeatSpend must be finite and ≥ 0.", nameof(meanRepeatSpend));
        }
        var x = repeatPurchases;
        var denominator = P * x + Q - 1;
        if (!(denominator > 0))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"E[Z | x = {x}] is infinite: p·x + q − 1 = {denominator} ≤ 0 (q = {Q} ≤ 1)."), nameof(repeatPurchases));
        }
        return P * (Gamma + x * (x == 0 ? 0 : meanRepeatSpend)) / denominator;
    }

    /// <summary><see cref="ConditionalExpectedSpend(int, double)"/> for a history's x and z̄.</summary>
    public double ConditionalExpectedSpend(in CustomerHistory history) =>
        ConditionalExpectedSpend(history.RepeatPurchases, history.MeanRepeatSpend);

    static double Positive(double value, string name) =>
        value > 0 && double.IsFinite(value)
            ? value
            : throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Gamma-Gamma parameter {name} must be finite and > 0 (was {value})."), name);

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"Gamma-Gamma p={P:G6} q={Q:G6} γ={Gamma:G6}");
}
