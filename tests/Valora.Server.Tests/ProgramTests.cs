using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Valora.Server.Tests.Support;

namespace Valora.Server.Tests;

/// <summary>What <c>Program.cs</c> maps besides the feature APIs: the OpenAPI document and the Scalar reference.</summary>
public sealed class ProgramTests(EmptyServerFixture fixture) : IClassFixture<EmptyServerFixture>
{
    readonly HttpClient _client = fixture.CreateClient();

    [Fact]
    public async Task OpenApiDocument_ListsEveryEndpointWithItsOperations()
    {
        var document = await _client.GetFromJsonAsync<JsonElement>(new Uri("/openapi/v1.json", UriKind.Relative));

        Assert.Equal("Valora API", document.GetProperty("info").GetProperty("title").GetString());
        var paths = document.GetProperty("paths");
        Assert.Equal("GetOverviewCounts", paths.GetProperty("/api/overview/counts").GetProperty("get").GetProperty("operationId").GetString());
        var list = paths.GetProperty("/api/customers").GetProperty("get");
        Assert.Equal("GetCustomers", list.GetProperty("operationId").GetString());
        Assert.True(list.GetProperty("responses").TryGetProperty("400", out _));
        var pageSize = list.GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "pageSize");
        Assert.Equal(1, pageSize.GetProperty("schema").GetProperty("minimum").GetInt32());
        Assert.Equal(500, pageSize.GetProperty("schema").GetProperty("maximum").GetInt32());
        var one = paths.GetProperty("/api/customers/{id}").GetProperty("get");
        Assert.True(one.GetProperty("responses").TryGetProperty("404", out _));
        Assert.False(paths.TryGetProperty("/health", out _));
    }

    [Fact]
    public async Task Scalar_ServesItsPageFromThePackageWithoutCdn()
    {
        using var response = await _client.GetAsync(new Uri("/scalar/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("openapi/v1.json", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);

        using var script = await _client.GetAsync(new Uri("/scalar/scalar.js", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
    }

    [Fact]
    public async Task UnknownApiPath_ReturnsNotFoundProblem()
    {
        using var response = await _client.GetAsync(new Uri("/api/nothing-here", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
