namespace Valora.Analytics.Clv;

/// <summary>Gauss hypergeometric function ₂F₁ for the argument range the BG/NBD predictions need.</summary>
public static class Hypergeometric
{
    /// <summary>Most series terms summed before giving up (reached only for z extremely close to 1).</summary>
    public const int MaxTerms = 5_000_000;

    /// <summary>
    /// ln ₂F₁(a, b; c; z) by the power series Σ (a)ₙ(b)ₙ / ((c)ₙ n!) zⁿ (Abramowitz &amp; Stegun 15.1.1), summed with
    /// rescaling so that very large values (large a, b, as for customers with many purchases) do not overflow.
    /// </summary>
    /// <param name="a">First upper parameter, &gt; 0.</param>
    /// <param name="b">Second upper parameter, &gt; 0.</param>
    /// <param name="c">Lower parameter, &gt; 0.</param>
    /// <param name="z">Argument in [0, 1). Convergence is geometric in z, so about ln(ε)/ln(z) terms are needed
    /// (≈ 7,000 at z = 0.995); past <see cref="MaxTerms"/> an <see cref="ArithmeticException"/> is thrown.</param>
    /// <remarks>With positive parameters and z ≥ 0 every term is positive, so the sum has no cancellation.</remarks>
    public static double Log2F1(double a, double b, double c, double z)
    {
        if (!(a > 0 && b > 0 && c > 0) || !(z >= 0 && z < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(z), "Log2F1 needs a, b, c > 0 and 0 ≤ z < 1.");
        }
        if (z == 0)
        {
            return 0;
        }
        const double rescale = 1e250;
        const double logRescale = 575.64627324851142; // ln(1e250)
        double sum = 1, term = 1, logScale = 0;
        double an = a, bn = b, cn = c, n1 = 1;
        var ratio = an * bn * z / (cn * n1);
        for (var n = 0; n < MaxTerms; n++)
        {
            term *= ratio;
            sum += term;
            an += 1;
            bn += 1;
            cn += 1;
            n1 += 1;
            ratio = an * bn * z / (cn * n1);
            if (sum > rescale)
            {
                sum /= rescale;
                term /= rescale;
                logScale += logRescale;
            }
            // Once the term ratio is below 1 it tends to z monotonically, so the tail is about term·q/(1 − q).
            if (ratio < 1 && term * ratio < 1e-16 * (1 - ratio) * sum)
            {
                return Math.Log(sum) + logScale;
            }
        }
        throw new ArithmeticException(
            $"2F1({a}, {b}; {c}; {z}) did not converge in {MaxTerms} terms: z is too close to 1 (horizon far beyond the data).");
    }

    /// <summary>
    /// ₂F₁(a, b; c; z) as a signed value, for a, b &gt; 0 and a <b>negative, non-integer</b> c (BG/NBD with x = 0 and
    /// a + b &lt; 1 gives c = a + b − 1 ∈ (−1, 0)). The power series Σ (a)ₙ(b)ₙ/((c)ₙ n!) zⁿ converges for |z| &lt; 1 whatever
    /// the sign of c; its terms change sign only while c + n &lt; 0. No rescaling: the callers' values are moderate.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">c is 0 or a negative integer (the function has a pole), or z ∉ [0, 1).</exception>
    public static double SignedSeries2F1(double a, double b, double c, double z)
    {
        if (!(a > 0 && b > 0) || !(z >= 0 && z < 1) || (c <= 0 && Math.Abs(c - Math.Round(c)) < 1e-12))
        {
            throw new ArgumentOutOfRangeException(nameof(c), "SignedSeries2F1 needs a, b > 0, c not 0 or a negative integer, and 0 ≤ z < 1.");
        }
        double sum = 1, term = 1;
        for (var n = 0; n < MaxTerms; n++)
        {
            var ratio = (a + n) * (b + n) * z / ((c + n) * (n + 1));
            term *= ratio;
            sum += term;
            // Past the sign changes the ratio tends to z from above; stop once the geometric tail bound is negligible.
            if (c + n > 0 && Math.Abs(ratio) < 1 && Math.Abs(term * ratio) < 1e-16 * (1 - Math.Abs(ratio)) * Math.Abs(sum))
            {
                return sum;
            }
        }
        throw new ArithmeticException(
            $"2F1({a}, {b}; {c}; {z}) did not converge in {MaxTerms} terms: z is too close to 1 (horizon far beyond the data).");
    }
}
