using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Valora.Analytics.Value;
using Valora.Data;
using Valora.Server.Api;
using Valora.Server.Tests.Support;

namespace Valora.Server.Tests.Api;

/// <summary>Four customers with cumulative profits 10, 20, 30 and 40 (revenue, no cost; 40 split over two orders).</summary>
public sealed class ValueFixture : ServerFixture
{
    protected override async Task InsertAsync(ValoraDbContext db)
    {
        decimal[] profits = [10, 20, 30];
        for (var i = 0; i < profits.Length; i++)
        {
            var id = await SalesData.CustomerAsync(db, $"P-{i}");
            SalesData.Order(db, id, new DateOnly(2025, 3, 1), profits[i], $"P-{i}-a");
        }
        var last = await SalesData.CustomerAsync(db, "P-3");
        SalesData.Order(db, last, new DateOnly(2025, 3, 1), 15, "P-3-a");
        SalesData.Order(db, last, new DateOnly(2025, 4, 1), 25, "P-3-b");
        await db.SaveChangesAsync();
    }
}

public sealed class ValueApiTests(ValueFixture fixture) : IClassFixture<ValueFixture>
{
    readonly HttpClient _client = fixture.CreateClient();

    [Fact]
    public async Task Concentration_ProfitsTenToForty_GiniQuarterTopShareAndLorenz()
    {
        var body = await _client.GetFromJsonAsync<JsonElement>(new Uri("/api/value/concentration", UriKind.Relative));

        // Gini = Σ(2i − n − 1)x₍ᵢ₎/(n·S) = (−3·10 − 20 + 30 + 3·40)/(4·100) = 0.25 (by hand).
        Assert.Equal(0.25, body.GetProperty("gini").GetDouble(), 12);
        // Top 10 % and top 20 % of 4 customers are both ⌈0.4⌉ = ⌈0.8⌉ = 1 customer: 40 of 100.
        Assert.Equal(0.4, body.GetProperty("top10PercentShare").GetDouble(), 12);
        Assert.Equal(0.4, body.GetProperty("top20PercentShare").GetDouble(), 12);
        // 80 % needs 40 + 30 + 20 = 90 ≥ 80: three of four customers.
        Assert.Equal(0.75, body.GetProperty("customerFractionFor80PercentOfProfit").GetDouble(), 12);
        var lorenz = body.GetProperty("lorenz").EnumerateArray()
            .Select(p => (p.GetProperty("customerFraction").GetDouble(), p.GetProperty("profitShare").GetDouble())).ToList();
        Assert.Equal([(0, 0), (0.25, 0.1), (0.5, 0.3), (0.75, 0.6), (1, 1)], lorenz.Select(p => (Math.Round(p.Item1, 12), Math.Round(p.Item2, 12))));
        var summary = body.GetProperty("customerValue");
        Assert.Equal(4, summary.GetProperty("customers").GetInt32());
        Assert.Equal(100m, summary.GetProperty("total").GetDecimal());
        Assert.Equal(25m, summary.GetProperty("mean").GetDecimal());
        Assert.Equal(25m, summary.GetProperty("median").GetDecimal());
        // Type-7 quartiles: h = 3·0.25 = 0.75 → 10 + 0.75·10; h = 2.25 → 30 + 0.25·10.
        Assert.Equal(17.5m, summary.GetProperty("lowerQuartile").GetDecimal());
        Assert.Equal(32.5m, summary.GetProperty("upperQuartile").GetDecimal());
        Assert.Equal(10m, summary.GetProperty("min").GetDecimal());
        Assert.Equal(40m, summary.GetProperty("max").GetDecimal());
    }

    [Fact]
    public void Downsample_ThousandAndOnePoints_KeepsEveryTenthIncludingBothEnds()
    {
        var points = Enumerable.Range(0, 1001).Select(i => new LorenzPoint(i / 1000.0, i / 1000.0)).ToList();

        var kept = Concentration.Downsample(points, Concentration.CurvePoints);

        Assert.Equal(101, kept.Count);
        Assert.Equal(Enumerable.Range(0, 101).Select(i => points[10 * i]), kept);
    }

    [Fact]
    public void Downsample_FewPoints_KeepsThemAll()
    {
        LorenzPoint[] points = [new(0, 0), new(0.5, 0.2), new(1, 1)];

        Assert.Equal(points, Concentration.Downsample(points, Concentration.CurvePoints));
    }
}

public sealed class ValueApiEmptyTests(EmptyServerFixture fixture) : IClassFixture<EmptyServerFixture>
{
    [Fact]
    public async Task Concentration_WithoutOrders_Returns422()
    {
        using var client = fixture.CreateClient();

        using var response = await client.GetAsync(new Uri("/api/value/concentration", UriKind.Relative));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
    }
}
