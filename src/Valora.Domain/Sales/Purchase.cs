namespace Valora.Domain.Sales;

/// <summary>
/// The analytics view of a sale: one completed order of one customer (its lines summed).
/// <paramref name="Revenue"/> and <paramref name="Cost"/> are in the order currency; profit = revenue − cost.
/// </summary>
public readonly record struct Purchase(long CustomerId, DateTime OccurredAtUtc, decimal Revenue, decimal Cost);
