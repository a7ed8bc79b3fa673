namespace Valora.Analytics.Propensity;

/// <summary>
/// One merchandise line of a completed order, as the next-category model reads it: who bought, when, the product's
/// category and the line's revenue (order currency). The lines of one customer at one instant are one order.
/// </summary>
public readonly record struct CategoryLine(long CustomerId, DateTime OccurredAtUtc, string Category, decimal Revenue);
