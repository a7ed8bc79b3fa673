namespace Valora.Analytics.Clv;

/// <summary>Settings of <see cref="BetaGeoFitter"/>.</summary>
public sealed class BetaGeoOptions
{
    /// <summary>Default <see cref="Tolerance"/>.</summary>
    public const double DefaultTolerance = 1e-9;

    /// <summary>Default <see cref="MaxIterations"/>.</summary>
    public const int DefaultMaxIterations = 500;

    /// <summary>
    /// L2 penalty λ ≥ 0 on the log-parameters: the fitter minimises −LL/N + λ·Σ(ln θₖ)², shrinking towards θ = 1.
    /// 0 (default) is plain maximum likelihood; small values (0.001–0.1) stabilise fits on tiny or degenerate data.
    /// </summary>
    public double Penalizer { get; init; }

    /// <summary>Convergence: largest absolute gradient component of the per-customer objective (−LL/N). &gt; 0.</summary>
    public double Tolerance { get; init; } = DefaultTolerance;

    /// <summary>Most BFGS iterations before <see cref="ModelFitException"/>. &gt; 0.</summary>
    public int MaxIterations { get; init; } = DefaultMaxIterations;

    internal void Validate()
    {
        if (!(Penalizer >= 0) || double.IsInfinity(Penalizer))
        {
            throw new ArgumentException("Penalizer must be finite and ≥ 0.", nameof(Penalizer));
        }
        if (!(Tolerance > 0))
        {
            throw new ArgumentException("Tolerance must be > 0.", nameof(Tolerance));
        }
        if (MaxIterations <= 0)
        {
            throw new ArgumentException("MaxIterations must be > 0.", nameof(MaxIterations));
        }
    }
}
