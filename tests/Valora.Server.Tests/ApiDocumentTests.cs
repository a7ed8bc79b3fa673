using System.Net.Http.Json;
using System.Text.Json;
using Valora.Server.Tests.Support;

namespace Valora.Server.Tests;

public sealed class ApiDocumentTests(EmptyServerFixture fixture) : IClassFixture<EmptyServerFixture>
{
    [Theory]
    [InlineData("/api/calc/clv", "get", "CalcClv")]
    [InlineData("/api/calc/growth", "get", "CalcGrowth")]
    [InlineData("/api/calc/simple", "get", "CalcSimple")]
    [InlineData("/api/calc/event", "get", "CalcEvent")]
    [InlineData("/api/value/concentration", "get", "GetValueConcentration")]
    [InlineData("/api/rfm/run", "post", "RunRfm")]
    [InlineData("/api/rfm/segments", "get", "GetRfmSegments")]
    [InlineData("/api/kpi", "get", "GetKpis")]
    [InlineData("/api/clv/fit", "post", "FitClv")]
    [InlineData("/api/clv/score", "post", "ScoreClv")]
    [InlineData("/api/clv/validate", "post", "ValidateClv")]
    [InlineData("/api/clv/models", "get", "GetClvModels")]
    [InlineData("/api/jobs/{id}", "get", "GetJob")]
    [InlineData("/api/customers/{id}/scores", "get", "GetCustomerScores")]
    [InlineData("/api/campaigns", "get", "GetCampaigns")]
    [InlineData("/api/surveys/nps", "get", "GetNps")]
    [InlineData("/api/surveys/questions", "get", "GetSurveyQuestions")]
    [InlineData("/api/surveys/scores", "post", "SaveSatisfactionScores")]
    [InlineData("/api/campaigns/{id}/results", "get", "GetCampaignResults")]
    public async Task OpenApiDocument_ListsTheValueEndpoints(string path, string method, string operationId)
    {
        using var client = fixture.CreateClient();

        var document = await client.GetFromJsonAsync<JsonElement>(new Uri("/openapi/v1.json", UriKind.Relative));

        var operation = document.GetProperty("paths").GetProperty(path).GetProperty(method);
        Assert.Equal(operationId, operation.GetProperty("operationId").GetString());
        Assert.False(string.IsNullOrWhiteSpace(operation.GetProperty("summary").GetString()));
    }

    [Fact]
    public async Task OpenApiDocument_JobStartsDocumentAccepted()
    {
        using var client = fixture.CreateClient();

        var document = await client.GetFromJsonAsync<JsonElement>(new Uri("/openapi/v1.json", UriKind.Relative));

        var responses = document.GetProperty("paths").GetProperty("/api/clv/fit").GetProperty("post").GetProperty("responses");
        Assert.True(responses.TryGetProperty("202", out _));
        Assert.True(responses.TryGetProperty("400", out _));
    }
}
