namespace Valora.Analytics.Clv;

/// <summary>The result of <see cref="ParetoNbdFitter.Fit(IReadOnlyList{CustomerHistory})"/>.</summary>
/// <param name="Model">The maximum-likelihood parameters.</param>
/// <param name="Diagnostics">Log-likelihood, iterations, sizes, covariance of (ln r, ln α, ln s, ln β) and natural-scale
/// standard errors (NaN when the Hessian was not positive definite).</param>
/// <param name="Estimates">r, α, s, β with standard errors and 95 % intervals.</param>
public sealed record ParetoNbdFit(ParetoNbdModel Model, FitDiagnostics Diagnostics, IReadOnlyList<ParetoNbdEstimate> Estimates);

/// <summary>One parameter's estimate with its uncertainty.</summary>
/// <param name="Name">"r", "alpha", "s" or "beta".</param>
/// <param name="Value">Point estimate.</param>
/// <param name="StandardError">Natural-scale standard error by the delta method: value × SE(ln value).</param>
/// <param name="Lower95">exp(ln value − 1.96·SE(ln value)): the 95 % interval is formed on the log scale, so it stays
/// positive and is not symmetric.</param>
/// <param name="Upper95">exp(ln value + 1.96·SE(ln value)).</param>
public sealed record ParetoNbdEstimate(string Name, double Value, double StandardError, double Lower95, double Upper95);
