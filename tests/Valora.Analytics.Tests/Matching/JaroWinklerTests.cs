using Valora.Analytics.Matching;

namespace Valora.Analytics.Tests.Matching;

public sealed class JaroWinklerTests
{
    // Hand-worked: MARTHA/MARHTA m = 6, t = 1 → J = (1 + 1 + 5/6)/3 = 0.9444, prefix 3 → 0.9444 + 0.3·0.0556 = 0.9611.
    // DWAYNE/DUANE m = 4, t = 0 → J = (4/6 + 4/5 + 1)/3 = 0.8222, prefix 1 → 0.8400.
    // DIXON/DICKSONX m = 4, t = 0 → J = (4/5 + 4/8 + 1)/3 = 0.7667, prefix 2 → 0.8133.
    [Theory]
    [InlineData("MARTHA", "MARHTA", 0.9444, 0.9611)]
    [InlineData("DWAYNE", "DUANE", 0.8222, 0.8400)]
    [InlineData("DIXON", "DICKSONX", 0.7667, 0.8133)]
    public void Similarity_OnPublishedExamples_MatchesWinkler(string a, string b, double jaro, double jaroWinkler)
    {
        Assert.Equal(jaro, JaroWinkler.Jaro(a, b), 4);
        Assert.Equal(jaroWinkler, JaroWinkler.Similarity(a, b), 4);
        Assert.Equal(jaroWinkler, JaroWinkler.Similarity(b, a), 4);
    }

    [Fact]
    public void Similarity_AtTheEdges_IsOneForEqualAndZeroForDisjoint()
    {
        Assert.Equal(1, JaroWinkler.Similarity("ada", "ada"));
        Assert.Equal(1, JaroWinkler.Similarity("", ""));
        Assert.Equal(0, JaroWinkler.Similarity("", "ada"));
        Assert.Equal(0, JaroWinkler.Similarity("abc", "xyz"));
    }
}
