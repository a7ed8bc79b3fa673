using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Valora.Server.Tests.Support;

namespace Valora.Server.Tests.Api;

public sealed class CalcApiTests(EmptyServerFixture fixture) : IClassFixture<EmptyServerFixture>
{
    readonly HttpClient _client = fixture.CreateClient();

    [Fact]
    public async Task Clv_ThreeProfitsAtTenPercent_Returns2224Point64()
    {
        // 900/1.1 + 720/1.1² + 1080/1.1³ = 818.1818 + 595.0413 + 811.4200 = 2224.6431 (by hand).
        var body = await _client.GetFromJsonAsync<JsonElement>(new Uri("/api/calc/clv?profits=900,720,1080&rate=0.10", UriKind.Relative));

        Assert.Equal(2224.64, body.GetProperty("clv").GetDouble());
        Assert.Equal(2224.6431, body.GetProperty("clvExact").GetDouble(), 4);
        Assert.Equal(2700, body.GetProperty("undiscountedProfit").GetDouble());
        Assert.Equal(3, body.GetProperty("periods").GetInt32());
    }

    [Fact]
    public async Task Potential_TheIssueExample_Is53Point2()
    {
        // 0.5·100 + 0.3·10 + 0.2·1 = 50 + 3 + 0.2 (by hand); other weights: 1·100 + 0·10 + 2·1 = 102.
        var body = await _client.GetFromJsonAsync<JsonElement>(new Uri("/api/calc/potential?purchase=100&referral=10&maintenance=1", UriKind.Relative));
        Assert.Equal(53.2, body.GetProperty("potentialValue").GetDouble(), 12);
        Assert.Equal((0.5, 0.3, 0.2), (body.GetProperty("alpha").GetDouble(), body.GetProperty("beta").GetDouble(), body.GetProperty("gamma").GetDouble()));
        var other = await _client.GetFromJsonAsync<JsonElement>(new Uri("/api/calc/potential?purchase=100&referral=10&maintenance=1&alpha=1&beta=0&gamma=2", UriKind.Relative));
        Assert.Equal(102, other.GetProperty("potentialValue").GetDouble(), 12);
    }

    [Fact]
    public async Task Clv_AnnualRatePerQuarter_ConvertsTheRateToQuarterly()
    {
        // 21 % a year = (1.21)^(1/4) − 1 = √1.1 − 1 a quarter; one profit of 100 is worth 100/√1.1 = 95.3463 (by hand).
        var body = await _client.GetFromJsonAsync<JsonElement>(new Uri("/api/calc/clv?profits=100&rate=0.21&annualRatePer=Quarter", UriKind.Relative));

        Assert.Equal(Math.Sqrt(1.1) - 1, body.GetProperty("ratePerPeriod").GetDouble(), 12);
        Assert.Equal(95.35, body.GetProperty("clv").GetDouble());
    }

    [Theory]
    [InlineData("/api/calc/clv?profits=900,abc&rate=0.1", "profits")]
    [InlineData("/api/calc/clv?profits=,&rate=0.1", "profits")]
    [InlineData("/api/calc/clv?profits=900&rate=-1", "rate")]
    [InlineData("/api/calc/clv?profits=900&rate=0.1&annualRatePer=Week", "annualRatePer")]
    [InlineData("/api/calc/growth?value=100&growth=-2&periods=3", "growth")]
    [InlineData("/api/calc/growth?value=100&growth=0.1&periods=-1", "periods")]
    [InlineData("/api/calc/simple?aov=-5&ordersPerPeriod=1&lifespan=1&margin=0.3", "aov")]
    [InlineData("/api/calc/simple?aov=5&ordersPerPeriod=1&lifespan=1&margin=1.5", "margin")]
    [InlineData("/api/calc/event?revenue=10&cost=-1", "cost")]
    [InlineData("/api/calc/potential?purchase=100&referral=10&maintenance=1&alpha=-0.5", "alpha")]
    [InlineData("/api/calc/potential?purchase=100&referral=10&maintenance=1&alpha=0&beta=0&gamma=0", "alpha")]
    [InlineData("/api/calc/potential?purchase=NaN&referral=10&maintenance=1", "purchase")]
    public async Task Calc_BadInput_Returns400NamingTheParameter(string url, string field)
    {
        using var response = await _client.GetAsync(new Uri(url, UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var errors = problem.GetProperty("errors");
        Assert.Equal([field], errors.EnumerateObject().Select(p => p.Name));
    }

    [Theory]
    [InlineData("/api/calc/clv?profits=900&rate=abc", "rate")]
    [InlineData("/api/calc/clv?profits=900", "rate")]
    [InlineData("/api/calc/growth?value=1&growth=0.1&periods=1.5", "periods")]
    public async Task Calc_UnbindableOrMissingParameter_Returns400NamingIt(string url, string parameter)
    {
        using var response = await _client.GetAsync(new Uri(url, UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains($" {parameter}\"", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Growth_TenPercentOverTwoPeriods_ProjectsAndDiscountsTheStream()
    {
        // 100·1.1² = 121; stream 100/1.1 + 110/1.1² = 90.909 + 90.909 = 181.818 (by hand).
        var body = await _client.GetFromJsonAsync<JsonElement>(new Uri("/api/calc/growth?value=100&growth=0.1&periods=2&rate=0.1", UriKind.Relative));

        Assert.Equal(121, body.GetProperty("projected").GetDouble(), 9);
        Assert.Equal(200 / 1.1, body.GetProperty("discountedStream").GetDouble(), 9);
    }

    [Fact]
    public async Task Simple_KnownInputs_ReturnsTheFormula()
    {
        // 50 × 2 × 3 × 0.3 − 10 − 5 × 3 = 90 − 25 = 65.
        var body = await _client.GetFromJsonAsync<JsonElement>(new Uri(
            "/api/calc/simple?aov=50&ordersPerPeriod=2&lifespan=3&margin=0.3&acquisitionCost=10&retentionCost=5", UriKind.Relative));

        Assert.Equal(65m, body.GetProperty("lifetimeValue").GetDecimal());
    }

    [Fact]
    public async Task Event_RevenueMinusCost()
    {
        var body = await _client.GetFromJsonAsync<JsonElement>(new Uri("/api/calc/event?revenue=100.50&cost=30.25", UriKind.Relative));

        Assert.Equal(70.25m, body.GetProperty("value").GetDecimal());
    }
}
