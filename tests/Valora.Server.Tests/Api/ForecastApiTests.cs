using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Valora.Data;
using Valora.Data.Demo;
using Valora.Domain.Sales;
using Valora.Server.Tests.Support;
using Valora.TestSupport;
using Valora.TestSupport.Data;

namespace Valora.Server.Tests.Api;

public sealed class ForecastApiTests(ClustersFixture fixture) : IClassFixture<ClustersFixture>
{
    [Fact]
    public Task RunThenRead_OnSqlite_HistoryIsTheOrdersPerWeek() => RunThenRead(fixture.CreateClient(), fixture.Factory.Database);

    [PostgresFact]
    public async Task RunThenRead_OnPostgres_HistoryIsTheOrdersPerWeek()
    {
        await using var test = await TestDatabase.CreatePostgresAsync();
        await using var factory = new ValoraServerFactory(test.Database.ConnectionString);
        _ = factory.Services;
        await new DemoLoader(factory.Database).ExecuteAsync(ClustersFixture.Demo);
        using var client = factory.CreateClient();
        await RunThenRead(client, factory.Database);
    }

    [Theory]
    [InlineData("{\"metric\":\"profit\"}", "metric")]
    [InlineData("{\"by\":\"year\"}", "by")]
    [InlineData("{\"horizon\":0}", "horizon")]
    [InlineData("{\"holdout\":0}", "holdout")]
    [InlineData("{\"season\":1}", "season")]
    [InlineData("{\"level\":1.5}", "level")]
    public async Task Run_BadParameter_Returns400NamingIt(string body, string field)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await fixture.CreateClient().PostAsync(new Uri("/api/forecast/run", UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal([field], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name));
    }

    [Theory]
    [InlineData("/api/forecast?metric=orders", "by")]
    [InlineData("/api/forecast?by=week", "metric")]
    [InlineData("/api/forecast?metric=margin&by=week", "metric")]
    [InlineData("/api/forecast?metric=orders&by=hour", "by")]
    public async Task Read_BadParameter_Returns400NamingIt(string url, string field)
    {
        using var response = await fixture.CreateClient().GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal([field], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name));
    }

    /// <summary>
    /// Orders by week: the stored history is recomputed here as the completed orders per ISO week (Monday start) up to
    /// the as-of Sunday; seasonal naive beside each forecast period is the value one season earlier; every interval
    /// holds its mean; and seasonal naive's holdout MAE is recomputed from the history.
    /// </summary>
    static async Task RunThenRead(HttpClient client, ValoraDatabase database)
    {
        using (var before = await client.GetAsync(new Uri("/api/forecast?metric=orders&by=week", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NotFound, before.StatusCode);
            Assert.Contains("POST /api/forecast/run", await before.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        var job = await JobPolling.StartAndWaitAsync(client, "/api/forecast/run", new { metric = "orders", by = "week", horizon = 8, holdout = 4 });
        Assert.True(job.GetProperty("status").GetString() == "succeeded", job.ToString());
        var result = job.GetProperty("result");
        Assert.Equal("hw1-orders-week", result.GetProperty("version").GetString());
        var asOf = DateOnly.Parse(result.GetProperty("asOf").GetString()!, CultureInfo.InvariantCulture);
        Assert.Equal(DayOfWeek.Sunday, asOf.DayOfWeek);

        await using var db = database.CreateContext();
        var end = asOf.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var days = await db.Orders.AsNoTracking().Where(o => o.Status == OrderStatus.Completed && o.OrderedAt < end)
            .Select(o => o.OrderedAt).ToListAsync();
        var perWeek = days.Select(DateOnly.FromDateTime).GroupBy(d => d.AddDays(-(((int)d.DayOfWeek + 6) % 7))).ToDictionary(g => g.Key, g => g.Count());

        var view = await client.GetFromJsonAsync<JsonElement>(new Uri("/api/forecast?metric=orders&by=week", UriKind.Relative));
        Assert.Equal("hw1-orders-week", view.GetProperty("version").GetString());
        Assert.Equal(0.95, view.GetProperty("level").GetDouble(), 12);
        var summary = view.GetProperty("result");
        var history = summary.GetProperty("history").EnumerateArray()
            .Select(p => (Start: DateOnly.Parse(p.GetProperty("start").GetString()!, CultureInfo.InvariantCulture), Value: p.GetProperty("value").GetDouble()))
            .ToArray();
        Assert.Equal(perWeek.Keys.Min(), history[0].Start);
        Assert.Equal(asOf.AddDays(-6), history[^1].Start);
        for (var i = 0; i < history.Length; i++)
        {
            Assert.Equal(history[0].Start.AddDays(7 * i), history[i].Start);
            Assert.Equal(perWeek.GetValueOrDefault(history[i].Start), history[i].Value);
        }
        Assert.Equal(days.Count, history.Sum(p => p.Value));

        var season = summary.GetProperty("period").GetInt32();
        var holdout = summary.GetProperty("holdoutLength").GetInt32();
        Assert.Equal(4, holdout);
        var forecast = summary.GetProperty("forecast").EnumerateArray().ToArray();
        Assert.Equal(8, forecast.Length);
        for (var h = 0; h < forecast.Length; h++)
        {
            var p = forecast[h];
            Assert.Equal(asOf.AddDays(1 + 7 * h).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), p.GetProperty("start").GetString());
            Assert.InRange(p.GetProperty("mean").GetDouble(), p.GetProperty("lower").GetDouble(), p.GetProperty("upper").GetDouble());
            Assert.True(p.GetProperty("upper").GetDouble() > p.GetProperty("lower").GetDouble());
            Assert.Equal(history[history.Length - season + h % season].Value, p.GetProperty("baseline").GetDouble(), 9);
        }

        // Seasonal naive on the holdout: fitted on the periods before it, it predicts each held-out period by the one a season earlier.
        var n = history.Length;
        var mae = Enumerable.Range(0, holdout).Average(h => Math.Abs(history[n - holdout + h].Value - history[n - holdout - season + h % season].Value));
        var errors = summary.GetProperty("holdout").EnumerateArray().ToDictionary(e => e.GetProperty("method").GetString()!);
        Assert.Equal(mae, errors["seasonal-naive"].GetProperty("mae").GetDouble(), 9);
        var chosen = summary.GetProperty("chosen").GetString()!;
        Assert.Contains(chosen, errors.Keys);
        Assert.Equal(errors[chosen].GetProperty("mase").GetDouble() < errors["seasonal-naive"].GetProperty("mase").GetDouble(),
            summary.GetProperty("beatsBaseline").GetBoolean());
    }
}
