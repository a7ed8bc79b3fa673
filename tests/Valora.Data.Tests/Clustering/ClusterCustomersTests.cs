using Microsoft.EntityFrameworkCore;
using Valora.Analytics.Clustering;
using Valora.Data.Analysis;
using Valora.Data.Clustering;
using Valora.Data.Scores;
using Valora.Domain.Customers;
using Valora.Domain.Sales;
using Valora.TestSupport;
using Valora.TestSupport.Data;

namespace Valora.Data.Tests.Clustering;

public sealed class ClusterCustomersTests
{
    static readonly DateOnly AsOf = new(2024, 6, 30);

    [Fact]
    public Task Execute_OnSqlite_StoresEachCustomersClusterNameAndFeatures() => StoresClusters(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Execute_OnPostgres_StoresEachCustomersClusterNameAndFeatures() => StoresClusters(DatabaseProvider.Postgres);

    [Fact]
    public Task Execute_Hdbscan_OnSqlite_StoresItsLabelsAsADirectRunFindsThem() => StoresHdbscanClusters(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Execute_Hdbscan_OnPostgres_StoresItsLabelsAsADirectRunFindsThem() => StoresHdbscanClusters(DatabaseProvider.Postgres);

    [Fact]
    public async Task Execute_OnAnEmptyDatabase_IsNotAnalysableForWantOfOrders()
    {
        await using var test = await TestDatabase.CreateSqliteAsync();
        var error = await Assert.ThrowsAsync<NotAnalysableException>(() =>
            new ClusterCustomers(test.Database).ExecuteAsync(new CustomerClusterRequest(null, [], new ClusterSettings())));
        Assert.Equal((NotAnalysableReason.NoOrders, Metrics.Clusters.Model), (error.Reason, error.Model));
    }

    [Fact]
    public async Task Execute_WithAnUnknownFeature_NamesTheField()
    {
        await using var test = await TestDatabase.CreateSqliteAsync();
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            new ClusterCustomers(test.Database).ExecuteAsync(new CustomerClusterRequest(null, ["recency", "age"], new ClusterSettings())));
        Assert.Equal("features", error.ParamName);
        Assert.Contains("'age' is not a customer feature", error.Message, StringComparison.Ordinal);
    }

    static async Task StoresClusters(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var (loyal, lapsed) = await SeedAsync(test.Database);
        var request = new CustomerClusterRequest(null, [], new ClusterSettings { K = 2, Log1p = true, Standardise = true });

        var result = await new ClusterCustomers(test.Database).ExecuteAsync(request);

        Assert.Equal(AsOf, result.AsOf); // the latest purchase day
        Assert.Equal("clusters-kmeans-recency+frequency+monetary-k2-log1p-std", result.Version);
        var profiles = result.Outcome.Profiles;
        Assert.Equal(2, profiles.Count);
        await using var db = test.Database.CreateContext();
        var queries = new ScoreQueries(db);
        var run = await queries.LatestRunAsync(Metrics.Clusters.Model);
        Assert.NotNull(run);
        Assert.Equal((AsOf, result.Version, 12), (run.AsOf, run.Version, run.Customers));
        var names = await queries.LabelsAsync(run, Metrics.Clusters.Name);
        // The two groups are the two clusters, and the names say which is which.
        Assert.Equal("recent, frequent, high spend", Assert.Single(loyal.Select(id => names[id]).Distinct()));
        Assert.Equal("lapsed, infrequent, low spend", Assert.Single(lapsed.Select(id => names[id]).Distinct()));
        var recency = await queries.NumbersAsync(run, Metrics.Clusters.Recency);
        var frequency = await queries.NumbersAsync(run, Metrics.Clusters.Frequency);
        var monetary = await queries.NumbersAsync(run, Metrics.Clusters.Monetary);
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal((i, 8 + i, 100.0 * (8 + i)), (recency[loyal[i]], frequency[loyal[i]], monetary[loyal[i]]));
            Assert.Equal((300 + 10 * i, 1, 10.0 + i), (recency[lapsed[i]], frequency[lapsed[i]], monetary[lapsed[i]]));
        }
        // Tenure and average order were not clustered on, so not stored; 2 + 3 metrics per customer.
        Assert.Equal(12 * 5, await db.CustomerScores.CountAsync());

        // A re-run replaces its own run; another setting (auto k) is kept beside it.
        await new ClusterCustomers(test.Database).ExecuteAsync(request);
        Assert.Equal(12 * 5, await db.CustomerScores.CountAsync());
        var auto = await new ClusterCustomers(test.Database).ExecuteAsync(request with { Settings = request.Settings with { K = null, MaxK = 4 } });
        Assert.Equal(3, auto.Outcome.Candidates.Count);
        Assert.Equal(2, (await queries.RunsAsync(Metrics.Clusters.Model)).Count);
        Assert.Equal(24 * 5, await db.CustomerScores.CountAsync());
    }

