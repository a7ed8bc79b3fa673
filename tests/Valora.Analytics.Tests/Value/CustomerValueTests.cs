using Valora.Analytics.Value;
using Valora.Domain.Sales;

namespace Valora.Analytics.Tests.Value;

public class CustomerValueTests
{
    static Purchase P(long id, int y, int m, int d, decimal revenue, decimal cost) =>
        new(id, new DateTime(y, m, d, 12, 0, 0, DateTimeKind.Utc), revenue, cost);

    // Customer 1: profits 900 (2021), 720 (2022), 1080 (2023) counted from its first purchase on 2021-03-01.
    static readonly Purchase[] ThreeYears =
    [
        P(1, 2021, 3, 1, 1500, 600),
        P(1, 2022, 2, 28, 1000, 280),   // before the first anniversary (2022-03-01 12:00): period 1
        P(1, 2022, 6, 1, 900, 180),
        P(1, 2023, 3, 2, 2000, 920),
        P(2, 2021, 5, 5, 100, 150),
    ];

    [Fact]
    public void CumulativeByCustomer_SumsProfitPerCustomerSortedById()
    {
        var result = CustomerValue.CumulativeByCustomer([ThreeYears[4], .. ThreeYears[..4]]);
        // Customer 1: 900 + 720 + 720 + 1080 = 3420; customer 2: −50.
        Assert.Equal([new CustomerProfit(1, 3420m), new CustomerProfit(2, -50m)], result);
    }

    [Fact]
    public void CumulativePortfolio_SumsAllProfit() =>
        Assert.Equal(3370m, CustomerValue.CumulativePortfolio(ThreeYears));

    [Fact]
    public void CumulativeByCustomer_Empty_IsEmpty() =>
        Assert.Empty(CustomerValue.CumulativeByCustomer([]));

    [Fact]
    public void CumulativeByCustomer_NegativeRevenue_ThrowsNamingTheCustomer()
    {
        var ex = Assert.Throws<ArgumentException>(() => CustomerValue.CumulativeByCustomer([P(42, 2024, 1, 1, -3, 0)]));
        Assert.Contains("Customer 42", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ProfitsByPeriod_Yearly_BucketsFromStart()
    {
        var start = new DateTime(2021, 3, 1, 12, 0, 0, DateTimeKind.Utc);
        var profits = CustomerValue.ProfitsByPeriod(ThreeYears[..4], start, ValuePeriod.Year);
        // Period 1 = [2021-03-01 12:00, 2022-03-01 12:00): 900 + 720; period 2: 720; period 3: 1080.
        Assert.Equal([1620.0, 720.0, 1080.0], profits);
    }

    [Fact]
    public void ProfitsByPeriod_Horizon_PadsWithZerosAndDropsLater()
    {
        var start = new DateTime(2021, 3, 1, 0, 0, 0, DateTimeKind.Utc);
        Assert.Equal([1620.0, 720.0], CustomerValue.ProfitsByPeriod(ThreeYears[..4], start, ValuePeriod.Year, horizonPeriods: 2));
        Assert.Equal([1620.0, 720.0, 1080.0, 0.0], CustomerValue.ProfitsByPeriod(ThreeYears[..4], start, ValuePeriod.Year, horizonPeriods: 4));
    }

    [Fact]
    public void ProfitsByPeriod_PurchasesBeforeStart_AreExcluded()
    {
        var start = new DateTime(2022, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        // Quarters from 2022-01-01: Q1 has 2022-02-28 (720), Q2 has 2022-06-01 (720), Q5 has 2023-03-02 (1080).
        Assert.Equal([720.0, 720.0, 0, 0, 1080.0], CustomerValue.ProfitsByPeriod(ThreeYears[..4], start, ValuePeriod.Quarter));
    }

    [Fact]
    public void PeriodIndex_MonthEndStart_ClampsToShorterMonth()
    {
        var start = new DateTime(2023, 1, 31, 0, 0, 0, DateTimeKind.Utc);
        Assert.Equal(1, ValuePeriods.PeriodIndex(start, new DateTime(2023, 2, 27, 0, 0, 0, DateTimeKind.Utc), ValuePeriod.Month));
        Assert.Equal(2, ValuePeriods.PeriodIndex(start, new DateTime(2023, 2, 28, 0, 0, 0, DateTimeKind.Utc), ValuePeriod.Month));
        Assert.Equal(2, ValuePeriods.PeriodIndex(start, new DateTime(2023, 3, 30, 0, 0, 0, DateTimeKind.Utc), ValuePeriod.Month));
        Assert.Equal(3, ValuePeriods.PeriodIndex(start, new DateTime(2023, 3, 31, 0, 0, 0, DateTimeKind.Utc), ValuePeriod.Month));
        Assert.Equal(0, ValuePeriods.PeriodIndex(start, new DateTime(2023, 1, 30, 0, 0, 0, DateTimeKind.Utc), ValuePeriod.Month));
    }

    [Fact]
    public void DiscountedByCustomer_WorkedExample_Is2224_64()
    {
        Purchase[] purchases =
        [
            P(7, 2020, 1, 10, 1000, 100),  // year 1: 900
            P(7, 2021, 1, 10, 800, 80),    // year 2: 720
            P(7, 2022, 1, 10, 1200, 120),  // year 3 starts on the second anniversary: 1080
        ];
        var result = Assert.Single(CustomerValue.DiscountedByCustomer(purchases, 0.10, ValuePeriod.Year));
        Assert.Equal(7, result.CustomerId);
        Assert.Equal(3, result.Periods);
        Assert.Equal(2224.6431254695717, result.DiscountedValue, 9);
    }

    [Fact]
    public void DiscountedPortfolio_CommonStart_SumsCustomers()
    {
        var start = new DateTime(2021, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        // Customer 1 yearly from 2021-01-01: 900 (Mar 2021), 720 + 720 (2022), 1080 (2023) → 900/1.1 + 1440/1.21 + 1080/1.331.
        // Customer 2: −50 in year 1 → −50/1.1.
        var expected = 900 / 1.1 + 1440 / 1.21 + 1080 / 1.331 - 50 / 1.1;
        Assert.Equal(expected, CustomerValue.DiscountedPortfolio(ThreeYears, 0.10, ValuePeriod.Year, start), 9);
    }
}
