using System.Globalization;
using Valora.Analytics.Rfm;
using Valora.Domain.Sales;
using Valora.TestSupport;

namespace Valora.Analytics.Tests.Rfm;

/// <summary>
/// RFM against a deliberately naive reference (LINQ grouping, then for every customer a plain count of the customers
/// with a strictly worse value) on fixed-seed random data, and on the CDNOW master file.
/// </summary>
public class RfmScorerReferenceTests
{
    sealed record Expected(long Id, int Days, int Orders, decimal Total, int R, int F, int MTotal);

    static List<Expected> Naive(IEnumerable<Purchase> purchases, DateOnly asOf, int bands)
    {
        var rows = purchases
            .Where(p => DateOnly.FromDateTime(p.OccurredAtUtc) <= asOf)
            .GroupBy(p => p.CustomerId)
            .Select(g => (Id: g.Key, Days: asOf.DayNumber - DateOnly.FromDateTime(g.Max(p => p.OccurredAtUtc)).DayNumber,
                Orders: g.Count(), Total: g.Sum(p => p.Revenue)))
            .OrderBy(x => x.Id)
            .ToList();
        var n = rows.Count;
        var dayCounts = rows.GroupBy(r => r.Days).ToDictionary(g => g.Key, g => g.Count());
        var orderCounts = rows.GroupBy(r => r.Orders).ToDictionary(g => g.Key, g => g.Count());
        var totalCounts = rows.GroupBy(r => r.Total).ToDictionary(g => g.Key, g => g.Count());
        int Band(long worse) => 1 + (int)(bands * worse / n);
        return [.. rows.Select(r => new Expected(r.Id, r.Days, r.Orders, r.Total,
            Band(dayCounts.Where(kv => kv.Key > r.Days).Sum(kv => kv.Value)),
            Band(orderCounts.Where(kv => kv.Key < r.Orders).Sum(kv => kv.Value)),
            Band(totalCounts.Where(kv => kv.Key < r.Total).Sum(kv => kv.Value))))];
    }

    static Purchase[] RandomPurchases(int seed, bool sparseIds)
    {
        var rng = new Random(seed);
        var ids = Enumerable.Range(1, 3000).Select(i => sparseIds ? rng.NextInt64(long.MinValue, long.MaxValue) : i).ToArray();
        var start = new DateTime(2023, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        return [.. Enumerable.Range(0, 20_000).Select(_ => new Purchase(
            ids[rng.Next(ids.Length)],
            start.AddDays(rng.Next(400)).AddMinutes(rng.Next(1440)),
            rng.Next(4) == 0 ? 25m : rng.Next(100, 10_000) / 100m,
            0m))];
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Score_RandomPurchases_MatchesNaiveReference(bool sparseIds)
    {
        var purchases = RandomPurchases(seed: 7, sparseIds);
        var asOf = new DateOnly(2023, 12, 1);
        var expected = Naive(purchases, asOf, 5);

        var actual = RfmScorer.Score(purchases, asOf).Customers;

        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal(expected, actual.Select(c => new Expected(c.CustomerId, c.DaysSinceLastPurchase, c.Orders, c.Monetary, c.RecencyScore, c.FrequencyScore, c.MonetaryScore)));
    }

    [Fact]
    public void Score_ManySparseCustomersOnePurchaseEach_GrowsTheTableAndMatchesNaiveReference()
    {
        // As many customers as purchases: the hash table starts at n/4 entries and must grow twice.
        var rng = new Random(11);
        var start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var purchases = Enumerable.Range(0, 6000)
            .Select(_ => new Purchase(rng.NextInt64(long.MinValue, long.MaxValue), start.AddHours(rng.Next(24 * 200)), rng.Next(1, 50), 0m))
            .ToArray();
        var asOf = new DateOnly(2024, 7, 31);
        var expected = Naive(purchases, asOf, 5);

        var actual = RfmScorer.Score(purchases, asOf).Customers;

        Assert.Equal(expected, actual.Select(c => new Expected(c.CustomerId, c.DaysSinceLastPurchase, c.Orders, c.Monetary, c.RecencyScore, c.FrequencyScore, c.MonetaryScore)));
    }

    /// <summary>
    /// CDNOW master (Fader &amp; Hardie; copy from the lifetimes library, see /work/shared/data/cdnow/README.md):
    /// 69,659 records of 23,570 customers, 1997-01-01 .. 1998-06-30.
    /// </summary>
    [RealDataFact("cdnow/CDNOW_master.txt")]
    [Trait("Category", "Slow")]
    public void Score_OnCdnowMaster_MatchesIndependentCounts()
    {
        var purchases = new List<Purchase>();
        foreach (var line in File.ReadLines(SharedData.PathOf("cdnow/CDNOW_master.txt")).Skip(1))
        {
            var f = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (f.Length < 4)
            {
                continue;
            }
            var date = DateTime.ParseExact(f[1], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
            purchases.Add(new Purchase(long.Parse(f[0], CultureInfo.InvariantCulture), date, decimal.Parse(f[3], CultureInfo.InvariantCulture), 0m));
        }
        Assert.Equal(69_659, purchases.Count);
        var asOf = new DateOnly(1998, 6, 30);

        var result = RfmScorer.Score(purchases, asOf);

        Assert.Equal(23_570, result.Customers.Count);
        // Independent loop: customers whose last purchase is before 1997-04-01 (never came back after the first quarter).
        var last = new Dictionary<long, DateTime>();
        foreach (var p in purchases)
        {
            last[p.CustomerId] = last.TryGetValue(p.CustomerId, out var d) && d > p.OccurredAtUtc ? d : p.OccurredAtUtc;
        }
        var cutoff = new DateTime(1997, 4, 1, 0, 0, 0, DateTimeKind.Utc);
        var goneAfterQ1 = last.Values.Count(d => d < cutoff);
        var daysToCutoff = asOf.DayNumber - DateOnly.FromDateTime(cutoff).DayNumber;
        Assert.Equal(goneAfterQ1, result.Customers.Count(c => c.DaysSinceLastPurchase > daysToCutoff));
        Assert.Equal(purchases.Sum(p => p.Revenue), result.Customers.Sum(c => c.Monetary));

        var expected = Naive(purchases, asOf, 5);
        Assert.Equal(expected.Select(e => (e.R, e.F, e.MTotal)), result.Customers.Select(c => (c.RecencyScore, c.FrequencyScore, c.MonetaryScore)));
        Assert.Equal(1.0, result.Segments.Sum(s => s.Share), 9);
    }
}