    static async Task StoresHdbscanClusters(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var (loyal, lapsed) = await SeedAsync(test.Database);
        var request = new CustomerClusterRequest(null, [], new ClusterSettings
        {
            Algorithm = ClusterAlgorithm.Hdbscan, MinClusterSize = 3, Log1p = true, Standardise = true,
        });

        var result = await new ClusterCustomers(test.Database).ExecuteAsync(request);

        Assert.Equal("clusters-hdbscan-recency+frequency+monetary-mcs3-ms3-log1p-std", result.Version);
        Assert.Equal("density", result.Outcome.ChosenBy);
        // The same points through the analytics directly: log1p then standardise the features the run stored, then HDBSCAN.
        await using var db = test.Database.CreateContext();
        var queries = new ScoreQueries(db);
        var run = await queries.LatestRunAsync(Metrics.Clusters.Model);
        Assert.NotNull(run);
        Assert.Contains("\"minClusterSize\":3", run.ParametersJson, StringComparison.Ordinal);
        Assert.Contains("\"clusterSelection\":\"eom\"", run.ParametersJson, StringComparison.Ordinal);
        // A leaf selection is another run, kept apart by its version.
        Assert.Equal("clusters-hdbscan-recency+frequency+monetary-mcs3-ms3-leaf-log1p-std", ClusterCustomers.VersionOf(
            request with { Settings = request.Settings with { ClusterSelection = HdbscanSelection.Leaf } }, result.Outcome));
        var recency = await queries.NumbersAsync(run, Metrics.Clusters.Recency);
        var frequency = await queries.NumbersAsync(run, Metrics.Clusters.Frequency);
        var monetary = await queries.NumbersAsync(run, Metrics.Clusters.Monetary);
        long[] ids = [.. loyal, .. lapsed];
        var raw = FeatureMatrix.FromRows(ids.Select(id => new[] { recency[id], frequency[id], monetary[id] }).ToArray());
        var prepared = FeaturePreparation.Prepare(raw, new FeatureOptions { Log1p = true, Standardise = true }).Matrix;
        var direct = Hdbscan.Fit(prepared, new HdbscanOptions { MinClusterSize = 3 });
        var stored = await queries.NumbersAsync(run, Metrics.Clusters.Cluster);
        Assert.Equal(direct.Labels, ids.Select(id => (int)stored[id]).ToArray());
        var probability = await queries.NumbersAsync(run, Metrics.Clusters.Probability);
        Assert.Equal(direct.Probabilities, ids.Select(id => probability[id]).ToArray());
        // The loyal and the lapsed never share a cluster, and there are at least the two.
        Assert.True(direct.Clusters >= 2, $"{direct.Clusters} clusters");
        var loyalClusters = loyal.Select(id => (int)stored[id]).Where(l => l >= 0).ToHashSet();
        Assert.DoesNotContain(lapsed.Select(id => (int)stored[id]), l => loyalClusters.Contains(l));
        Assert.Equal(12 * 6, await db.CustomerScores.CountAsync()); // cluster, name, probability and the three features
    }

    /// <summary>Six loyal customers (8 + i orders of 100, the last i days before June 30) and six lapsed ones (one order of
    /// 10 + i, 300 + 10·i days before).</summary>
    static async Task<(long[] Loyal, long[] Lapsed)> SeedAsync(ValoraDatabase database)
    {
        await using var db = database.CreateContext();
        var customers = Enumerable.Range(0, 12).Select(i => new Customer { ExternalId = $"C{i}" }).ToList();
        db.Customers.AddRange(customers);
        await db.SaveChangesAsync();
        var n = 0;
        var end = new DateTime(2024, 6, 30, 12, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < 6; i++)
        {
            for (var k = 0; k < 8 + i; k++)
            {
                db.Orders.Add(Order(customers[i].Id, end.AddDays(-i - 5 * k), 100, n++));
            }
            db.Orders.Add(Order(customers[6 + i].Id, end.AddDays(-300 - 10 * i), 10 + i, n++));
        }
        await db.SaveChangesAsync();
        return ([.. customers.Take(6).Select(c => c.Id)], [.. customers.Skip(6).Select(c => c.Id)]);
    }

    static Order Order(long customer, DateTime at, decimal amount, int n) => new()
    {
        ExternalId = $"O{n}",
        CustomerId = customer,
        OrderedAt = at,
        Lines = [new OrderLine { LineNumber = 1, Quantity = 1, UnitPrice = amount, LineTotal = amount }],
    };
}
