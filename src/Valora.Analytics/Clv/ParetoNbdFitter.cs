using System.Globalization;
using MathNet.Numerics.LinearAlgebra;

namespace Valora.Analytics.Clv;

/// <summary>
/// Maximum-likelihood fitting of the Pareto/NBD (Schmittlein, Morrison &amp; Colombo 1987) with the likelihood of
/// Fader, Hardie &amp; Lee (2005, "A Note on Deriving the Pareto/NBD Model and Related Expressions").
/// </summary>
/// <remarks>
/// Histories are compressed to distinct (x, tₓ, T) groups and the likelihood is weighted by the group counts, so the
/// cost of one evaluation grows with the number of distinct histories, not customers. The optimiser is BFGS with an
/// Armijo backtracking line search on the log-parameters (ln r, ln α, ln s, ln β), using the analytic gradient of
/// <see cref="ParetoNbdLikelihood"/>; a trial point whose likelihood is not finite counts as too long a step.
/// Standard errors come from the observed information (the negative Hessian of the total log-likelihood in the
/// log-parameters, by central differences of the analytic gradient) and are carried to the natural scale by the delta
/// method. The Pareto/NBD surface is flat along (s, β) when few customers have visibly dropped out: expect wide
/// intervals for s and β there.
/// </remarks>
public sealed class ParetoNbdFitter(ParetoNbdOptions? options = null)
{
    static readonly string[] Names = ["r", "alpha", "s", "beta"];

    /// <summary>|ln p| beyond this (p outside [2e-9, 5e8]) means the optimum is at the boundary, not an estimate.</summary>
    const double BoundaryLogParameter = 20.0;

    /// <summary>
    /// Convergence is also accepted when the gradient is within this factor of the tolerance and the objective no
    /// longer changes beyond rounding (1e-14 relative): on large data the tolerance itself can sit below the noise floor.
    /// </summary>
    const double NoiseFactor = 1000.0;

    /// <summary>The settings in use.</summary>
    public ParetoNbdOptions Options { get; } = Validated(options ?? new ParetoNbdOptions());

