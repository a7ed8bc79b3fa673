using Valora.Analytics.Recommendations;

namespace Valora.Analytics.Tests.Recommendations;

[Trait("Issue", "14")]
public class OfflineEvaluationTests
{
    [Fact]
    public void Score_ThreeCustomersAtThree_EqualsTheHandWorkedMetrics()
    {
        // u1: [1 2 3] vs {2 5}: one hit at rank 2 → P 1/3, R 1/2, AP (1/2)/min(2,3) = 1/4.
        // u2: [4 5 6] vs {4 6}: hits at ranks 1 and 3 → P 2/3, R 1, AP (1/1 + 2/3)/2 = 5/6.
        // u3: [1 4] vs {7}: no hit → 0, 0, 0 (precision still over N = 3).
        // u2 ranks 5 and u1 has 5 relevant: lists are scored per customer only.
        var m = OfflineEvaluation.Score(
            [([1, 2, 3], [2, 5]), ([4, 5, 6], [4, 6]), ([1, 4], [7])], top: 3, catalogueItems: 8);
        Assert.Equal(3, m.Customers);
        Assert.Equal(2.0 / 3, m.HitRate, 12);
        Assert.Equal((1.0 / 3 + 2.0 / 3 + 0) / 3, m.Precision, 12);
        Assert.Equal((0.5 + 1 + 0) / 3, m.Recall, 12);
        Assert.Equal((0.25 + 5.0 / 6 + 0) / 3, m.Map, 12);   // 13/36
        Assert.Equal(6, m.ItemsRecommended);                   // 1…6
        Assert.Equal(0.75, m.Coverage, 12);
    }

    [Fact]
    public void Score_OnlyTheFirstNCount()
    {
        // At N = 1 only item 1 counts: u1 [1 2] vs {2} is no hit, and 2 is not "recommended".
        var m = OfflineEvaluation.Score([([1, 2], [2])], top: 1, catalogueItems: 4);
        Assert.Equal(0, m.HitRate);
        Assert.Equal(0, m.Map);
        Assert.Equal(1, m.ItemsRecommended);
        // More relevant items than N: AP divides by N. [1 2] vs {1 2 3} at 2 → (1 + 1)/2 = 1; recall 2/3.
        var full = OfflineEvaluation.Score([([1, 2], [1, 2, 3])], top: 2, catalogueItems: 4);
        Assert.Equal(1, full.Map, 12);
        Assert.Equal(2.0 / 3, full.Recall, 12);
        Assert.Equal(1, full.Precision, 12);
    }

    static readonly DateTime Cut = new(2011, 9, 1, 0, 0, 0, DateTimeKind.Utc);

    static DateTime Day(int offset) => Cut.AddDays(offset);

    [Fact]
    public void Split_KeepsCustomersActiveInBothPeriodsWithNewItemsAsRelevant()
    {
        // c0: 0, 1 before; 1 (re-buy) and 2 after (at the cut itself: test) → relevant {2}.
        // c1: 0 before; 0 after only → active in both, only re-bought, not evaluated.
        // c2: 3 after only → not evaluated.   c3: 1 before only → not evaluated.
        Purchase[] purchases =
        [
            new(0, 0, Day(-10)), new(0, 1, Day(-1)), new(0, 1, Day(3)), new(0, 2, Day(0)),
            new(1, 0, Day(-5)), new(1, 0, Day(5)),
            new(2, 3, Day(2)),
            new(3, 1, Day(-2)),
        ];
        var split = OfflineEvaluation.Split(purchases, 4, 5, Cut);
        var held = Assert.Single(split.Customers);
        Assert.Equal(0, held.Customer);
        Assert.Equal([2], held.Relevant);
        Assert.Equal(2, split.ActiveInBoth);
        Assert.Equal(1, split.OnlyRebought);
        Assert.Equal(2, split.CatalogueItems);   // items 0 and 1 have training buyers; 2 and 3 only test ones
        Assert.Equal([0, 1], split.Train.ItemsOf(0).ToArray());
        Assert.Empty(split.Train.ItemsOf(2).ToArray());
    }

    [Fact]
    public void Evaluate_ItemCfFindsTheCoPurchaseThatPopularityMisses()
    {
        // Before the cut: three customers bought 0 and 1 together, four others bought 2 and 3 — 2 and 3 are the most
        // popular. After it, c7 (who had bought 0) buys 1: item-CF offers 1 first (sim(0,1) = 1), popularity offers 2.
        var purchases = new List<Purchase>();
        for (var c = 0; c < 3; c++)
        {
            purchases.Add(new(c, 0, Day(-9)));
            purchases.Add(new(c, 1, Day(-9)));
        }
        for (var c = 3; c < 7; c++)
        {
            purchases.Add(new(c, 2, Day(-8)));
            purchases.Add(new(c, 3, Day(-8)));
        }
        purchases.Add(new(7, 0, Day(-3)));
        purchases.Add(new(7, 1, Day(4)));
        var split = OfflineEvaluation.Split(purchases, 8, 4, Cut);
        var model = ItemRecommender.Train(split.Train, new ItemRecommenderOptions { PopularityWeight = 0 });
        var cf = OfflineEvaluation.Evaluate(split, 1, c => [.. model.Recommend(split.Train.ItemsOf(c), 1).Select(r => r.Item)]);
        var pop = OfflineEvaluation.Evaluate(split, 1, c => [.. model.Popular(split.Train.ItemsOf(c), 1).Select(r => r.Item)]);
        Assert.Equal(1, cf.HitRate);
        Assert.Equal(1, cf.Map);
        Assert.Equal(0, pop.HitRate);
        Assert.Equal(1.0 / 4, cf.Coverage);
    }
}
