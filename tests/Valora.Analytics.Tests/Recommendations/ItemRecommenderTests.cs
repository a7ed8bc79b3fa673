using Valora.Analytics.Recommendations;

namespace Valora.Analytics.Tests.Recommendations;

/// <summary>
/// Item-based collaborative filtering on a matrix small enough to work by hand. Items A = 0, B = 1, C = 2, D = 3:
/// <code>
///        A  B  C  D
///   c0   1  1  .  .
///   c1   1  1  1  .
///   c2   .  1  1  .
///   c3   1  .  .  1
///   c4   .  .  .  .     (no history)
/// </code>
/// Buyers: A 3, B 3, C 2, D 1. Co-buyers: AB 2 (c0, c1), AC 1 (c1), AD 1 (c3), BC 2 (c1, c2), BD 0, CD 0. Cosines:
/// AB 2/√(3·3) = 2/3, AC 1/√(3·2) = 1/√6, AD 1/√(3·1) = 1/√3, BC 2/√(3·2) = 2/√6; BD and CD are not stored.
/// </summary>
[Trait("Issue", "14")]
public class ItemRecommenderTests
{
    const int A = 0, B = 1, C = 2, D = 3;

    internal static PurchaseMatrix Tiny() => PurchaseMatrix.FromPairs(5, 4,
        [(0, A), (0, B), (1, A), (1, B), (1, C), (2, B), (2, C), (3, A), (3, D), (3, A), (0, B)]);

    [Fact]
    public void FromPairs_CountsRepeatsOnceAndIndexesBothWays()
    {
        var m = Tiny();
        Assert.Equal(9, m.PairCount);
        Assert.Equal([A, B, C], m.ItemsOf(1).ToArray());
        Assert.Empty(m.ItemsOf(4).ToArray());
        Assert.Equal([0, 1, 3], m.BuyersOf(A).ToArray());
        Assert.Equal([3, 3, 2, 1], Enumerable.Range(0, 4).Select(m.Buyers));
    }

    [Fact]
    public void Cosine_EqualsTheHandWorkedValuesAndKeepsOnlyCoPurchasedPairs()
    {
        var s = ItemSimilarity.Cosine(Tiny());
        Assert.Equal(2.0 / 3, s.Of(A, B), 12);
        Assert.Equal(2.0 / 3, s.Of(B, A), 12);
        Assert.Equal(1 / Math.Sqrt(6), s.Of(A, C), 12);
        Assert.Equal(1 / Math.Sqrt(3), s.Of(D, A), 12);
        Assert.Equal(2 / Math.Sqrt(6), s.Of(C, B), 12);
        Assert.Equal(0, s.Of(B, D));
        // A–B, A–C, A–D, B–C, each both ways.
        Assert.Equal(8, s.PairCount);
        // Most similar first: A's neighbours B (.667), D (.577), C (.408).
        Assert.Equal([B, D, C], s.NeighboursOf(A).ToArray());
        Assert.Equal([A], s.NeighboursOf(D).ToArray());
    }

    [Fact]
    public void Cosine_TopK_KeepsEachItemsMostSimilarNeighboursOnly()
    {
        var s = ItemSimilarity.Cosine(Tiny(), topK: 1);
        Assert.Equal([B], s.NeighboursOf(A).ToArray());
        Assert.Equal([C], s.NeighboursOf(B).ToArray());
        Assert.Equal([A], s.NeighboursOf(D).ToArray());
        Assert.Equal(0, s.Of(A, D));        // no longer kept for A …
        Assert.Equal(1 / Math.Sqrt(3), s.Of(D, A), 12);   // … but still for D
    }

