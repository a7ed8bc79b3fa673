namespace Valora.Analytics.Clv;

/// <summary>What a maximum-likelihood fit reports beside its parameters.</summary>
/// <param name="LogLikelihood">Total log-likelihood at the optimum (not averaged).</param>
/// <param name="Iterations">Optimiser iterations used.</param>
/// <param name="Customers">Customers the fit saw.</param>
/// <param name="DistinctHistories">Distinct (x, tₓ, T) rows the likelihood was evaluated on.</param>
/// <param name="LogParameterCovariance">Covariance of the log-parameters (inverse observed information), row-major,
/// in the order of <see cref="IPurchaseModel.LogParameters"/>; null when the Hessian was not positive definite.</param>
/// <param name="StandardErrors">Standard errors of the parameters on their natural scale (delta method).</param>
/// <param name="LeftOut">Customers given to the fitter but left out of the likelihood, for the reason the model's
/// documentation states (Gamma-Gamma: repeat customers whose mean repeat spend is 0).</param>
public sealed record FitDiagnostics(
    double LogLikelihood,
    int Iterations,
    int Customers,
    int DistinctHistories,
    double[,]? LogParameterCovariance,
    IReadOnlyList<double> StandardErrors,
    int LeftOut = 0);
