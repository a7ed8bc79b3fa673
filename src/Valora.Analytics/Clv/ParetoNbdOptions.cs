namespace Valora.Analytics.Clv;

/// <summary>Settings of <see cref="ParetoNbdFitter"/>. The defaults fit CDNOW-sized and million-customer data.</summary>
public sealed record ParetoNbdOptions
{
    /// <summary>Default <see cref="Penalizer"/>: none (plain maximum likelihood).</summary>
    public const double DefaultPenalizer = 0.0;

    /// <summary>Default <see cref="GradientTolerance"/>.</summary>
    public const double DefaultGradientTolerance = 1e-9;

    /// <summary>Default <see cref="MaxIterations"/>.</summary>
    public const int DefaultMaxIterations = 1000;

    /// <summary>
    /// L2 penalty λ ≥ 0 added to the mean negative log-likelihood as λ·(r² + α² + s² + β²) (natural-scale
    /// parameters, as in the lifetimes library). Shrinks extreme parameters on small or degenerate data.
    /// Standard errors are always those of the unpenalised likelihood at the returned point.
    /// </summary>
    public double Penalizer { get; init; } = DefaultPenalizer;

    /// <summary>
    /// Convergence when the largest absolute gradient component of the mean negative log-likelihood (per customer,
    /// with respect to the log-parameters) is at most this (&gt; 0).
    /// </summary>
    public double GradientTolerance { get; init; } = DefaultGradientTolerance;

    /// <summary>Maximum BFGS iterations (&gt; 0); exceeding it raises <see cref="ModelFitException"/>.</summary>
    public int MaxIterations { get; init; } = DefaultMaxIterations;

    /// <summary>Starting point (r, α, s, β); null starts at r = α = s = β = 1 (the lifetimes default).</summary>
    public ParetoNbdModel? InitialGuess { get; init; }
}