    [Fact]
    public void Recommend_PureItemCf_SumsSimilaritiesOverTheBoughtItemsWithTheMostSimilarAsReason()
    {
        var r = ItemRecommender.Train(Tiny(), new ItemRecommenderOptions { PopularityWeight = 0 });
        // c3 bought A and D: B scores sim(A,B) + sim(D,B) = 2/3 + 0, C scores sim(A,C) = 1/√6 ≈ .408.
        var c3 = r.Recommend(Tiny().ItemsOf(3), 10);
        Assert.Equal([B, C], c3.Select(x => x.Item));
        Assert.Equal(2.0 / 3, c3[0].Similarity, 12);
        Assert.Equal(1.0, c3[0].Score, 12);                        // cf / max cf
        Assert.Equal(1 / Math.Sqrt(6) / (2.0 / 3), c3[1].Score, 12);
        Assert.Equal([A, A], c3.Select(x => x.Because!.Value));
        // c2 bought B and C: A scores 2/3 + 1/√6 ≈ 1.075, most similar to B; D has no similarity and fills as popular.
        var c2 = r.Recommend(Tiny().ItemsOf(2), 10);
        Assert.Equal([A, D], c2.Select(x => x.Item));
        Assert.Equal(2.0 / 3 + 1 / Math.Sqrt(6), c2[0].Similarity, 12);
        Assert.Equal(B, c2[0].Because);
        Assert.Null(c2[1].Because);
        Assert.Equal(0, c2[1].Score);
    }

    [Fact]
    public void Recommend_Blend_WeighsScaledSimilarityAgainstScaledBuyersAndSaysWhichWon()
    {
        var r = ItemRecommender.Train(Tiny(), new ItemRecommenderOptions { PopularityWeight = 0.5 });
        // c3: max cf = 2/3, max buyers = 3.
        // B: .5·(2/3)/(2/3) + .5·3/3 = 1; similarity part .5 ≥ popularity part .5 → "bought with A".
        // C: .5·(1/√6)/(2/3) + .5·2/3 = .30619 + .33333 = .63952; popularity part larger → "popular".
        var c3 = r.Recommend(Tiny().ItemsOf(3), 2);
        Assert.Equal([B, C], c3.Select(x => x.Item));
        Assert.Equal(1.0, c3[0].Score, 12);
        Assert.Equal(0.5 * (1 / Math.Sqrt(6)) / (2.0 / 3) + 0.5 * 2 / 3, c3[1].Score, 12);
        Assert.Equal(A, c3[0].Because);
        Assert.Null(c3[1].Because);
    }

    [Fact]
    public void Recommend_Blend_ScalesSimilarityByTheBestItemThatCanBeOffered()
    {
        var r = ItemRecommender.Train(Tiny(), new ItemRecommenderOptions { PopularityWeight = 0.5 });
        // c1 bought A, B and C: only D is left, cf = sim(A,D) = 1/√3; B's own sum 2/3 + 2/√6 is larger but bought, so
        // D's similarity part is the whole .5: .5 + .5·1/3.
        var d = Assert.Single(r.Recommend(Tiny().ItemsOf(1), 5));
        Assert.Equal((D, A), (d.Item, d.Because!.Value));
        Assert.Equal(0.5 + 0.5 / 3, d.Score, 12);
        Assert.Equal(1 / Math.Sqrt(3), d.Similarity, 12);
    }

    [Fact]
    public void Recommend_NoHistory_FallsBackToPopularityWithTiesByItemId()
    {
        var r = ItemRecommender.Train(Tiny());
        var c4 = r.Recommend(Tiny().ItemsOf(4), 3);
        Assert.Equal([A, B, C], c4.Select(x => x.Item));   // 3, 3 (A before B), 2 buyers
        Assert.All(c4, x => Assert.Null(x.Because));
        Assert.Equal([A, B, C], r.Popular([], 3).Select(x => x.Item));
    }

    [Fact]
    public void Popular_LeavesOutWhatTheCustomerBought()
    {
        var r = ItemRecommender.Train(Tiny());
        var c0 = r.Popular(Tiny().ItemsOf(0), 10);
        Assert.Equal([C, D], c0.Select(x => x.Item));
        Assert.Equal([2.0, 1.0], c0.Select(x => x.Score));
    }

    [Fact]
    public void Recommend_NeverOffersABoughtItem()
    {
        var m = Tiny();
        var r = ItemRecommender.Train(m, new ItemRecommenderOptions { PopularityWeight = 0.3 });
        for (var c = 0; c < m.CustomerCount; c++)
        {
            var bought = m.ItemsOf(c).ToArray();
            var offers = r.Recommend(bought, 4);
            Assert.Equal(4 - bought.Length, offers.Count);
            Assert.DoesNotContain(offers, o => bought.Contains(o.Item));
        }
    }
}
