using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Valora.Server.Tests.Support;

namespace Valora.Server.Tests.Api;

/// <summary>
/// Every long-running endpoint answers an out-of-range parameter with a 400 naming it, at once, before any work
/// starts (issue 10 item 10: a horizon of 1e9 once started a job that never ended).
/// </summary>
public sealed class OutOfRangeTests(EmptyServerFixture fixture) : IClassFixture<EmptyServerFixture>
{
    readonly HttpClient _client = fixture.CreateClient();

    [Theory]
    [InlineData("/api/clv/score", """{"horizon":1e9}""", "horizon")]
    [InlineData("/api/clv/score", """{"horizon":0}""", "horizon")]
    [InlineData("/api/clv/score", """{"horizon":52,"discountRate":5}""", "discountRate")]
    [InlineData("/api/clv/score", """{"horizon":52,"discountRate":-0.1}""", "discountRate")]
    [InlineData("/api/clv/score", """{"horizon":52,"margin":1.5}""", "margin")]
    [InlineData("/api/clv/fit", """{"model":"bgnbd","calibrationEnd":"2025-01-01","daysPerUnit":0}""", "daysPerUnit")]
    [InlineData("/api/clv/fit", """{"model":"nope","calibrationEnd":"2025-01-01"}""", "model")]
    [InlineData("/api/clv/validate", """{"model":"bgnbd","calibrationEnd":"2025-01-01","holdoutEnd":"2024-12-01"}""", "holdoutEnd")]
    [InlineData("/api/clusters/run", """{"k":100000}""", "k")]
    [InlineData("/api/clusters/run", """{"maxK":1000}""", "maxK")]
    [InlineData("/api/clusters/run", """{"algorithm":"dbscan","minPoints":0}""", "minPoints")]
    [InlineData("/api/potential/score", """{"alpha":-1}""", "alpha")]
    [InlineData("/api/potential/score", """{"horizonYears":0}""", "horizonYears")]
    [InlineData("/api/potential/score", """{"ticketCost":-5}""", "ticketCost")]
    [InlineData("/api/lifecycle/run", """{"introDays":0}""", "introDays")]
    [InlineData("/api/lifecycle/run", """{"growthRatio":0.5}""", "growthRatio")]
    [InlineData("/api/lifecycle/run", """{"leavingProbabilityAlive":2}""", "leavingProbabilityAlive")]
    [InlineData("/api/cycle/run", """{"k":-1}""", "k")]
    [InlineData("/api/cycle/run", """{"windowDays":0}""", "windowDays")]
    [InlineData("/api/rules/run", """{"minSupport":0}""", "minSupport")]
    [InlineData("/api/rules/run", """{"minConfidence":1.5}""", "minConfidence")]
    [InlineData("/api/rules/run", """{"maxLength":1}""", "maxLength")]
    [InlineData("/api/rules/run", """{"algorithm":"magic"}""", "algorithm")]
    [InlineData("/api/rules/run", """{"by":"3"}""", "by")]
    [InlineData("/api/rules/run", """{"from":"2024-02-01","to":"2024-01-01"}""", "from")]
    public async Task Post_OutOfRange_Is400NamingTheFieldAndStartsNoJob(string url, string body, string field)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await _client.PostAsync(new Uri(url, UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"no error for '{field}' in {problem}");
    }

    [Theory]
    [InlineData("/api/rfm/run?bands=0", "bands")]
    [InlineData("/api/rfm/run?monetary=Median", "monetary")]
    public async Task PostQuery_OutOfRange_Is400NamingTheParameter(string url, string field)
    {
        using var response = await _client.PostAsync(new Uri(url, UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
