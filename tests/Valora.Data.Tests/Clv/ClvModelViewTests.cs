using Valora.Analytics.Clv;
using Valora.Data.Clv;
using Valora.TestSupport.Data;

namespace Valora.Data.Tests.Clv;

public sealed class ClvModelViewTests
{
    [Fact]
    public void Matrix_OfBgNbd_MatchesTheClosedFormOfFaderHardieLee()
    {
        // CDNOW parameters (Fader, Hardie & Lee 2005); T = 39 weeks.
        var model = new BetaGeoParameters(0.243, 4.414, 0.793, 2.426);
        const double T = 39;

        var m = ClvModelView.Matrix(model, T, maxFrequency: 5);

        Assert.Equal(6, m.ProbabilityAlive.Length);
        Assert.Equal(ClvModelView.RecencyColumns, m.RecencyEdges.Count);
        Assert.Equal(T / ClvModelView.RecencyColumns / 2, m.RecencyEdges[0], 12);
        Assert.All(m.ProbabilityAlive[0], p => Assert.Equal(1.0, p));
        for (var x = 1; x <= 5; x++)
        {
            for (var j = 0; j < m.RecencyEdges.Count; j++)
            {
                // P(alive | x, tₓ, T) = 1 / (1 + a / (b + x − 1) · ((α + T) / (α + tₓ))^(r + x)), eq. (13).
                var tx = m.RecencyEdges[j];
                var expected = 1 / (1 + 0.793 / (2.426 + x - 1) * Math.Pow((4.414 + T) / (4.414 + tx), 0.243 + x));
                Assert.Equal(expected, m.ProbabilityAlive[x][j], 10);
            }
        }
    }

    [Fact]
    public async Task Latest_WithoutFittedModels_HasNoModelAndNoMatrix()
    {
        await using var test = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var db = test.Database.CreateContext();

        var view = await ClvModelView.LatestAsync(db);

        Assert.Null(view.Purchase);
        Assert.Null(view.Spend);
        Assert.Null(view.Alive);
    }
}
