using Valora.Analytics.Kpi;
using Valora.Domain.Sales;

namespace Valora.Analytics.Tests.Kpi;

/// <summary>
/// Hand-built data. Current window W = [2024-04-01, 2024-07-01), 91 days (30 + 31 + 30), so the previous window is
/// P = [2024-01-01, 2024-04-01) (31 + 29 + 31 = 91 days back).
/// <code>
/// A (1): 02-10, 05-05 (100), 05-20 (50)    base, retained
/// B (2): 03-31                             base (last day of P), lost
/// C (3): 01-01, 06-30 (80)                 base (first day of P), retained (last day of W)
/// D (4): 04-01 (20)                        new in W, not in base
/// E (5): 2023-12-31, 05-01 (40)            before P, not in base
/// F (6): 02-01, 07-01                      base, lost (07-01 is after W)
/// G (7): 03-01, 04-15 (10)                 base, retained
/// </code>
/// Base 5 (A, B, C, F, G), retained 3, lost 2. In W: 6 orders (A×2, C, D, E, G), 5 customers, revenue 300.
/// </summary>
public class CustomerKpisTests
{
    static readonly DateOnly From = new(2024, 4, 1);
    static readonly DateOnly To = new(2024, 7, 1);

    static Purchase P(long id, int y, int m, int d, decimal revenue = 10m) =>
        new(id, new DateTime(y, m, d, 15, 30, 0, DateTimeKind.Utc), revenue, 0m);

    internal static readonly Purchase[] Data =
    [
        P(1, 2024, 2, 10), P(1, 2024, 5, 5, 100m), P(1, 2024, 5, 20, 50m),
        P(2, 2024, 3, 31),
        P(3, 2024, 1, 1), P(3, 2024, 6, 30, 80m),
        P(4, 2024, 4, 1, 20m),
        P(5, 2023, 12, 31), P(5, 2024, 5, 1, 40m),
        P(6, 2024, 2, 1), P(6, 2024, 7, 1),
        P(7, 2024, 3, 1), P(7, 2024, 4, 15, 10m),
    ];

    [Fact]
    public void Retention_HandBuiltData_ThreeOfFiveRetained()
    {
        var r = CustomerKpis.Retention(Data, From, To);

        Assert.Equal(new WindowRetention(5, 3, 2, 0.6, 0.4), r with { RetentionRate = Math.Round(r.RetentionRate, 12), ChurnRate = Math.Round(r.ChurnRate, 12) });
    }

    [Fact]
    public void Retention_NobodyInPreviousWindow_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => CustomerKpis.Retention(Data, new DateOnly(2020, 1, 1), new DateOnly(2020, 2, 1)));
        Assert.Contains("previous window", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Retention_ReversedWindow_Throws() =>
        Assert.Throws<ArgumentException>(() => CustomerKpis.Retention(Data, To, From));

    [Fact]
    public void Purchases_HandBuiltWindow_MatchesHandComputedKpis()
    {
        var k = CustomerKpis.Purchases(Data, From, To);

        Assert.Equal(6, k.Orders);
        Assert.Equal(5, k.Customers);
        Assert.Equal(300m, k.Revenue);
        Assert.Equal(50m, k.AverageOrderValue);          // 300 / 6
        Assert.Equal(1.2, k.PurchaseFrequency, 12);       // 6 / 5
        Assert.Equal(60m, k.RevenuePerCustomer);          // 300 / 5
        Assert.Equal(0.2, k.RepeatPurchaseRate, 12);      // only A has 2 orders in W
    }

    [Fact]
    public void Purchases_EmptyWindow_Throws() =>
        Assert.Throws<ArgumentException>(() => CustomerKpis.Purchases(Data, new DateOnly(2030, 1, 1), new DateOnly(2030, 2, 1)));

    // Orders per customer over all data: A 3, B 1, C 2, D 1, E 2, F 2, G 2 → 5 of 7 have ≥ 2.
    [Fact]
    public void RepeatPurchaseRate_AllData_IsFiveSevenths() =>
        Assert.Equal(5 / 7.0, CustomerKpis.RepeatPurchaseRate(Data), 12);

    [Fact]
    public void RepeatPurchaseRate_Empty_Throws() =>
        Assert.Throws<ArgumentException>(() => CustomerKpis.RepeatPurchaseRate([]));

    [Fact]
    public void RepeatPurchaseRate_NegativeRevenue_ThrowsNamingTheCustomer()
    {
        var ex = Assert.Throws<ArgumentException>(() => CustomerKpis.RepeatPurchaseRate([P(11, 2024, 1, 1, -1m)]));
        Assert.Contains("Customer 11", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ConversionRate_ThirtySevenOfTwoHundred_Is0_185() =>
        Assert.Equal(0.185, CustomerKpis.ConversionRate(37, 200), 12);

    [Theory]
    [InlineData(1, 0)]
    [InlineData(-1, 10)]
    [InlineData(11, 10)]
    public void ConversionRate_InvalidCounts_Throw(long converted, long targeted) =>
        Assert.Throws<ArgumentException>(() => CustomerKpis.ConversionRate(converted, targeted));
}
