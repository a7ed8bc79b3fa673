namespace Valora.Analytics.Clv;

/// <summary>Point estimates of one customer's future value (see <see cref="ClvCalculator"/>).</summary>
/// <param name="CustomerId">The customer.</param>
/// <param name="ProbabilityAlive">P(alive at T | x, tₓ, T), in [0, 1].</param>
/// <param name="ExpectedPurchases">E[Y(H·L)]: expected repeat purchases over the whole horizon (H periods of length L).</param>
/// <param name="SpendPerPurchase">Expected spend per purchase used (currency units), e.g. Gamma-Gamma E[Z | x, z̄].</param>
/// <param name="Clv">Discounted lifetime value over the horizon: Σₖ (E[Y(kL)] − E[Y((k−1)L)])·spend·m/(1+d)ᵏ.</param>
public readonly record struct CustomerLifetimeValue(
    long CustomerId, double ProbabilityAlive, double ExpectedPurchases, double SpendPerPurchase, double Clv);

/// <summary>95 % intervals (2.5 %/97.5 % quantiles over parameter draws) of one customer's predictions.</summary>
/// <param name="CustomerId">The customer.</param>
/// <param name="ExpectedPurchasesLower">2.5 % quantile of E[Y(H·L)].</param>
/// <param name="ExpectedPurchasesUpper">97.5 % quantile of E[Y(H·L)].</param>
/// <param name="ClvLower">2.5 % quantile of the CLV.</param>
/// <param name="ClvUpper">97.5 % quantile of the CLV.</param>
public readonly record struct CustomerLifetimeValueInterval(
    long CustomerId, double ExpectedPurchasesLower, double ExpectedPurchasesUpper, double ClvLower, double ClvUpper);
