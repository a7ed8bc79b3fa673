namespace Valora.Analytics.Clv;

/// <summary>How <see cref="HistoryBuilder"/> turns orders into <see cref="CustomerHistory"/> rows.</summary>
public sealed class HistoryOptions
{
    /// <summary>Days in one model time unit by default: 7, so times are in weeks (as in Fader, Hardie &amp; Lee 2005).</summary>
    public const double DefaultDaysPerUnit = 7;

    /// <summary>Days in one model time unit (tₓ, T and horizons are in this unit). Finite and &gt; 0; default 7 (weeks).</summary>
    public double DaysPerUnit { get; init; } = DefaultDaysPerUnit;

    /// <summary>Which amount of an order is "spend" for z̄: revenue (default) or profit (revenue − cost).</summary>
    public SpendMeasure Spend { get; init; } = SpendMeasure.Revenue;

    /// <summary>Length in days of one tracking period for <see cref="PurchaseHistories.RepeatPurchasesPerPeriod"/>;
    /// &gt; 0, default 7 (weekly tracking).</summary>
    public int TrackingPeriodDays { get; init; } = 7;
}

/// <summary>The amount of an order that counts as spend.</summary>
public enum SpendMeasure
{
    /// <summary><see cref="Valora.Domain.Sales.Purchase.Revenue"/> (must be ≥ 0).</summary>
    Revenue,

    /// <summary><see cref="Valora.Domain.Sales.Purchase.Revenue"/> − <see cref="Valora.Domain.Sales.Purchase.Cost"/>
    /// (may be negative; Gamma-Gamma then rejects customers with z̄ ≤ 0).</summary>
    Profit,
}
