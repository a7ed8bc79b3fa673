using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Valora.Server.Tests.Support;

namespace Valora.Server.Tests.Api;

public sealed class RfmApiTests(RfmFixture fixture) : IClassFixture<RfmFixture>
{
    readonly HttpClient _client = fixture.CreateClient();

    [Fact]
    public async Task RunThenSegments_OrderedCustomers_TwoInEachOfFiveSegments()
    {
        using var run = await _client.PostAsync(new Uri("/api/rfm/run?asOf=2025-07-20", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.OK, run.StatusCode);
        var body = await run.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("2025-07-20", body.GetProperty("asOf").GetString());
        Assert.Equal(10, body.GetProperty("customers").GetInt32());
        Assert.Equal(RfmData.ExpectedSegments.OrderBy(p => p.Key, StringComparer.Ordinal), Counts(body, "customers").OrderBy(p => p.Key, StringComparer.Ordinal));

        var saved = await _client.GetFromJsonAsync<JsonElement>(new Uri("/api/rfm/segments", UriKind.Relative));
        Assert.Equal("2025-07-20", saved.GetProperty("asOf").GetString());
        Assert.Equal(10, saved.GetProperty("customers").GetInt32());
        Assert.Equal(RfmData.ExpectedSegments.OrderBy(p => p.Key, StringComparer.Ordinal), Counts(saved, "customers").OrderBy(p => p.Key, StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("/api/rfm/run?monetary=Median", "monetary")]
    [InlineData("/api/rfm/run?bands=4", "bands")]
    public async Task Run_BadInput_Returns400NamingTheParameter(string url, string field)
    {
        using var response = await _client.PostAsync(new Uri(url, UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    static Dictionary<string, int> Counts(JsonElement body, string countProperty) =>
        body.GetProperty("segments").EnumerateArray().ToDictionary(
            s => s.GetProperty("segment").GetString()!, s => s.GetProperty(countProperty).GetInt32(), StringComparer.Ordinal);
}

public sealed class RfmApiEmptyTests(EmptyServerFixture fixture) : IClassFixture<EmptyServerFixture>
{
    readonly HttpClient _client = fixture.CreateClient();

    [Fact]
    public async Task Segments_BeforeAnyRun_Returns404Problem()
    {
        using var response = await _client.GetAsync(new Uri("/api/rfm/segments", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Run_WithoutOrders_Returns422WithTheReason()
    {
        using var response = await _client.PostAsync(new Uri("/api/rfm/run", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("There are no completed orders to score. Import orders first.", problem.GetProperty("detail").GetString());
        Assert.Equal("No orders", problem.GetProperty("title").GetString());
        Assert.Equal("noOrders", problem.GetProperty("reason").GetString());
        Assert.Equal("rfm", problem.GetProperty("model").GetString());
    }
}
