using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Valora.Server.Tests.Support;

namespace Valora.Server.Tests.Api;

public sealed class ClvApiTests(ClvFixture fixture) : IClassFixture<ClvFixture>
{
    readonly HttpClient _client = fixture.CreateClient();

    [Fact]
    public async Task FitThenScore_KnownPurchases_SavesModelsAndWritesClvScores()
    {
        var bgnbd = await JobPolling.StartAndWaitAsync(_client, "/api/clv/fit",
            new { model = "bgnbd", calibrationEnd = "2025-12-31", holdoutEnd = "2026-06-30", daysPerUnit = 7 });

        Assert.True(bgnbd.GetProperty("status").GetString() == "succeeded", bgnbd.ToString());
        Assert.Equal(JsonValueKind.Null, bgnbd.GetProperty("error").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, bgnbd.GetProperty("finishedAt").ValueKind);
        var fit = bgnbd.GetProperty("result");
        var ll = fit.GetProperty("logLikelihood").GetDouble();
        Assert.True(double.IsFinite(ll) && ll < 0, $"LL {ll}");
        Assert.Equal(ClvData.Customers, fit.GetProperty("customers").GetInt32());
        var estimates = fit.GetProperty("estimates").EnumerateArray().ToDictionary(e => e.GetProperty("name").GetString()!, e => e.GetProperty("value").GetDouble(), StringComparer.Ordinal);
        Assert.Equal(["a", "alpha", "b", "r"], estimates.Keys.Order(StringComparer.Ordinal));
        Assert.All(estimates.Values, v => Assert.True(v > 0 && double.IsFinite(v), $"parameter {v}"));
        // The holdout counts the purchase days the data generator put after the calibration end.
        Assert.Equal(fixture.Facts.HoldoutPurchases, fit.GetProperty("holdout").GetProperty("totalActual").GetInt64());

        var gg = await JobPolling.StartAndWaitAsync(_client, "/api/clv/fit", new { model = "gammagamma", calibrationEnd = "2025-12-31" });
        Assert.Equal("succeeded", gg.GetProperty("status").GetString());

        var models = await _client.GetFromJsonAsync<JsonElement>(new Uri("/api/clv/models", UriKind.Relative));
        Assert.Equal(["gammagamma", "bgnbd"], models.EnumerateArray().Select(m => m.GetProperty("kind").GetString()));
        var saved = models[1];
        Assert.Equal("2025-12-31", saved.GetProperty("dataTo").GetString());
        Assert.Equal("2026-06-30", saved.GetProperty("holdoutTo").GetString());
        Assert.Equal(JsonValueKind.Object, saved.GetProperty("parameters").ValueKind);
        Assert.Equal(ll, saved.GetProperty("metrics").GetProperty("logLikelihood").GetDouble());

        var score = await JobPolling.StartAndWaitAsync(_client, "/api/clv/score", new { horizon = 52, discountRate = 0.10, margin = 0.3, intervals = false });
        Assert.True(score.GetProperty("status").GetString() == "succeeded", score.ToString());
        Assert.Equal(ClvData.Customers, score.GetProperty("result").GetProperty("customers").GetInt32());

        // BG/NBD: a customer with no repeat purchase is alive with certainty (Fader, Hardie & Lee 2005, eq. 13 with x = 0).
        var scores = await _client.GetFromJsonAsync<JsonElement>(new Uri($"/api/customers/{fixture.Facts.NeverRepeat[0]}/scores", UriKind.Relative));
        var byMetric = scores.EnumerateArray().ToDictionary(s => s.GetProperty("metric").GetString()!, StringComparer.Ordinal);
        Assert.Equal(1.0, byMetric["clv_p_alive"].GetProperty("value").GetDouble(), 9);
        Assert.True(byMetric["clv"].GetProperty("value").GetDouble() > 0);
        Assert.True(byMetric["clv_expected_purchases"].GetProperty("value").GetDouble() > 0);
        Assert.Equal(fixture.Facts.LastPurchase, DateOnly.Parse(byMetric["clv"].GetProperty("asOf").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Validate_WithHoldout_ReturnsTheHoldoutComparisonWithoutSaving()
    {
        using var response = await _client.PostAsJsonAsync(new Uri("/api/clv/validate", UriKind.Relative),
            new { model = "bgnbd", calibrationEnd = "2025-12-31", holdoutEnd = "2026-06-30" });

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var holdout = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(fixture.Facts.HoldoutPurchases, holdout.GetProperty("totalActual").GetInt64());
        // 2026-01-01 .. 2026-06-30 is 181 days.
        Assert.Equal(181 / 7.0, holdout.GetProperty("holdoutSpan").GetDouble(), 9);
    }

    [Theory]
    [InlineData("/api/clv/fit", """{"model":"nbd","calibrationEnd":"2025-09-30"}""", "model")]
    [InlineData("/api/clv/fit", """{"model":"bgnbd"}""", "calibrationEnd")]
    [InlineData("/api/clv/fit", """{"model":"bgnbd","calibrationEnd":"2025-09-30","holdoutEnd":"2025-09-01"}""", "holdoutEnd")]
    [InlineData("/api/clv/fit", """{"model":"bgnbd","calibrationEnd":"2025-09-30","daysPerUnit":0}""", "daysPerUnit")]
    [InlineData("/api/clv/validate", """{"model":"bgnbd","calibrationEnd":"2025-09-30"}""", "holdoutEnd")]
    [InlineData("/api/clv/validate", """{"model":"gammagamma","calibrationEnd":"2025-09-30","holdoutEnd":"2025-12-31"}""", "model")]
    [InlineData("/api/clv/score", """{"horizon":0}""", "horizon")]
    [InlineData("/api/clv/score", """{"discountRate":-0.1}""", "discountRate")]
    [InlineData("/api/clv/score", """{"margin":1.5}""", "margin")]
    [InlineData("/api/clv/score", """{"model":"gammagamma"}""", "model")]
    public async Task Post_BadInput_Returns400NamingTheField(string url, string json, string field)
    {
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        using var response = await _client.PostAsync(new Uri(url, UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task Scores_UnknownCustomer_Returns404()
    {
        using var response = await _client.GetAsync(new Uri("/api/customers/999999/scores", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
