using Valora.Analytics.Baskets;

namespace Valora.Analytics.Tests.Baskets;

public class RuleGeneratorTests
{
    static readonly FrequentItemsets Classic = ItemsetMiner.Mine(ItemsetMinerTests.Classic(), 0.4);

    static AssociationRule Rule(IReadOnlyList<AssociationRule> rules, string[] antecedent, string[] consequent) =>
        rules.Single(r => Classic.Names(r.Antecedent).Order(StringComparer.Ordinal).SequenceEqual(antecedent.Order(StringComparer.Ordinal))
            && Classic.Names(r.Consequent).Order(StringComparer.Ordinal).SequenceEqual(consequent.Order(StringComparer.Ordinal)));

    [Fact]
    public void Generate_DiapersToBeer_HasEveryMetricComputedByHand()
    {
        // s(Diapers ∪ Beer) = 3/5 (T2, T3, T4), s(Diapers) = 4/5, s(Beer) = 3/5.
        var r = Rule(RuleGenerator.Generate(Classic), ["Diapers"], ["Beer"]);
        Assert.Equal(3, r.Count);
        Assert.Equal(0.6, r.Support, 12);
        Assert.Equal(0.8, r.AntecedentSupport, 12);
        Assert.Equal(0.6, r.ConsequentSupport, 12);
        Assert.Equal(0.75, r.Confidence, 12);          // .6 / .8
        Assert.Equal(1.25, r.Lift, 12);                // .75 / .6
        Assert.Equal(0.12, r.Leverage, 12);            // .6 − .8·.6
        Assert.Equal(1.6, r.Conviction, 12);           // (1 − .6) / (1 − .75)
        Assert.Equal(1.0, r.Zhang, 12);                // .12 / max(.6·.2, .8·0)
        Assert.Equal(0.75, r.Jaccard, 12);             // .6 / (.8 + .6 − .6)
        Assert.Equal(0.375, r.Certainty, 12);          // (.75 − .6) / .4
        Assert.Equal(0.875, r.Kulczynski, 12);         // (.75 + .6/.6) / 2
    }

    [Fact]
    public void Generate_MilkAndDiapersToBeer_HasEveryMetricComputedByHand()
    {
        // s(M ∪ D ∪ Beer) = 2/5 (T3, T4), s(M ∪ D) = 3/5, s(Beer) = 3/5.
        var r = Rule(RuleGenerator.Generate(Classic), ["Milk", "Diapers"], ["Beer"]);
        Assert.Equal(0.4, r.Support, 12);
        Assert.Equal(2.0 / 3, r.Confidence, 12);
        Assert.Equal(10.0 / 9, r.Lift, 12);            // (2/3) / .6
        Assert.Equal(0.04, r.Leverage, 12);            // .4 − .36
        Assert.Equal(1.2, r.Conviction, 12);           // .4 / (1/3)
        Assert.Equal(0.25, r.Zhang, 12);               // .04 / max(.4·.4, .6·.2)
        Assert.Equal(0.5, r.Jaccard, 12);              // .4 / (.6 + .6 − .4)
        Assert.Equal(1.0 / 6, r.Certainty, 12);        // (2/3 − .6) / .4
        Assert.Equal(2.0 / 3, r.Kulczynski, 12);       // (2/3 + .4/.6) / 2
    }

    [Fact]
    public void Generate_BeerToMilk_IsANegativeAssociationByEveryMeasure()
    {
        // s(Beer ∪ Milk) = 2/5, s(Beer) = 3/5, s(Milk) = 4/5.
        var r = Rule(RuleGenerator.Generate(Classic), ["Beer"], ["Milk"]);
        Assert.Equal(5.0 / 6, r.Lift, 12);             // (2/3) / .8
        Assert.Equal(-0.08, r.Leverage, 12);           // .4 − .48
        Assert.Equal(0.6, r.Conviction, 12);           // .2 / (1/3)
        Assert.Equal(-1.0 / 3, r.Zhang, 12);           // −.08 / max(.4·.4, .6·.4)
        Assert.Equal(0.4, r.Jaccard, 12);              // .4 / (.6 + .8 − .4)
        Assert.Equal(-2.0 / 3, r.Certainty, 12);       // (2/3 − .8) / .2
        Assert.Equal(7.0 / 12, r.Kulczynski, 12);      // (2/3 + .5) / 2
    }

    [Fact]
    public void Generate_ARuleThatAlwaysHolds_HasInfiniteConviction()
    {
        var r = Rule(RuleGenerator.Generate(Classic), ["Beer"], ["Diapers"]);
        Assert.Equal(1.0, r.Confidence, 12);
        Assert.Equal(double.PositiveInfinity, r.Conviction);
    }

    [Fact]
    public void Generate_CountsEverySplitOfEveryItemset()
    {
        // 8 pairs × 2 + 4 triples × 6 = 40 rules.
        Assert.Equal(40, RuleGenerator.Generate(Classic).Count);
    }

    [Fact]
    public void Generate_Filters_KeepOnlyRulesPassingEachOne()
    {
        var all = RuleGenerator.Generate(Classic);
        var options = new RuleOptions { MinConfidence = 0.7, MinLift = 1.0, MaxLength = 2 };
        var kept = RuleGenerator.Generate(Classic, options);
        Assert.Equal(all.Where(r => r.Confidence >= 0.7 && r.Lift >= 1.0 && r.Length <= 2).Count(), kept.Count);
        Assert.NotEmpty(kept);
        Assert.All(kept, r => Assert.True(r.Confidence >= 0.7 && r.Lift >= 1 && r.Length == 2));

        var cola = Classic.ItemNames.ToList().IndexOf("Cola");
        var withCola = RuleGenerator.Generate(Classic, new RuleOptions { Item = cola });
        Assert.Equal(2 * 2 + 6, withCola.Count); // Cola+Milk, Cola+Diapers (2 each), Cola+Diapers+Milk (6)
        Assert.All(withCola, r => Assert.Contains(cola, r.Antecedent.Concat(r.Consequent)));
    }

    [Theory]
    [InlineData(RuleMetric.Lift, 5)]
    [InlineData(RuleMetric.Confidence, 7)]
    [InlineData(RuleMetric.Conviction, 3)]
    [InlineData(RuleMetric.Zhang, 10)]
    [InlineData(RuleMetric.Kulczynski, 1)]
    [InlineData(RuleMetric.Leverage, 40)]
    public void Generate_TopK_IsTheHeadOfTheFullRanking(RuleMetric by, int k)
    {
        var all = RuleGenerator.Generate(Classic, new RuleOptions { By = by });
        var top = RuleGenerator.Generate(Classic, new RuleOptions { By = by, Top = k });
        static string Describe(AssociationRule r) => string.Join(',', r.Antecedent) + "->" + string.Join(',', r.Consequent);
        Assert.Equal(all.Take(k).Select(Describe), top.Select(Describe));
        for (var i = 1; i < all.Count; i++)
        {
            Assert.True(all[i - 1].Metric(by) >= all[i].Metric(by));
        }
    }

    [Fact]
    public void Generate_TopZero_IsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RuleGenerator.Generate(Classic, new RuleOptions { Top = 0 }));
    }
}
