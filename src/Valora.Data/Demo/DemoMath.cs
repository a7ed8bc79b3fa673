namespace Valora.Data.Demo;

/// <summary>Small special functions for standardising latent traits (no package needed for these two).</summary>
internal static class DemoMath
{
    /// <summary>Digamma ψ(x), x &gt; 0: recurrence up to x ≥ 6, then the asymptotic series (Abramowitz &amp; Stegun 6.3.18).</summary>
    public static double Digamma(double x)
    {
        var result = 0.0;
        while (x < 6)
        {
            result -= 1 / x;
            x += 1;
        }
        var f = 1 / (x * x);
        return result + Math.Log(x) - 0.5 / x - f * (1.0 / 12 - f * (1.0 / 120 - f * (1.0 / 252 - f * (1.0 / 240 - f / 132))));
    }

    /// <summary>Trigamma ψ'(x), x &gt; 0: recurrence up to x ≥ 6, then the asymptotic series (A&amp;S 6.4.12).</summary>
    public static double Trigamma(double x)
    {
        var result = 0.0;
        while (x < 6)
        {
            result += 1 / (x * x);
            x += 1;
        }
        var f = 1 / (x * x);
        return result + 1 / x + f / 2 + f / x * (1.0 / 6 - f * (1.0 / 30 - f * (1.0 / 42 - f / 30)));
    }

    public static double Logistic(double x) => 1 / (1 + Math.Exp(-x));
}
