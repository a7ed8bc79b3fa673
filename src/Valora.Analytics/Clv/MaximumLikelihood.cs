using MathNet.Numerics.LinearAlgebra;

namespace Valora.Analytics.Clv;

/// <summary>An objective f(θ) that also writes its gradient ∇f(θ) into <c>gradient</c>.</summary>
internal delegate double GradientObjective(ReadOnlySpan<double> theta, Span<double> gradient);

/// <summary>
/// The small optimiser and inference helpers shared by the CLV fitters: BFGS with a backtracking (Armijo) line search on
/// the log-parameters, a numerical Hessian from the analytic gradient, and the inverse observed information.
/// </summary>
internal static class MaximumLikelihood
{
    internal readonly record struct Result(double[] Theta, double Value, int Iterations, bool Converged, double GradientNorm);

    /// <summary>
    /// With hundreds of thousands of customers the mean objective's gradient cannot be pushed below ~1e-7 by floating
    /// point (seen on Gamma-Gamma at 200k customers); a gradient within this factor of the tolerance while the objective
    /// no longer changes is convergence. With the default tolerance (1e-9) that is 1e-6 on the mean log-likelihood's
    /// gradient, a parameter error orders of magnitude below the standard errors.
    /// </summary>
    public const double NoiseFloorFactor = 1000;

    /// <summary>Minimises <paramref name="f"/> from <paramref name="start"/> until max |∇f| ≤ <paramref name="tolerance"/>.</summary>
    /// <remarks>Steps are capped at length 2 in θ (log-parameters: a factor e² per step) so that a poor first step
    /// cannot overflow the likelihood; trial points with a non-finite value are treated as worse.</remarks>
    public static Result MinimizeBfgs(GradientObjective f, double[] start, double tolerance, int maxIterations)
    {
        var n = start.Length;
        var x = (double[])start.Clone();
        var g = new double[n];
        var fx = f(x, g);
        if (!double.IsFinite(fx) || !AllFinite(g))
        {
            return new Result(x, fx, 0, false, double.NaN);
        }
        var h = Identity(n);
        var xNew = new double[n];
        var gNew = new double[n];
        var d = new double[n];
        var s = new double[n];
        var y = new double[n];
        var hy = new double[n];
        var resetOnce = false;
        var stalled = 0;
        for (var it = 1; it <= maxIterations; it++)
        {
            if (MaxAbs(g) <= tolerance)
            {
                return new Result(x, fx, it - 1, true, MaxAbs(g));
            }
            // d = −H g; fall back to steepest descent when d is not a descent direction.
            var slope = 0.0;
            for (var i = 0; i < n; i++)
            {
                var sum = 0.0;
                for (var j = 0; j < n; j++)
                {
                    sum -= h[i, j] * g[j];
                }
                d[i] = sum;
                slope += sum * g[i];
            }
            if (!(slope < 0))
            {
                h = Identity(n);
                for (var i = 0; i < n; i++)
                {
                    d[i] = -g[i];
                }
                slope = -Dot(g, g);
            }
            var length = Math.Sqrt(Dot(d, d));
            var step = length > 2 ? 2 / length : 1.0;
            double fNew = double.NaN;
            var accepted = false;
            for (var k = 0; k < 60; k++)
            {
                for (var i = 0; i < n; i++)
                {
                    xNew[i] = x[i] + step * d[i];
                }
                fNew = f(xNew, gNew);
                if (double.IsFinite(fNew) && AllFinite(gNew) && fNew <= fx + 1e-4 * step * slope)
                {
                    accepted = true;
                    break;
                }
                step *= 0.5;
            }
            if (!accepted)
            {
                if (resetOnce)
                {
                    // No decrease possible along −∇f either: at the optimum to machine precision, or stuck.
                    var gn = MaxAbs(g);
                    return new Result(x, fx, it, gn <= 100 * tolerance, gn);
                }
                resetOnce = true;
                h = Identity(n);
                continue;
            }
            resetOnce = false;
            // At the floor of floating-point resolution of f the Armijo test accepts noise; a run of negligible
            // decreases with an almost-zero gradient is convergence, not a failure.
            stalled = fx - fNew <= 1e-14 * (1 + Math.Abs(fx)) ? stalled + 1 : 0;
            if (stalled >= 5 && MaxAbs(gNew) <= NoiseFloorFactor * tolerance)
            {
                return new Result(xNew, fNew, it, true, MaxAbs(gNew));
            }
            for (var i = 0; i < n; i++)
            {
                s[i] = xNew[i] - x[i];
                y[i] = gNew[i] - g[i];
            }
            var sy = Dot(s, y);
            if (sy > 1e-12 * Math.Sqrt(Dot(s, s) * Dot(y, y)))
            {
                if (it == 1)
                {
                    // Scale the initial inverse Hessian (Nocedal & Wright eq. 6.20).
                    var scale = sy / Dot(y, y);
                    for (var i = 0; i < n; i++)
                    {
                        h[i, i] = scale;
                    }
                }
                // H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ, ρ = 1 / sᵀy.
                var rho = 1 / sy;
                for (var i = 0; i < n; i++)
                {
                    var sum = 0.0;
                    for (var j = 0; j < n; j++)
                    {
                        sum += h[i, j] * y[j];
                    }
                    hy[i] = sum;
                }
                var yhy = Dot(y, hy);
                for (var i = 0; i < n; i++)
                {
                    for (var j = 0; j < n; j++)
                    {
                        h[i, j] += -rho * (hy[i] * s[j] + s[i] * hy[j]) + (rho * rho * yhy + rho) * s[i] * s[j];
                    }
                }
            }
            Array.Copy(xNew, x, n);
            Array.Copy(gNew, g, n);
            fx = fNew;
        }
        var gFinal = MaxAbs(g);
        return new Result(x, fx, maxIterations, gFinal <= tolerance || (stalled >= 5 && gFinal <= NoiseFloorFactor * tolerance), gFinal);
    }

