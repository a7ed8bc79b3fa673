namespace Valora.Analytics.Clv;

/// <summary>
/// A fitted purchase-count model (BG/NBD, Pareto/NBD): predictions are functions of the fitted parameters only.
/// Times are in the model time unit the histories were built with.
/// </summary>
public interface IPurchaseModel
{
    /// <summary>Short model kind, e.g. "bgnbd", "paretonbd".</summary>
    string Kind { get; }

    /// <summary>The parameters on the log scale, in the model's documented order (the optimiser's coordinates).</summary>
    IReadOnlyList<double> LogParameters { get; }

    /// <summary>The same model kind with other log-parameters (used to propagate parameter uncertainty).</summary>
    IPurchaseModel WithLogParameters(IReadOnlyList<double> logParameters);

    /// <summary>P(alive at T | x, tₓ, T).</summary>
    double ProbabilityAlive(in CustomerHistory history);

    /// <summary>E[Y(t) | x, tₓ, T]: expected purchases in the next <paramref name="horizon"/> time units.</summary>
    double ExpectedPurchases(in CustomerHistory history, double horizon);

    /// <summary>E[X(t)]: expected purchases of a new customer in <paramref name="t"/> time units since the first.</summary>
    double ExpectedPurchasesOfNewCustomer(double t);
}
