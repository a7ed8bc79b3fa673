using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Valora.Data;
using Valora.Data.Demo;
using Valora.Domain.Sales;
using Valora.Server.Tests.Support;
using Valora.TestSupport;
using Valora.TestSupport.Data;

namespace Valora.Server.Tests.Api;

/// <summary>A server whose database holds a small seeded demo population.</summary>
public sealed class ClustersFixture : ServerFixture
{
    public static readonly DemoOptions Demo = new() { Customers = 400, Seed = 31 };

    protected override Task InsertAsync(ValoraDbContext db) => new DemoLoader(Factory.Database).ExecuteAsync(Demo);
}

public sealed class ClustersApiTests(ClustersFixture fixture) : IClassFixture<ClustersFixture>
{
    readonly HttpClient _client = fixture.CreateClient();

    [Fact]
    public Task RunThenRead_OnSqlite_ProfilesMatchTheOrders() => RunThenRead(_client, fixture.Factory.Database);

    [PostgresFact]
    public async Task RunThenRead_OnPostgres_ProfilesMatchTheOrders()
    {
        await using var test = await TestDatabase.CreatePostgresAsync();
        await using var factory = new ValoraServerFactory(test.Database.ConnectionString);
        _ = factory.Services;
        await new DemoLoader(factory.Database).ExecuteAsync(ClustersFixture.Demo);
        using var client = factory.CreateClient();
        await RunThenRead(client, factory.Database);
    }

