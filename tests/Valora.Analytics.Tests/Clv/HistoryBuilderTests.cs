using Valora.Analytics.Clv;
using Valora.Domain.Sales;
using Valora.TestSupport;

namespace Valora.Analytics.Tests.Clv;

public class HistoryBuilderTests
{
    static Purchase Order(long id, int y, int m, int d, decimal revenue, decimal cost = 0m, int hour = 12) =>
        new(id, new DateTime(y, m, d, hour, 0, 0, DateTimeKind.Utc), revenue, cost);

    [RealDataFact(CdnowSample.File, CdnowSample.Summary, CdnowSample.SummaryWithSpend)]
    public void Build_OnCdnowSample_RebuildsBothPublishedSummaries()
    {
        var histories = HistoryBuilder.Build(CdnowSample.Purchases, CdnowSample.CalibrationEnd);
        Assert.Equal(2357, histories.Length);
        var byId = histories.ToDictionary(h => h.CustomerId);

        // The CSVs are rounded to 2 decimals (half away from zero), so agree within half a unit in the last place.
        const double halfCent = 0.005 + 1e-9;
        var summary = CdnowSample.ReadCsv(CdnowSample.Summary).ToList();
        Assert.Equal(2357, summary.Count);
        foreach (var row in summary)
        {
            var h = byId[(long)row[0]];
            Assert.Equal((int)row[1], h.RepeatPurchases);
            Assert.InRange(h.RepeatSpan - row[2], -halfCent, halfCent);
            Assert.InRange(h.ObservationSpan - row[3], -halfCent, halfCent);
        }
        var withSpend = CdnowSample.ReadCsv(CdnowSample.SummaryWithSpend).ToList();
        Assert.Equal(2357, withSpend.Count);
        foreach (var row in withSpend)
        {
            var h = byId[(long)row[0]];
            Assert.Equal((int)row[1], h.RepeatPurchases);
            Assert.InRange(h.RepeatSpan - row[2], -halfCent, halfCent);
            Assert.InRange(h.ObservationSpan - row[3], -halfCent, halfCent);
            Assert.InRange(h.MeanRepeatSpend - row[4], -halfCent, halfCent);
        }
        Assert.Equal(946, histories.Count(h => h.RepeatPurchases > 0));
        // Customer 1 first bought on 1997-01-01: T = 272 days / 7.
        Assert.Equal(272 / 7.0, byId[1].ObservationSpan, 12);
    }

    [RealDataFact(CdnowSample.File)]
    public void Build_OnCdnowSampleWithHoldout_CountsHoldoutAndWeeklyRepeats()
    {
        var result = HistoryBuilder.Build(CdnowSample.Purchases, CdnowSample.CalibrationEnd, CdnowSample.HoldoutEnd);
        // Independent count (python3 over CDNOW_sample.txt): 2,457 repeat days in calibration, 1,882 in weeks 40–78.
        Assert.Equal(2457, result.Histories.Sum(h => h.RepeatPurchases));
        Assert.NotNull(result.HoldoutRepeatPurchases);
        Assert.Equal(1882, result.HoldoutRepeatPurchases.Sum());
        Assert.Equal(273 / 7.0, result.HoldoutSpan, 12);
        Assert.Equal(new DateOnly(1997, 1, 1), result.TrackingStart);
        Assert.Equal(78, result.RepeatPurchasesPerPeriod.Length);
        Assert.Equal(2457, result.RepeatPurchasesPerPeriod.Take(39).Sum());
        Assert.Equal(1882, result.RepeatPurchasesPerPeriod.Skip(39).Sum());
    }

    [Fact]
    public void Build_SameDayOrders_AreOneOccasionWithSummedSpend()
    {
        Purchase[] orders =
        [
            Order(7, 2024, 1, 1, 10m),
            Order(7, 2024, 1, 8, 5m, hour: 9),
            Order(7, 2024, 1, 8, 15m, hour: 18),
            Order(7, 2024, 1, 22, 40m),
        ];
        var h = Assert.Single(HistoryBuilder.Build(orders, new DateOnly(2024, 1, 29)));
        Assert.Equal(2, h.RepeatPurchases);
        Assert.Equal(3.0, h.RepeatSpan, 12);      // 21 days
        Assert.Equal(4.0, h.ObservationSpan, 12); // 28 days
        Assert.Equal(30.0, h.MeanRepeatSpend, 12); // (5 + 15 + 40) / 2
    }