    /// <summary>
    /// Hessian of a function by central differences of its analytic gradient (step 1e-5 per coordinate), symmetrised.
    /// </summary>
    public static double[,] Hessian(GradientObjective f, double[] theta)
    {
        var n = theta.Length;
        var hess = new double[n, n];
        var plus = new double[n];
        var minus = new double[n];
        var point = (double[])theta.Clone();
        for (var j = 0; j < n; j++)
        {
            var step = 1e-5 * Math.Max(1, Math.Abs(theta[j]));
            point[j] = theta[j] + step;
            f(point, plus);
            point[j] = theta[j] - step;
            f(point, minus);
            point[j] = theta[j];
            for (var i = 0; i < n; i++)
            {
                hess[i, j] = (plus[i] - minus[i]) / (2 * step);
            }
        }
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < i; j++)
            {
                var avg = 0.5 * (hess[i, j] + hess[j, i]);
                hess[i, j] = avg;
                hess[j, i] = avg;
            }
        }
        return hess;
    }

    /// <summary>
    /// Covariance of the log-parameters = inverse of the Hessian of the total negative log-likelihood; null when that
    /// Hessian is not positive definite (the optimum is not a strict maximum, e.g. a parameter ran to a boundary).
    /// </summary>
    public static double[,]? InverseObservedInformation(double[,] negLogLikelihoodHessian)
    {
        try
        {
            var m = Matrix<double>.Build.DenseOfArray(negLogLikelihoodHessian);
            var chol = m.Cholesky();
            var inv = chol.Solve(Matrix<double>.Build.DenseIdentity(m.RowCount));
            var result = inv.ToArray();
            foreach (var v in result)
            {
                if (!double.IsFinite(v))
                {
                    return null;
                }
            }
            return result;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Natural-scale standard errors by the delta method: SE(θₖ) = θₖ · SE(ln θₖ). NaN without covariance.</summary>
    public static double[] NaturalStandardErrors(double[] logTheta, double[,]? covariance)
    {
        var se = new double[logTheta.Length];
        for (var i = 0; i < se.Length; i++)
        {
            se[i] = covariance is null ? double.NaN : Math.Exp(logTheta[i]) * Math.Sqrt(covariance[i, i]);
        }
        return se;
    }

    /// <summary>95 % intervals exp(ln θₖ ± 1.959964 · SE(ln θₖ)): the delta-method interval on the log scale mapped
    /// back, so it stays positive. Empty without covariance.</summary>
    public static IReadOnlyList<ParameterInterval> Intervals(double[] logTheta, double[,]? covariance)
    {
        if (covariance is null)
        {
            return [];
        }
        const double z = 1.959963984540054;
        var result = new ParameterInterval[logTheta.Length];
        for (var i = 0; i < result.Length; i++)
        {
            var se = Math.Sqrt(covariance[i, i]);
            result[i] = new ParameterInterval(Math.Exp(logTheta[i] - z * se), Math.Exp(logTheta[i] + z * se));
        }
        return result;
    }

    internal static double[,] Identity(int n)
    {
        var h = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            h[i, i] = 1;
        }
        return h;
    }

    internal static double Dot(double[] a, double[] b)
    {
        var s = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            s += a[i] * b[i];
        }
        return s;
    }

    internal static double MaxAbs(double[] a)
    {
        var m = 0.0;
        foreach (var v in a)
        {
            m = Math.Max(m, Math.Abs(v));
        }
        return m;
    }

    static bool AllFinite(double[] a)
    {
        foreach (var v in a)
        {
            if (!double.IsFinite(v))
            {
                return false;
            }
        }
        return true;
    }
}
