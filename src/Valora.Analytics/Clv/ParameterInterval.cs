namespace Valora.Analytics.Clv;

/// <summary>A 95 % confidence interval of one model parameter on its natural scale.</summary>
/// <param name="Lower">2.5 % bound.</param>
/// <param name="Upper">97.5 % bound.</param>
public readonly record struct ParameterInterval(double Lower, double Upper);
