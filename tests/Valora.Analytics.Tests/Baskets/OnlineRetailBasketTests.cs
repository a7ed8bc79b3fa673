using Valora.Analytics.Baskets;
using Valora.TestSupport;

namespace Valora.Analytics.Tests.Baskets;

/// <summary>
/// Frequent itemsets and rules on UCI Online Retail, cleaned as issue 14 says (see <see cref="OnlineRetail"/>). The
/// expected figures are the issue's (its peer's) and those printed by the independent pandas/numpy brute-force peer
/// <c>bench/peers/baskets.py</c>, which gives the same four itemset counts.
/// </summary>
[Trait("Issue", "14")]
public class OnlineRetailBasketTests
{
    [RealDataFact(OnlineRetail.File)]
    public void Mine_UnitedKingdomAndAllCountries_GiveTheIssuesItemsetCountsWithEveryAlgorithm()
    {
        var uk = OnlineRetail.Baskets("United Kingdom");
        var all = OnlineRetail.Baskets();
        Assert.Equal(16579, uk.Count);
        Assert.Equal(18402, all.Count);
        foreach (var algorithm in Enum.GetValues<MiningAlgorithm>())
        {
            Assert.Equal(248, Count(uk, 0.02, algorithm));
            Assert.Equal(1051, Count(uk, 0.01, algorithm));
            Assert.Equal(250, Count(all, 0.02, algorithm));
            Assert.Equal(1041, Count(all, 0.01, algorithm));
        }
    }

    static int Count(BasketData data, double minSupport, MiningAlgorithm algorithm) =>
        ItemsetMiner.Mine(data, new ItemsetOptions { MinSupport = minSupport, Algorithm = algorithm }).Itemsets.Count;

    [RealDataFact(OnlineRetail.File)]
    public void Mine_AllCountriesAtOnePercent_AlgorithmsAgreeItemsetByItemset()
    {
        var data = OnlineRetail.Baskets();
        var fp = Keys(ItemsetMiner.Mine(data, new ItemsetOptions { MinSupport = 0.01, Algorithm = MiningAlgorithm.FpGrowth }));
        Assert.Equal(fp, Keys(ItemsetMiner.Mine(data, new ItemsetOptions { MinSupport = 0.01, Algorithm = MiningAlgorithm.Apriori })));
        Assert.Equal(fp, Keys(ItemsetMiner.Mine(data, new ItemsetOptions { MinSupport = 0.01, Algorithm = MiningAlgorithm.Eclat })));
        // Per length, as the peer prints: {1: 627, 2: 336, 3: 75, 4: 3}.
        var byLength = ItemsetMiner.Mine(data, 0.01).Itemsets.GroupBy(s => s.Length).OrderBy(g => g.Key).Select(g => g.Count());
        Assert.Equal([627, 336, 75, 3], byLength);
    }

    static List<string> Keys(FrequentItemsets sets) =>
        sets.Itemsets.Select(s => string.Join(' ', sets.Names(s.Items)) + "=" + s.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();

    [RealDataFact(OnlineRetail.File)]
    public void Rules_UnitedKingdomAtTwoPercent_MatchThePeersMetrics()
    {
        var sets = ItemsetMiner.Mine(OnlineRetail.Baskets("United Kingdom"), 0.02);
        Assert.Equal([207, 40, 1], sets.Itemsets.GroupBy(s => s.Length).OrderBy(g => g.Key).Select(g => g.Count()));
        var rules = RuleGenerator.Generate(sets);
        Assert.Equal(86, rules.Count);

        // The peer's best rules by lift (two tie): 22697 → 22698 + 22699 and back (the regency teacups and saucers).
        Assert.Equal(24.119178654925847, rules[0].Lift, 12);
        Assert.Equal(24.119178654925847, rules[1].Lift, 12);
        var best = rules.Take(2).Single(r => sets.Names(r.Antecedent).SequenceEqual(["22697"]));
        Assert.Equal(["22698", "22699"], sets.Names(best.Consequent).Order(StringComparer.Ordinal));
        Assert.Equal(341, best.Count);
        Assert.Equal(0.0205681886724169, best.Support, 12);
        Assert.Equal(0.0369141685264491, best.AntecedentSupport, 12);
        Assert.Equal(0.0231015139634477, best.ConsequentSupport, 12);
        Assert.Equal(0.55718954248366, best.Confidence, 12);
        Assert.Equal(24.119178654925847, best.Lift, 12);
        Assert.Equal(0.019715415492754, best.Leverage, 12);
        Assert.Equal(2.2061323743703687, best.Conviction, 12);
        Assert.Equal(0.9952791194889312, best.Zhang, 12);
        Assert.Equal(0.521406727828746, best.Jaccard, 12);
        Assert.Equal(0.5467180430252284, best.Certainty, 12);
        Assert.Equal(0.7237644840355637, best.Kulczynski, 12);

        var pair = rules.Single(r => sets.Names(r.Antecedent).SequenceEqual(["22697"]) && sets.Names(r.Consequent).SequenceEqual(["22699"]));
        Assert.Equal(476, pair.Count);
        Assert.Equal(0.7777777777777777, pair.Confidence, 12);
        Assert.Equal(19.018846279908228, pair.Lift, 12);
        Assert.Equal(0.0272014110464483, pair.Leverage, 12);
        Assert.Equal(4.3159720127872605, pair.Conviction, 12);
        Assert.Equal(0.9837343091554904, pair.Zhang, 12);
        Assert.Equal(0.5847665847665848, pair.Jaccard, 12);
        Assert.Equal(0.7683024827229594, pair.Certainty, 12);
        Assert.Equal(0.73992133726647, pair.Kulczynski, 12);
    }
}
