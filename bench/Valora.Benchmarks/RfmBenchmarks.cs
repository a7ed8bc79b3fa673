using BenchmarkDotNet.Attributes;
using Valora.Analytics.Rfm;
using Valora.Domain.Sales;

namespace Valora.Benchmarks;

/// <summary>
/// RFM scoring of 1M customers / 10M purchases held in memory, in random order (not grouped by customer).
/// Dense ids are 1..1M (database keys); sparse ids are random 64-bit numbers (forces the hash-table path).
/// </summary>
[MemoryDiagnoser]
public class RfmBenchmarks
{
    public const int Customers = 1_000_000;
    public const int PurchaseCount = 10_000_000;
    public static readonly DateOnly AsOf = new(2025, 12, 31);

    Purchase[] _purchases = [];

    [Params(IdLayout.Dense, IdLayout.Sparse)]
    public IdLayout Ids { get; set; }

    [GlobalSetup]
    public void Setup() => _purchases = Generate(Ids, seed: 20261123);

    [Benchmark]
    public RfmResult ScoreTotal() => RfmScorer.Score(_purchases, AsOf);

    [Benchmark]
    public RfmResult ScoreAveragePerOrder() => RfmScorer.Score(_purchases, AsOf, new RfmOptions { Monetary = RfmMonetary.AveragePerOrder });

    /// <summary>Fixed-seed synthetic purchases: customer uniform, date uniform over three years before <see cref="AsOf"/>
    /// (about 1 % after it, to exercise the cut-off), revenue uniform 1.00..500.00.</summary>
    public static Purchase[] Generate(IdLayout layout, int seed)
    {
        var rng = new Random(seed);
        var ids = new long[Customers];
        for (var i = 0; i < Customers; i++)
        {
            ids[i] = layout == IdLayout.Dense ? i + 1 : rng.NextInt64(long.MinValue, long.MaxValue);
        }
        var start = new DateTime(2023, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var spanDays = AsOf.DayNumber - DateOnly.FromDateTime(start).DayNumber + 10;
        var result = new Purchase[PurchaseCount];
        for (var i = 0; i < PurchaseCount; i++)
        {
            var at = start.AddDays(rng.Next(spanDays)).AddSeconds(rng.Next(86_400));
            var revenue = new decimal(rng.Next(100, 50_001), 0, 0, false, 2);
            result[i] = new Purchase(ids[rng.Next(Customers)], at, revenue, revenue * 0.6m);
        }
        return result;
    }

    public enum IdLayout
    {
        Dense,
        Sparse,
    }
}
