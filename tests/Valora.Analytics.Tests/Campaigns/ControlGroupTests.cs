using Valora.Analytics.Campaigns;

namespace Valora.Analytics.Tests.Campaigns;

public class ControlGroupTests
{
    [Fact]
    public void Holds_out_exactly_the_share_and_repeats_for_a_seed()
    {
        var a = ControlGroup.Draw(1001, 0.1, seed: 7);
        var b = ControlGroup.Draw(1001, 0.1, seed: 7);
        var c = ControlGroup.Draw(1001, 0.1, seed: 8);
        Assert.Equal(100, a.Count(x => x)); // round(100.1)
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Every_target_is_equally_likely_to_be_held_out()
    {
        // 4,000 draws of 3 of 10: each index is held out 30 % of the time; binomial SD √(4000·.3·.7) ≈ 29.
        var counts = new int[10];
        for (var seed = 0; seed < 4000; seed++)
        {
            var held = ControlGroup.Draw(10, 0.3, seed);
            for (var i = 0; i < 10; i++) if (held[i]) counts[i]++;
        }
        Assert.All(counts, n => Assert.InRange(n, 1200 - 120, 1200 + 120));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void A_share_outside_0_to_1_is_refused(double share) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ControlGroup.Draw(10, share, 1));
}