    [Fact]
    public void Build_UnorderedInputAndSparseIds_GivesSameAsOrdered()
    {
        var rng = new Random(11);
        var orders = new List<Purchase>();
        long[] ids = [long.MinValue + 5, -3, 0, 42, long.MaxValue - 1];
        foreach (var id in ids)
        {
            for (var k = 0; k < 6; k++)
            {
                orders.Add(Order(id, 2024, 1 + rng.Next(3), 1 + rng.Next(28), rng.Next(1, 100)));
            }
        }
        var ordered = orders.OrderBy(o => o.CustomerId).ThenBy(o => o.OccurredAtUtc).ToArray();
        var shuffled = orders.OrderBy(_ => rng.Next()).ToArray();
        var calEnd = new DateOnly(2024, 2, 15);
        var a = HistoryBuilder.Build(ordered, calEnd, new DateOnly(2024, 3, 31));
        var b = HistoryBuilder.Build(shuffled, calEnd, new DateOnly(2024, 3, 31));
        Assert.Equal(a.Histories, b.Histories);
        Assert.Equal(a.HoldoutRepeatPurchases, b.HoldoutRepeatPurchases);
        Assert.Equal(ids.Where(id => orders.Where(o => o.CustomerId == id).Min(o => o.OccurredAtUtc) <= new DateTime(2024, 2, 15, 23, 59, 59, DateTimeKind.Utc)),
            a.Histories.Select(h => h.CustomerId));
    }

    [Fact]
    public void Build_PackedAndRemappedIdPaths_AgreeOnTheSameCustomers()
    {
        // Ids 1..300 are packed directly into sort keys; one more customer with id 4·10¹⁸ forces the dense re-mapping of ids.
        var rng = new Random(5);
        var orders = Enumerable.Range(0, 3000)
            .Select(_ => Order(rng.Next(1, 301), 2024, 1 + rng.Next(6), 1 + rng.Next(28), rng.Next(1, 500), hour: rng.Next(24)))
            .ToList();
        var calEnd = new DateOnly(2024, 3, 31);
        var holdEnd = new DateOnly(2024, 6, 30);
        var dense = HistoryBuilder.Build(orders, calEnd, holdEnd);
        var sparse = HistoryBuilder.Build([.. orders, Order(4_000_000_000_000_000_000, 2024, 1, 1, 1m)], calEnd, holdEnd);
        Assert.Equal(dense.Histories, sparse.Histories.SkipLast(1));
        Assert.Equal(dense.HoldoutRepeatPurchases, sparse.HoldoutRepeatPurchases!.SkipLast(1));
        // Brute force for the x of every customer: distinct calibration days minus one.
        foreach (var h in dense.Histories)
        {
            var calDays = orders.Where(o => o.CustomerId == h.CustomerId && DateOnly.FromDateTime(o.OccurredAtUtc) <= calEnd)
                .Select(o => o.OccurredAtUtc.Date).Distinct().Count();
            Assert.Equal(calDays - 1, h.RepeatPurchases);
        }
    }

    [Fact]
    public void Build_CustomerFirstBuyingAfterCalibrationEnd_IsLeftOut()
    {
        Purchase[] orders = [Order(1, 2024, 1, 1, 10m), Order(2, 2024, 3, 1, 10m)];
        var result = HistoryBuilder.Build(orders, new DateOnly(2024, 1, 31), new DateOnly(2024, 3, 31));
        var h = Assert.Single(result.Histories);
        Assert.Equal(1, h.CustomerId);
        Assert.Equal(0, Assert.Single(result.HoldoutRepeatPurchases!));
    }

    [Fact]
    public void Build_ProfitSpendAndDaysPerUnit_AreApplied()
    {
        Purchase[] orders = [Order(1, 2024, 1, 1, 10m, 4m), Order(1, 2024, 1, 31, 50m, 20m)];
        var h = Assert.Single(HistoryBuilder.Build(orders, new DateOnly(2024, 3, 1), null,
            new HistoryOptions { DaysPerUnit = 1, Spend = SpendMeasure.Profit }).Histories);
        Assert.Equal(30.0, h.RepeatSpan);
        Assert.Equal(60.0, h.ObservationSpan);
        Assert.Equal(30.0, h.MeanRepeatSpend);
    }

    [Fact]
    public void Build_InvalidInput_ThrowsNamingTheProblem()
    {
        var calEnd = new DateOnly(2024, 1, 31);
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => HistoryBuilder.Build([], calEnd)).Message, StringComparison.Ordinal);
        Assert.Contains("negative revenue", Assert.Throws<ArgumentException>(
            () => HistoryBuilder.Build([Order(1, 2024, 1, 1, -1m)], calEnd)).Message, StringComparison.Ordinal);
        Assert.Contains("local time", Assert.Throws<ArgumentException>(
            () => HistoryBuilder.Build([new Purchase(1, new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Local), 1m, 0m)], calEnd)).Message, StringComparison.Ordinal);
        Assert.Contains("holdoutEnd", Assert.Throws<ArgumentException>(
            () => HistoryBuilder.Build([Order(1, 2024, 1, 1, 1m)], calEnd, calEnd)).Message, StringComparison.Ordinal);
        Assert.Contains("No customer", Assert.Throws<ArgumentException>(
            () => HistoryBuilder.Build([Order(1, 2024, 2, 1, 1m)], calEnd)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => HistoryBuilder.Build([Order(1, 2024, 1, 1, 1m)], calEnd, null, new HistoryOptions { DaysPerUnit = 0 }));
    }
}
