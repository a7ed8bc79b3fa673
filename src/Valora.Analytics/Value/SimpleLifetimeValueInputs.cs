namespace Valora.Analytics.Value;

/// <summary>Inputs of <see cref="ValueFormulas.SimpleLifetimeValue"/>; money in one currency, time in one period unit.</summary>
/// <param name="AverageOrderValue">AOV: mean revenue per order, ≥ 0.</param>
/// <param name="OrdersPerPeriod">F: orders per period (e.g. per year), ≥ 0.</param>
/// <param name="LifespanPeriods">L: expected customer lifespan in the same periods, ≥ 0.</param>
/// <param name="Margin">Profit margin as a fraction of revenue, in [0, 1] (0.30 = 30 %).</param>
/// <param name="AcquisitionCost">CAC: one-off cost of acquiring the customer, ≥ 0.</param>
/// <param name="RetentionCostPerPeriod">Cost of retaining the customer for one period, ≥ 0 (charged L times).</param>
public sealed record SimpleLifetimeValueInputs(
    decimal AverageOrderValue,
    decimal OrdersPerPeriod,
    decimal LifespanPeriods,
    decimal Margin,
    decimal AcquisitionCost = 0,
    decimal RetentionCostPerPeriod = 0);