    /// <summary>Fits r, α, s, β to the histories.</summary>
    /// <param name="histories">One per customer (unique <see cref="CustomerHistory.CustomerId"/>), in one time unit.</param>
    /// <returns>The fitted model, diagnostics and parameter intervals.</returns>
    /// <exception cref="ArgumentException">Empty input, duplicate customer ids, or an invalid history
    /// (x &lt; 0, negative or non-finite spans, tₓ &gt; T, tₓ ≠ 0 with x = 0).</exception>
    /// <exception cref="ModelFitException">The optimiser did not converge, met a non-finite likelihood, or ran to the
    /// boundary of the parameter space (a parameter below 2e-9 or above 5e8); or no customer made a repeat purchase
    /// (then the likelihood has no maximum).</exception>
    public ParetoNbdFit Fit(IReadOnlyList<CustomerHistory> histories)
    {
        ParetoNbdLikelihood.Validate(histories);
        var seen = new HashSet<long>(histories.Count);
        for (int i = 0; i < histories.Count; i++)
        {
            if (!seen.Add(histories[i].CustomerId))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"Customer id {histories[i].CustomerId} appears more than once: give one history per customer."), nameof(histories));
            }
        }
        if (!histories.Any(h => h.RepeatPurchases > 0))
        {
            throw new ModelFitException(string.Create(CultureInfo.InvariantCulture,
                $"None of the {histories.Count} customers made a repeat purchase: the Pareto/NBD likelihood then approaches its supremum only in the limit of a zero purchase rate (r/alpha -> 0), so there is no estimate to return."));
        }
        var groups = HistoryGroup.Compress(histories);
        var data = ParetoNbdData.From(groups);
        double n = data.Customers;
        double penalizer = Options.Penalizer;

        var gradient = new double[4];
        double Objective(double[] theta, double[] grad)
        {
            double r = Math.Exp(theta[0]), a = Math.Exp(theta[1]), s = Math.Exp(theta[2]), b = Math.Exp(theta[3]);
            if (!double.IsFinite(r + a + s + b) || r <= 0 || a <= 0 || s <= 0 || b <= 0)
            {
                return double.NaN;
            }
            double ll = ParetoNbdLikelihood.Evaluate(data, r, a, s, b, gradient);
            double[] p = [r, a, s, b];
            double value = -ll / n;
            for (int k = 0; k < 4; k++)
            {
                value += penalizer * p[k] * p[k];
                grad[k] = (-gradient[k] / n) + (2.0 * penalizer * p[k] * p[k]);
                if (!double.IsFinite(grad[k]))
                {
                    return double.NaN;
                }
            }
            return value;
        }

        var start = Options.InitialGuess ?? new ParetoNbdModel(1.0, 1.0, 1.0, 1.0);
        var (theta, iterations) = Minimize(Objective, [.. start.LogParameters], Options.GradientTolerance, Options.MaxIterations);
        for (int k = 0; k < 4; k++)
        {
            if (Math.Abs(theta[k]) > BoundaryLogParameter)
            {
                throw new ModelFitException(string.Create(CultureInfo.InvariantCulture,
                    $"The Pareto/NBD fit ran to the edge of the parameter space ({Names[k]} = {Math.Exp(theta[k]):G3}): these {histories.Count} customers do not identify the model. Use more customers or a Penalizer."));
            }
        }
        var model = ParetoNbdModel.FromLogParameters(theta);
        double logLikelihood = ParetoNbdLikelihood.Evaluate(data, model.R, model.Alpha, model.S, model.Beta, gradient: null);
        if (!double.IsFinite(logLikelihood))
        {
            throw new ModelFitException($"The Pareto/NBD log-likelihood is not finite at the optimum {model}.");
        }

        var covariance = Covariance(data, theta);
        var estimates = new ParetoNbdEstimate[4];
        var errors = new double[4];
        for (int k = 0; k < 4; k++)
        {
            double value = Math.Exp(theta[k]);
            double logSe = covariance is null ? double.NaN : Math.Sqrt(covariance[k, k]);
            errors[k] = value * logSe;
            estimates[k] = new ParetoNbdEstimate(Names[k], value, errors[k],
                Math.Exp(theta[k] - (1.96 * logSe)), Math.Exp(theta[k] + (1.96 * logSe)));
        }
        var diagnostics = new FitDiagnostics(logLikelihood, iterations, checked((int)data.Customers), data.Count, covariance, errors);
        return new ParetoNbdFit(model, diagnostics, estimates);
    }

    /// <summary>Inverse observed information of (ln r, ln α, ln s, ln β); null when not positive definite.</summary>
    static double[,]? Covariance(ParetoNbdData data, double[] theta)
    {
        const double h = 1e-4;
        var hessian = Matrix<double>.Build.Dense(4, 4);
        var plus = new double[4];
        var minus = new double[4];
        for (int j = 0; j < 4; j++)
        {
            var up = (double[])theta.Clone();
            var down = (double[])theta.Clone();
            up[j] += h;
            down[j] -= h;
            ParetoNbdLikelihood.Evaluate(data, Math.Exp(up[0]), Math.Exp(up[1]), Math.Exp(up[2]), Math.Exp(up[3]), plus);
            ParetoNbdLikelihood.Evaluate(data, Math.Exp(down[0]), Math.Exp(down[1]), Math.Exp(down[2]), Math.Exp(down[3]), minus);
            for (int i = 0; i < 4; i++)
            {
                hessian[i, j] = (plus[i] - minus[i]) / (2 * h);
            }
        }
        var information = -0.5 * (hessian + hessian.Transpose());
        if (!information.Enumerate().All(double.IsFinite))
        {
            return null;
        }
        try
        {
            var cholesky = information.Cholesky();
            var inverse = cholesky.Solve(Matrix<double>.Build.DenseIdentity(4));
            return inverse.ToArray();
        }
        catch (ArgumentException)
        {
            return null; // not positive definite: a flat or degenerate optimum
        }
    }

    /// <summary>BFGS with Armijo backtracking; non-finite trial values shorten the step.</summary>
    // REVIEW: a second BFGS beside MaximumLikelihood.MinimizeBfgs, kept for its stopping rule (accepts a gradient within
    // 1000× the tolerance once the objective stops changing), which the 1M-customer Pareto/NBD fit needs; merge the two.
    static (double[] Theta, int Iterations) Minimize(Func<double[], double[], double> f, double[] theta, double tolerance, int maxIterations)
    {
        const int dim = 4;
        const double maxStep = 2.0; // at most a factor e² per parameter per iteration
        var g = new double[dim];
        double fx = f(theta, g);
        if (!double.IsFinite(fx))
        {
            throw new ModelFitException("The Pareto/NBD log-likelihood is not finite at the initial guess: choose another InitialGuess.");
        }
        var hinv = MaximumLikelihood.Identity(dim);
        bool fresh = true;
        var gNew = new double[dim];
        for (int iteration = 0; iteration < maxIterations; iteration++)
        {
            if (MaximumLikelihood.MaxAbs(g) <= tolerance)
            {
                return (theta, iteration);
            }
            var d = new double[dim];
            for (int i = 0; i < dim; i++)
            {
                for (int j = 0; j < dim; j++)
                {
                    d[i] -= hinv[i, j] * g[j];
                }
            }
            double slope = MaximumLikelihood.Dot(g, d);
            if (!(slope < 0))
            {
                hinv = MaximumLikelihood.Identity(dim);
                fresh = true;
                for (int i = 0; i < dim; i++)
                {
                    d[i] = -g[i];
                }
                slope = MaximumLikelihood.Dot(g, d);
            }
            double longest = MaximumLikelihood.MaxAbs(d);
            double step = longest > maxStep ? maxStep / longest : 1.0;
            double[]? next = null;
            double fNext = double.NaN;
            for (int tries = 0; tries < 40; tries++)
            {
                var trial = new double[dim];
                for (int i = 0; i < dim; i++)
                {
                    trial[i] = theta[i] + (step * d[i]);
                }
                fNext = f(trial, gNew);
                if (double.IsFinite(fNext) && fNext <= fx + (1e-4 * step * slope))
                {
                    next = trial;
                    break;
                }
                step *= 0.5;
            }
            if (next is null)
            {
                if (MaximumLikelihood.MaxAbs(g) <= NoiseFactor * tolerance)
                {
                    return (theta, iteration); // at the floor of floating-point resolution of the objective
                }
                if (!fresh)
                {
                    hinv = MaximumLikelihood.Identity(dim); // the curvature model went stale: retry along the gradient
                    fresh = true;
                    continue;
                }
                throw new ModelFitException(string.Create(CultureInfo.InvariantCulture,
                    $"The Pareto/NBD fit stalled after {iteration} iterations: no step along the gradient improves the likelihood (largest gradient {MaximumLikelihood.MaxAbs(g):G3}, tolerance {tolerance:G3})."));
            }
            var sVec = new double[dim];
            var yVec = new double[dim];
            for (int i = 0; i < dim; i++)
            {
                sVec[i] = next[i] - theta[i];
                yVec[i] = gNew[i] - g[i];
            }
            double sy = MaximumLikelihood.Dot(sVec, yVec);
            if (sy > 1e-12 * Math.Sqrt(MaximumLikelihood.Dot(sVec, sVec) * MaximumLikelihood.Dot(yVec, yVec)))
            {
                if (fresh)
                {
                    double scale = sy / MaximumLikelihood.Dot(yVec, yVec);
                    hinv = MaximumLikelihood.Identity(dim);
                    for (int i = 0; i < dim; i++)
                    {
                        hinv[i, i] = scale;
                    }
                    fresh = false;
                }
                BfgsUpdate(hinv, sVec, yVec, sy);
            }
            bool unresolved = fx - fNext <= 1e-14 * Math.Abs(fx);
            theta = next;
            fx = fNext;
            Array.Copy(gNew, g, dim);
            if (unresolved && MaximumLikelihood.MaxAbs(g) <= NoiseFactor * tolerance)
            {
                // With millions of customers the summed likelihood cannot resolve steps this small: the gradient is
                // as small as rounding lets it be.
                return (theta, iteration + 1);
            }
        }
        throw new ModelFitException(string.Create(CultureInfo.InvariantCulture,
            $"The Pareto/NBD fit did not converge in {maxIterations} iterations (largest gradient {MaximumLikelihood.MaxAbs(g):G3}, tolerance {tolerance:G3})."));
    }

    static void BfgsUpdate(double[,] h, double[] s, double[] y, double sy)
    {
        int n = s.Length;
        var hy = new double[n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                hy[i] += h[i, j] * y[j];
            }
        }
        double yhy = MaximumLikelihood.Dot(y, hy);
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                h[i, j] += (((sy + yhy) * s[i] * s[j]) / (sy * sy)) - (((hy[i] * s[j]) + (s[i] * hy[j])) / sy);
            }
        }
    }

    static ParetoNbdOptions Validated(ParetoNbdOptions o)
    {
        if (!double.IsFinite(o.Penalizer) || o.Penalizer < 0)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Penalizer must be finite and >= 0 but is {o.Penalizer}."), nameof(o));
        }
        if (!double.IsFinite(o.GradientTolerance) || o.GradientTolerance <= 0)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"GradientTolerance must be finite and > 0 but is {o.GradientTolerance}."), nameof(o));
        }
        if (o.MaxIterations <= 0)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"MaxIterations must be > 0 but is {o.MaxIterations}."), nameof(o));
        }
        return o;
    }
}
