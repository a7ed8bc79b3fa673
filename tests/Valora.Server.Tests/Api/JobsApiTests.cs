using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Valora.Server.Tests.Support;

namespace Valora.Server.Tests.Api;

public sealed class JobsApiTests(EmptyServerFixture fixture) : IClassFixture<EmptyServerFixture>
{
    readonly HttpClient _client = fixture.CreateClient();

    [Fact]
    public async Task Get_UnknownId_Returns404Problem()
    {
        using var response = await _client.GetAsync(new Uri("/api/jobs/0123456789abcdef0123456789abcdef", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Fit_OnEmptyDatabase_JobFailsWithTheReason()
    {
        var job = await JobPolling.StartAndWaitAsync(_client, "/api/clv/fit", new { model = "bgnbd", calibrationEnd = "2025-09-30" });

        Assert.Equal("failed", job.GetProperty("status").GetString());
        Assert.Equal("clv-fit", job.GetProperty("kind").GetString());
        Assert.Contains("no completed orders", job.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, job.GetProperty("result").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, job.GetProperty("startedAt").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, job.GetProperty("finishedAt").ValueKind);
    }

    [Fact]
    public async Task Score_WithoutFittedModel_JobFailsSayingWhatToFitFirst()
    {
        var job = await JobPolling.StartAndWaitAsync(_client, "/api/clv/score", new { horizon = 52 });

        Assert.Equal("failed", job.GetProperty("status").GetString());
        var error = job.GetProperty("error").GetString();
        Assert.Equal("No purchase model has been fitted. Fit one first: POST /api/clv/fit with \"model\": \"bgnbd\" and a calibrationEnd.", error);
    }
}
