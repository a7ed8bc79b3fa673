using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Valora.Server.Tests.Support;

namespace Valora.Server.Tests.Api;

/// <summary>The survey endpoints' answers to bad input and to a database without surveys (the figures are tested in Valora.Data.Tests).</summary>
public sealed class SurveysApiTests(EmptyServerFixture fixture) : IClassFixture<EmptyServerFixture>
{
    readonly HttpClient _client = fixture.CreateClient();

    [Fact]
    public async Task Nps_WithoutAnswers_Is422WithTheReasonCode()
    {
        using var response = await _client.GetAsync(new Uri("/api/surveys/nps", UriKind.Relative));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("missingInput", problem.GetProperty("reason").GetString());
        Assert.Equal("nps", problem.GetProperty("model").GetString());
    }

    [Theory]
    [InlineData("/api/surveys/nps?from=2025-03-01&to=2025-03-01", "to")]
    [InlineData("/api/surveys/nps?from=March", "from")]
    public async Task Nps_BadWindow_Is400NamingTheParameter(string url, string parameter)
    {
        using var response = await _client.GetAsync(new Uri(url, UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(parameter, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SaveScores_WithoutAnswers_Is422AndStoresNothing()
    {
        using var response = await _client.PostAsync(new Uri("/api/surveys/scores", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        await using var db = fixture.Factory.Database.CreateContext();
        Assert.Empty(db.AnalysisRuns);
    }
}
