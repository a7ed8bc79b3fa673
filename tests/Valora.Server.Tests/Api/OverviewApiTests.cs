using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Valora.Server.Tests.Support;

namespace Valora.Server.Tests.Api;

public sealed class OverviewApiTests(OverviewFixture fixture) : IClassFixture<OverviewFixture>
{
    [Fact]
    public async Task GetCounts_AfterInsertingKnownRows_ReportsEachTableItsOwnCount()
    {
        using var client = fixture.CreateClient();

        using var response = await client.GetAsync(new Uri("/api/overview/counts", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var reported = body.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32(), StringComparer.Ordinal);
        Assert.Equal(OverviewData.Expected.OrderBy(p => p.Key, StringComparer.Ordinal), reported.OrderBy(p => p.Key, StringComparer.Ordinal));
    }
}