    /// <summary>
    /// k = 3 on log1p-standardised R, F, M. Each cluster's size, mean orders, mean revenue and revenue share are
    /// recomputed here from the orders (completed, up to the as-of day) of the customers stored in that cluster.
    /// </summary>
    static async Task RunThenRead(HttpClient client, ValoraDatabase database)
    {
        var job = await JobPolling.StartAndWaitAsync(client, "/api/clusters/run", new { k = 3, seed = 1 });

        Assert.True(job.GetProperty("status").GetString() == "succeeded", job.ToString());
        Assert.Equal("clusters-run", job.GetProperty("kind").GetString());
        var result = job.GetProperty("result");
        var asOf = DateOnly.Parse(result.GetProperty("asOf").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        var customers = result.GetProperty("customers").GetInt32();

        // The orders, independently: completed, on or before the as-of day, revenue = Σ line totals.
        await using var db = database.CreateContext();
        var end = asOf.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var orders = await db.Orders.AsNoTracking().Where(o => o.Status == OrderStatus.Completed && o.OrderedAt < end)
            .Select(o => new { o.CustomerId, Revenue = o.Lines.Select(l => l.LineTotal).ToList() }).ToListAsync();
        var byCustomer = orders.GroupBy(o => o.CustomerId)
            .ToDictionary(g => g.Key, g => (Orders: g.Count(), Revenue: (double)g.Sum(o => o.Revenue.Sum())));
        Assert.Equal(byCustomer.Count, customers);
        var membership = (await db.CustomerScores.AsNoTracking()
                .Where(s => s.Metric == "cluster" && s.ModelVersion == result.GetProperty("version").GetString() && s.AsOf == asOf).ToListAsync())
            .ToDictionary(s => s.CustomerId, s => (int)s.Value!.Value);
        Assert.Equal(customers, membership.Count);
        var totalRevenue = byCustomer.Values.Sum(c => c.Revenue);

        var view = await client.GetFromJsonAsync<JsonElement>(new Uri("/api/clusters", UriKind.Relative));
        Assert.Equal(result.GetProperty("version").GetString(), view.GetProperty("version").GetString());
        Assert.Equal(customers, view.GetProperty("customers").GetInt32());
        Assert.Equal(["recency", "frequency", "monetary"], view.GetProperty("features").EnumerateArray().Select(f => f.GetString()));
        Assert.True(view.GetProperty("log1p").GetBoolean() && view.GetProperty("standardised").GetBoolean());
        var profiles = view.GetProperty("profiles").EnumerateArray().ToArray();
        Assert.Equal(3, profiles.Length);
        foreach (var p in profiles)
        {
            var members = membership.Where(m => m.Value == p.GetProperty("cluster").GetInt32()).Select(m => byCustomer[m.Key]).ToArray();
            Assert.Equal(members.Length, p.GetProperty("size").GetInt32());
            Assert.Equal((double)members.Length / customers, p.GetProperty("share").GetDouble(), 12);
            var features = p.GetProperty("features").EnumerateArray().ToDictionary(f => f.GetProperty("feature").GetString()!, StringComparer.Ordinal);
            Assert.Equal(members.Average(m => m.Orders), features["frequency"].GetProperty("mean").GetDouble(), 9);
            Assert.Equal(members.Average(m => m.Revenue), features["monetary"].GetProperty("mean").GetDouble(), 6);
            Assert.Equal(members.Sum(m => m.Revenue) / totalRevenue, p.GetProperty("revenueShare").GetDouble(), 9);
            // No CLV was scored in this database.
            Assert.Equal(JsonValueKind.Null, p.GetProperty("clvShare").ValueKind);
        }
        Assert.Equal(1.0, profiles.Sum(p => p.GetProperty("revenueShare").GetDouble()), 9);

        // One customer's cluster: the stored one, with their own order count.
        var (id, cluster) = membership.OrderBy(m => m.Key).First();
        var mine = await client.GetFromJsonAsync<JsonElement>(new Uri($"/api/customers/{id}/cluster", UriKind.Relative));
        Assert.Equal(cluster, mine.GetProperty("cluster").GetInt32());
        Assert.Equal(byCustomer[id].Orders, mine.GetProperty("features").GetProperty("frequency").GetDouble());
        Assert.Equal(cluster, mine.GetProperty("profile").GetProperty("cluster").GetInt32());
        Assert.False(string.IsNullOrEmpty(mine.GetProperty("name").GetString()));

        // The customer scores read carries the cluster too.
        var scores = await client.GetFromJsonAsync<JsonElement>(new Uri($"/api/customers/{id}/scores", UriKind.Relative));
        Assert.Contains(scores.EnumerateArray(), s => s.GetProperty("metric").GetString() == "cluster" && s.GetProperty("value").GetDouble() == cluster);
    }

    [Fact]
    public Task RunHdbscan_OnSqlite_StoresTheLabelsADirectRunFinds() => RunHdbscan(_client, fixture.Factory.Database);

    [PostgresFact]
    public async Task RunHdbscan_OnPostgres_StoresTheLabelsADirectRunFinds()
    {
        await using var test = await TestDatabase.CreatePostgresAsync();
        await using var factory = new ValoraServerFactory(test.Database.ConnectionString);
        _ = factory.Services;
        await new DemoLoader(factory.Database).ExecuteAsync(ClustersFixture.Demo);
        using var client = factory.CreateClient();
        await RunHdbscan(client, factory.Database);
    }

    /// <summary>HDBSCAN (min cluster size 20, min samples 10) on log1p-standardised R, F, M: the stored labels are those of
    /// the analytics run directly on the stored features, and the read reports the same clusters and noise.</summary>
    static async Task RunHdbscan(HttpClient client, ValoraDatabase database)
    {
        var job = await JobPolling.StartAndWaitAsync(client, "/api/clusters/run", new { algorithm = "hdbscan", minClusterSize = 20, minSamples = 10 });

        Assert.True(job.GetProperty("status").GetString() == "succeeded", job.ToString());
        var result = job.GetProperty("result");
        var version = result.GetProperty("version").GetString()!;
        Assert.Equal("clusters-hdbscan-recency+frequency+monetary-mcs20-ms10-log1p-std", version);
        var asOf = DateOnly.Parse(result.GetProperty("asOf").GetString()!, System.Globalization.CultureInfo.InvariantCulture);

        await using var db = database.CreateContext();
        var scores = (await db.CustomerScores.AsNoTracking().Where(s => s.ModelVersion == version && s.AsOf == asOf).ToListAsync())
            .GroupBy(s => s.CustomerId).OrderBy(g => g.Key)
            .Select(g => g.ToDictionary(s => s.Metric, s => s.Value, StringComparer.Ordinal)).ToArray();
        var raw = Analytics.Clustering.FeatureMatrix.FromRows(scores
            .Select(s => new[] { s["cluster_recency_days"]!.Value, s["cluster_frequency"]!.Value, s["cluster_monetary"]!.Value }).ToArray());
        var prepared = Analytics.Clustering.FeaturePreparation.Prepare(raw, new Analytics.Clustering.FeatureOptions { Log1p = true, Standardise = true }).Matrix;
        var direct = Analytics.Clustering.Hdbscan.Fit(prepared, new Analytics.Clustering.HdbscanOptions { MinClusterSize = 20, MinSamples = 10 });
        Assert.Equal(direct.Labels, scores.Select(s => (int)s["cluster"]!.Value).ToArray());
        Assert.True(direct.Clusters >= 2, $"{direct.Clusters} clusters");

        var view = await client.GetFromJsonAsync<JsonElement>(new Uri("/api/clusters", UriKind.Relative));
        Assert.Equal(version, view.GetProperty("version").GetString());
        Assert.Equal("hdbscan", view.GetProperty("algorithm").GetString());
        Assert.Equal(direct.Noise, view.GetProperty("noise").GetInt32());
        Assert.Equal(direct.Clusters, view.GetProperty("profiles").GetArrayLength());
    }

    [Theory]
    [InlineData("""{"algorithm":"spectral"}""", "algorithm")]
    [InlineData("""{"k":1}""", "k")]
    [InlineData("""{"k":51}""", "k")]
    [InlineData("""{"minK":1}""", "minK")]
    [InlineData("""{"minK":5,"maxK":4}""", "maxK")]
    [InlineData("""{"maxK":500}""", "maxK")]
    [InlineData("""{"algorithm":"dbscan","epsilon":0}""", "epsilon")]
    [InlineData("""{"algorithm":"dbscan","epsilon":-1}""", "epsilon")]
    [InlineData("""{"algorithm":"dbscan","minPoints":0}""", "minPoints")]
    [InlineData("""{"algorithm":"hdbscan","minClusterSize":1}""", "minClusterSize")]
    [InlineData("""{"algorithm":"hdbscan","minSamples":0}""", "minSamples")]
    [InlineData("""{"algorithm":"hdbscan","clusterSelection":"tree"}""", "clusterSelection")]
    [InlineData("""{"restarts":0}""", "restarts")]
    [InlineData("""{"restarts":1000}""", "restarts")]
    [InlineData("""{"features":["age"]}""", "features")]
    [InlineData("""{"features":["recency","Recency"]}""", "features")]
    public async Task Run_BadInput_Returns400NamingTheField(string json, string field)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await _client.PostAsync(new Uri("/api/clusters/run", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task Read_UnknownCustomer_Is404()
    {
        using var response = await _client.GetAsync(new Uri("/api/customers/987654321/cluster", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}

/// <summary>Clusters on a database with no orders.</summary>
public sealed class ClustersEmptyTests(EmptyServerFixture fixture) : IClassFixture<EmptyServerFixture>
{
    readonly HttpClient _client = fixture.CreateClient();

    [Fact]
    public async Task Read_BeforeAnyRun_Is404SayingHowToRunOne()
    {
        using var response = await _client.GetAsync(new Uri("/api/clusters", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("POST /api/clusters/run", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WithoutOrders_FailsSayingSoNotAsAnInternalError()
    {
        var job = await JobPolling.StartAndWaitAsync(_client, "/api/clusters/run", new { });

        Assert.Equal("failed", job.GetProperty("status").GetString());
        var error = job.GetProperty("error").GetString()!;
        Assert.Contains("no completed orders", error, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", error, StringComparison.Ordinal);
    }
}
