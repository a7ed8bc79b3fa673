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

public sealed class LifecycleApiTests(ClustersFixture fixture) : IClassFixture<ClustersFixture>
{
    [Fact]
    public Task RunThenRead_OnSqlite_StagesMatchTheOrders() => RunThenRead(fixture.CreateClient(), fixture.Factory.Database);

    [PostgresFact]
    public async Task RunThenRead_OnPostgres_StagesMatchTheOrders()
    {
        await using var test = await TestDatabase.CreatePostgresAsync();
        await using var factory = new ValoraServerFactory(test.Database.ConnectionString);
        _ = factory.Services;
        await new DemoLoader(factory.Database).ExecuteAsync(ClustersFixture.Demo);
        using var client = factory.CreateClient();
        await RunThenRead(client, factory.Database);
    }

    [Theory]
    [InlineData("/api/lifecycle/transitions?from=2026-06-01&to=2026-01-01", "from")]
    [InlineData("/api/lifecycle/transitions?from=2026-01-01&to=2026-06-01&fromStage=dormant&toStage=leaving", "fromStage")]
    [InlineData("/api/lifecycle/transitions?from=2026-01-01&to=2026-06-01&fromStage=growth", "toStage")]
    [InlineData("/api/lifecycle/transitions?from=2026-01-01&to=2026-06-01&toStage=gone&fromStage=new", "toStage")]
    public async Task Transitions_BadParameter_Returns400NamingIt(string url, string field)
    {
        using var response = await fixture.CreateClient().GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal([field], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name));
    }

    /// <summary>
    /// Each customer's stored tenure, order count and recency are recomputed here from the completed orders up to the
    /// as-of day, and each stage's count in the read from the stored labels; a quarter's transitions account for every
    /// customer of the later date, and the members of one flow are stored in its later stage.
    /// </summary>
    static async Task RunThenRead(HttpClient client, ValoraDatabase database)
    {
        using (var before = await client.GetAsync(new Uri("/api/lifecycle", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NotFound, before.StatusCode);
        }
        var job = await JobPolling.StartAndWaitAsync(client, "/api/lifecycle/run", new { });
        Assert.True(job.GetProperty("status").GetString() == "succeeded", job.ToString());
        var result = job.GetProperty("result");
        var asOf = DateOnly.Parse(result.GetProperty("asOf").GetString()!, CultureInfo.InvariantCulture);
        var version = result.GetProperty("version").GetString();

        await using var db = database.CreateContext();
        var end = asOf.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var orders = (await db.Orders.AsNoTracking().Where(o => o.Status == OrderStatus.Completed && o.OrderedAt < end)
                .Select(o => new { o.CustomerId, o.OrderedAt }).ToListAsync())
            .GroupBy(o => o.CustomerId)
            .ToDictionary(g => g.Key, g => (First: DateOnly.FromDateTime(g.Min(o => o.OrderedAt)), Last: DateOnly.FromDateTime(g.Max(o => o.OrderedAt)), Count: g.Count()));
        var scores = await db.CustomerScores.AsNoTracking().Where(s => s.ModelVersion == version && s.AsOf == asOf).ToListAsync();
        var stage = scores.Where(s => s.Metric == "lifecycle_stage").ToDictionary(s => s.CustomerId, s => s.Label!);
        Assert.Equal(orders.Count, stage.Count);
        foreach (var (id, o) in orders)
        {
            double Number(string metric) => scores.Single(s => s.CustomerId == id && s.Metric == metric).Value!.Value;
            Assert.Equal(asOf.DayNumber - o.First.DayNumber, Number("lifecycle_tenure_days"));
            Assert.Equal(o.Count, Number("lifecycle_orders"));
            Assert.Equal(asOf.DayNumber - o.Last.DayNumber, Number("lifecycle_recency_days"));
        }

        var view = await client.GetFromJsonAsync<JsonElement>(new Uri("/api/lifecycle", UriKind.Relative));
        Assert.Equal(version, view.GetProperty("version").GetString());
        var stages = view.GetProperty("stages").EnumerateArray().ToArray();
        Assert.Equal(["intro", "confirmation", "growth", "retention", "leaving"], stages.Select(s => s.GetProperty("stage").GetString()));
        foreach (var s in stages)
        {
            Assert.Equal(stage.Values.Count(l => l == s.GetProperty("stage").GetString()), s.GetProperty("customers").GetInt32());
            Assert.False(string.IsNullOrWhiteSpace(s.GetProperty("recommendation").GetString()));
        }
        Assert.Contains(stages, s => s.GetProperty("customers").GetInt32() > 0 && s.GetProperty("stage").GetString() == "leaving");

        var from = asOf.AddDays(-90).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var to = asOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var moves = await client.GetFromJsonAsync<JsonElement>(new Uri($"/api/lifecycle/transitions?from={from}&to={to}&fromStage=new&toStage=intro", UriKind.Relative));
        var matrix = moves.GetProperty("matrix").EnumerateArray().Select(r => r.EnumerateArray().Select(c => c.GetInt32()).ToArray()).ToArray();
        Assert.Equal(6, matrix.Length);
        Assert.Equal(stage.Count, matrix.Sum(r => r.Sum()));
        var fromDay = asOf.AddDays(-90);
        // Customers new since the earlier date: their first order is after it; those in intro now are the flow's members.
        var newSince = orders.Where(o => o.Value.First > fromDay).Select(o => o.Key).ToHashSet();
        Assert.Equal(newSince.Count, matrix[5].Sum());
        var members = moves.GetProperty("members").EnumerateArray().Select(m => m.GetInt64()).ToArray();
        Assert.Equal(newSince.Where(id => stage[id] == "intro").Order(), members);
        Assert.Equal(members.Length, moves.GetProperty("memberCount").GetInt32());
    }
}
