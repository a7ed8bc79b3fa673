using Valora.Analytics.Baskets;

namespace Valora.Analytics.Tests.Baskets;

public class ItemsetMinerTests
{
    /// <summary>Tan, Steinbach &amp; Kumar's market-basket example (Introduction to Data Mining, table 6.1).</summary>
    internal static BasketData Classic() => BasketData.FromBaskets(
    [
        ["Bread", "Milk"],
        ["Bread", "Diapers", "Beer", "Eggs"],
        ["Milk", "Diapers", "Beer", "Cola"],
        ["Bread", "Milk", "Diapers", "Beer"],
        ["Bread", "Milk", "Diapers", "Cola"],
    ]);

    static string Key(FrequentItemsets sets, FrequentItemset s) =>
        string.Join('+', sets.Names(s.Items).Order(StringComparer.Ordinal)) + "=" + s.Count;

    [Theory]
    [InlineData(MiningAlgorithm.FpGrowth)]
    [InlineData(MiningAlgorithm.Apriori)]
    [InlineData(MiningAlgorithm.Eclat)]
    public void Mine_ClassicExampleAtForty_FindsTheItemsetsCountedByHand(MiningAlgorithm algorithm)
    {
        var sets = ItemsetMiner.Mine(Classic(), new ItemsetOptions { MinSupport = 0.4, Algorithm = algorithm });

        // Counted by hand: 5 items in ≥ 2 baskets (Eggs in 1), 8 pairs, 4 triples, no 4-itemset (B+M+D+Beer only in T4).
        Assert.Equal(2, sets.MinCount);
        var expected = new[]
        {
            "Bread=4", "Milk=4", "Diapers=4", "Beer=3", "Cola=2",
            "Bread+Milk=3", "Bread+Diapers=3", "Beer+Bread=2", "Diapers+Milk=3", "Beer+Milk=2", "Beer+Diapers=3",
            "Cola+Milk=2", "Cola+Diapers=2",
            "Bread+Diapers+Milk=2", "Beer+Bread+Diapers=2", "Beer+Diapers+Milk=2", "Cola+Diapers+Milk=2",
        };
        Assert.Equal(expected.Order(StringComparer.Ordinal), sets.Itemsets.Select(s => Key(sets, s)).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(MiningAlgorithm.FpGrowth)]
    [InlineData(MiningAlgorithm.Apriori)]
    [InlineData(MiningAlgorithm.Eclat)]
    public void Mine_WithMaxLength_StopsAtThatLength(MiningAlgorithm algorithm)
    {
        var sets = ItemsetMiner.Mine(Classic(), new ItemsetOptions { MinSupport = 0.4, MaxLength = 2, Algorithm = algorithm });
        Assert.Equal(13, sets.Itemsets.Count);
        Assert.All(sets.Itemsets, s => Assert.True(s.Length <= 2));
    }

    [Fact]
    public void Mine_AtSixty_KeepsOnlyCountsOfThreeOrMore()
    {
        var sets = ItemsetMiner.Mine(Classic(), 0.6);
        Assert.Equal(3, sets.MinCount);
        Assert.Equal(8, sets.Itemsets.Count); // 4 items, 4 pairs (B+M, B+D, M+D, D+Beer); B+M+D is in only 2.
    }

    [Theory]
    [InlineData(0.01, 100, 1)]
    [InlineData(0.01, 16579, 166)]   // 165.79 → 166
    [InlineData(0.02, 16579, 332)]   // 331.58 → 332
    [InlineData(0.1, 30, 3)]         // 0.1 × 30 = 3.0000000000000004 in doubles, yet 3 / 30 = 0.1 ≥ 0.1
    [InlineData(1.0, 7, 7)]
    public void MinCount_IsTheLeastCountWhoseSupportReachesTheMinimum(double minSupport, int baskets, int expected)
    {
        Assert.Equal(expected, ItemsetMiner.MinCount(minSupport, baskets));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void Mine_WithASupportOutsideZeroToOne_IsRefusedNamingTheRange(double minSupport)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => ItemsetMiner.Mine(Classic(), minSupport));
        Assert.Contains("(0, 1]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mine_NoBaskets_GivesNoItemsets()
    {
        var sets = ItemsetMiner.Mine(BasketData.FromBaskets([]), 0.5);
        Assert.Empty(sets.Itemsets);
    }

    [Fact]
    public void Builder_RepeatedItemInABasket_CountsOnce()
    {
        var b = new BasketBuilder();
        b.Add("1", "x");
        b.Add("2", "y");
        b.Add("1", "x");
        b.Add("1", "y");
        var data = b.Build();
        Assert.Equal(2, data.Count);
        Assert.Equal(3, data.PairCount);
        Assert.Equal([0, 1], data[0].ToArray());
        Assert.Equal([1], data[1].ToArray());
    }

    /// <summary>
    /// Property: on random baskets (seeded), the three algorithms give exactly the itemsets and counts that counting
    /// every subset of a 12-item universe by brute force gives.
    /// </summary>
    [Theory]
    [InlineData(1, 0.05, 200, null)]
    [InlineData(2, 0.1, 50, null)]
    [InlineData(3, 0.02, 400, 3)]
    [InlineData(4, 0.3, 30, null)]
    [InlineData(5, 0.01, 1000, null)]
    [InlineData(6, 0.15, 300, 2)]
    public void Mine_OnRandomBaskets_AllAlgorithmsEqualBruteForce(int seed, double minSupport, int baskets, int? maxLength)
    {
        const int universe = 12;
        var random = new Random(seed);
        // Skewed item popularity and basket sizes 0..9 so that some itemsets are long and some baskets empty.
        var weights = Enumerable.Range(0, universe).Select(i => 1.0 / (1 + i * 0.4)).ToArray();
        var lists = new List<string[]>();
        var masks = new List<int>();
        for (var b = 0; b < baskets; b++)
        {
            var size = random.Next(0, 10);
            var mask = 0;
            for (var k = 0; k < size; k++)
            {
                var i = random.Next(universe);
                if (random.NextDouble() < weights[i])
                {
                    mask |= 1 << i;
                }
            }
            masks.Add(mask);
            lists.Add(Enumerable.Range(0, universe).Where(i => (mask & (1 << i)) != 0).Select(i => "i" + i.ToString("00", System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        }
        var data = BasketData.FromBaskets(lists);
        var minCount = ItemsetMiner.MinCount(minSupport, baskets);
        var expected = new List<string>();
        for (var subset = 1; subset < 1 << universe; subset++)
        {
            var size = System.Numerics.BitOperations.PopCount((uint)subset);
            if (size > (maxLength ?? universe))
            {
                continue;
            }
            var count = masks.Count(m => (m & subset) == subset);
            if (count >= minCount)
            {
                var names = Enumerable.Range(0, universe).Where(i => (subset & (1 << i)) != 0).Select(i => "i" + i.ToString("00", System.Globalization.CultureInfo.InvariantCulture));
                expected.Add(string.Join('+', names) + "=" + count);
            }
        }
        expected.Sort(StringComparer.Ordinal);
        Assert.NotEmpty(expected);
        foreach (var algorithm in Enum.GetValues<MiningAlgorithm>())
        {
            var sets = ItemsetMiner.Mine(data, new ItemsetOptions { MinSupport = minSupport, MaxLength = maxLength, Algorithm = algorithm });
            Assert.Equal(expected, sets.Itemsets.Select(s => Key(sets, s)).Order(StringComparer.Ordinal));
        }
    }
}
