namespace Valora.Analytics.Value;

/// <summary>A customer's profit (Σ revenue − cost) over the purchases considered; may be negative.</summary>
public readonly record struct CustomerProfit(long CustomerId, decimal Profit);
