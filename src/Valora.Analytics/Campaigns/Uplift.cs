using MathNet.Numerics.Distributions;

namespace Valora.Analytics.Campaigns;

/// <summary>
/// The difference treatment − control of one measure, with its normal-approximation 95 % interval and two-sided
/// p-value. For a rate: the Wald interval of a difference of two independent proportions,
/// SE = √(p₁(1−p₁)/n₁ + p₀(1−p₀)/n₀); for a mean (revenue per member): Welch's standard error √(s₁²/n₁ + s₀²/n₀)
/// with sample variances. Both are the large-sample intervals campaign analysts quote; with fewer than about 30
/// members per group or rates near 0 or 1 they are approximate and <see cref="CampaignResult.SmallSample"/> says so.
/// </summary>
/// <param name="Treatment">The measure in the treatment (contacted) group.</param>
/// <param name="Control">The measure in the control group.</param>
/// <param name="Difference">Treatment − control (absolute uplift).</param>
/// <param name="StandardError">Standard error of the difference.</param>
/// <param name="Lower">Lower end of the 95 % interval.</param>
/// <param name="Upper">Upper end of the 95 % interval.</param>
/// <param name="PValue">Two-sided p-value of "no difference" (NaN when the standard error is 0).</param>
public sealed record Uplift(
    double Treatment, double Control, double Difference, double StandardError, double Lower, double Upper, double PValue)
{
    /// <summary>The 0.975 quantile of the standard normal: the half-width factor of a 95 % interval.</summary>
    public const double Z95 = 1.959963984540054;

    /// <summary>Relative uplift, difference ÷ control (NaN when the control measure is 0).</summary>
    public double Relative => Control == 0 ? double.NaN : Difference / Control;

    /// <summary>True when the 95 % interval excludes 0.</summary>
    public bool Significant => Lower > 0 || Upper < 0;

    /// <summary>Uplift of a rate: <paramref name="x1"/> of <paramref name="n1"/> treated vs <paramref name="x0"/> of <paramref name="n0"/> controls.</summary>
    public static Uplift OfProportions(long x1, long n1, long x0, long n0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n1, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(n0, 1);
        double p1 = (double)x1 / n1, p0 = (double)x0 / n0;
        var se = Math.Sqrt(p1 * (1 - p1) / n1 + p0 * (1 - p0) / n0);
        return Create(p1, p0, se);
    }

    /// <summary>Uplift of a mean, from each group's mean, sample variance (n − 1) and size.</summary>
    public static Uplift OfMeans(double mean1, double variance1, long n1, double mean0, double variance0, long n0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n1, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(n0, 1);
        var se = Math.Sqrt(variance1 / n1 + variance0 / n0);
        return Create(mean1, mean0, se);
    }

    static Uplift Create(double treatment, double control, double se)
    {
        var d = treatment - control;
        var p = se > 0 ? 2 * (1 - Normal.CDF(0, 1, Math.Abs(d) / se)) : double.NaN;
        return new Uplift(treatment, control, d, se, d - Z95 * se, d + Z95 * se, p);
    }
}
