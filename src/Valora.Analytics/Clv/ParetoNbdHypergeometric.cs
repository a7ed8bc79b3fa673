namespace Valora.Analytics.Clv;

/// <summary>
/// The Gauss hypergeometric function in the form the Pareto/NBD likelihood needs after an Euler transformation:
/// H(b, c, z) = ₂F₁(1, b; c; z) = Σₖ zᵏ (b)ₖ / (c)ₖ with 0 &lt; b &lt; c and 0 ≤ z &lt; 1, together with its partial
/// derivatives in b, c and z (summed term by term).
/// </summary>
/// <remarks>
/// The Fader–Hardie–Lee (2005) note writes the likelihood with ₂F₁(r+s+x, s+1; r+s+x+1; z) (case α ≥ β) and
/// ₂F₁(r+s+x, r+x; r+s+x+1; z) (case α &lt; β). Euler's transformation
/// ₂F₁(a, b; c; z) = (1−z)^(c−a−b) ₂F₁(c−a, c−b; c; z) turns both into ₂F₁(1, ·; c; z) times an explicit power of
/// (1 − z); for c = a + 1 the first upper parameter becomes 1. The transformed series has only positive terms whose
/// ratio z(b+k)/(c+k) rises monotonically to z, so the tail after term k is bounded by t₍ₖ₊₁₎/(1 − z) (and similarly
/// for the derivative series): the loop stops on that rigorous bound, not on a small last term. Near z = 1 the
/// untransformed series diverges like (1−z)^(−s); the transformed one stays finite (its terms decay like
/// z^k k^(b−c)), it only needs more terms, and the evaluation gives up (NaN) after <see cref="MaxTerms"/> terms.
/// The likelihood therefore calls it only for z ≤ 0.6 (at most ~100 terms) and integrates numerically beyond.
/// </remarks>
internal static class ParetoNbdHypergeometric
{
    /// <summary>Terms after which the series is declared not convergent (only reached for z extremely close to 1).</summary>
    internal const int MaxTerms = 100_000;

    /// <summary>H and its partial derivatives ∂H/∂b, ∂H/∂c, ∂H/∂z; all NaN when the series did not converge.</summary>
    internal readonly record struct Value(double H, double DB, double DC, double DZ);

    /// <summary>Evaluates H(b, c, z) = ₂F₁(1, b; c; z) and its derivatives; requires 0 &lt; b &lt; c, 0 ≤ z &lt; 1.</summary>
    internal static Value Evaluate(double b, double c, double z)
    {
        const double relativeTolerance = 1e-16;
        double oneMinusZ = 1.0 - z;
        double h = 1.0, dB = 0.0, dC = 0.0, dZ = 0.0;
        double tz = b / c; // term k divided by z: zᵏ⁻¹ (b)ₖ/(c)ₖ, starting at k = 1
        double runB = 0.0, runC = 0.0; // Σ_{j<k} 1/(b+j), Σ_{j<k} 1/(c+j)
        for (int k = 1; k <= MaxTerms; k++)
        {
            runB += 1.0 / (b + k - 1);
            runC += 1.0 / (c + k - 1);
            double term = tz * z;
            h += term;
            dB += term * runB;
            dC -= term * runC;
            dZ += k * tz;
            double nextTz = tz * z * (b + k) / (c + k);
            // Tail bound: later terms shrink at least geometrically with ratio z; the derivative series carry an
            // extra factor growing at most linearly in the index (k) or like the harmonic sums (runB, runC).
            double tailFactor = ((k + 1) / oneMinusZ + 1.0 / (oneMinusZ * oneMinusZ)) * (1.0 + runB + runC);
            if (nextTz * tailFactor <= relativeTolerance * h)
            {
                return new Value(h, dB, dC, dZ);
            }
            tz = nextTz;
        }
        return new Value(double.NaN, double.NaN, double.NaN, double.NaN);
    }
}
