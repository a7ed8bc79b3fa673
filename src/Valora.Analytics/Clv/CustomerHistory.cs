namespace Valora.Analytics.Clv;

/// <summary>
/// The sufficient statistics of one customer's purchase history for BG/NBD, Pareto/NBD and Gamma-Gamma,
/// in the model time unit (weeks = days / 7 by default).
/// </summary>
/// <param name="CustomerId">The customer.</param>
/// <param name="RepeatPurchases">x: repeat purchase occasions in the calibration period (first occasion excluded;
/// one occasion per customer per day).</param>
/// <param name="RepeatSpan">tₓ: time from the first to the last occasion (0 when x = 0). Not RFM recency.</param>
/// <param name="ObservationSpan">T: time from the first occasion to the end of calibration.</param>
/// <param name="MeanRepeatSpend">z̄: mean per-occasion total over the repeat occasions (0 when x = 0).</param>
public readonly record struct CustomerHistory(
    long CustomerId,
    int RepeatPurchases,
    double RepeatSpan,
    double ObservationSpan,
    double MeanRepeatSpend = 0);
