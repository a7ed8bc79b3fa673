using System.Text.Json;
using Microsoft.Data.Sqlite;
using Valora.Data;
using Valora.Data.Scores;
using Valora.TestSupport;
using Valora.Domain.Customers;
using Valora.Domain.Sales;
using Valora.TestSupport.Data;

namespace Valora.Cli.Tests.Commands;

/// <summary><c>valora cluster</c> without <c>--data</c>: Valora's own customers.</summary>
public sealed class ClusterCustomersCommandTests
{
    [Fact]
    public Task Cluster_HdbscanOnCustomers_OnSqlite_StoresTheHandComputedLabels() => HdbscanOnCustomers(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Cluster_HdbscanOnCustomers_OnPostgres_StoresTheHandComputedLabels() => HdbscanOnCustomers(DatabaseProvider.Postgres);

    static async Task HdbscanOnCustomers(DatabaseProvider provider)
    {
        // Eleven customers with one order of 100 each, 0, 1, 2, 3, 4, 20, …, 24 and 100 days before the latest purchase:
        // frequency and monetary are the same for all, so only recency separates them (no preparation asked) — the
        // line of HdbscanTests' hand-computed case. Min cluster size 3 (= min samples): the recencies 0–4 are cluster 0,
        // 20–24 cluster 1, and 100 days is noise (it falls out of the root at λ = 1/77, before either cluster is born).
        await using var test = await TestDatabase.CreateAsync(provider);
        var ids = await SeedAsync(test, [0, 1, 2, 3, 4, 20, 21, 22, 23, 24, 100]);

        var (code, stdout, stderr) = await ValoraProcess.RunAsync("cluster", "--db", test.Database.ConnectionString,
            "--algorithm", "hdbscan", "--min-cluster-size", "3", "--format", "json");

        Assert.True(code == 0, stderr);
        Assert.Contains("stored 11 customers' clusters as clusters-hdbscan-recency+frequency+monetary-mcs3-ms3", stderr, StringComparison.Ordinal);
        using (var json = JsonDocument.Parse(stdout))
        {
            Assert.Equal("hdbscan", json.RootElement.GetProperty("algorithm").GetString());
            Assert.Equal(2, json.RootElement.GetProperty("clusters").GetInt32());
            Assert.Equal(1, json.RootElement.GetProperty("noise").GetInt32());
        }
        await using (var db = test.Database.CreateContext())
        {
            var queries = new ScoreQueries(db);
            var run = await queries.LatestRunAsync(Metrics.Clusters.Model);
            Assert.NotNull(run);
            var clusters = await queries.NumbersAsync(run, Metrics.Clusters.Cluster);
            Assert.Equal([0.0, 0, 0, 0, 0, 1, 1, 1, 1, 1, -1], ids.Select(id => clusters[id]));
            // Membership: λ at which each leaves over the cluster's largest λ (1): the ends 0 and 4 (20 and 24) leave at 1/2.
            var probability = await queries.NumbersAsync(run, Metrics.Clusters.Probability);
            Assert.Equal([0.5, 1, 1, 1, 0.5, 0.5, 1, 1, 1, 0.5, 0], ids.Select(id => probability[id]));
            var names = await queries.LabelsAsync(run, Metrics.Clusters.Name);
            Assert.Equal("noise", names[ids[^1]]);
        }
        SqliteConnection.ClearAllPools();
    }

    static async Task<long[]> SeedAsync(TestDatabase test, int[] daysBefore)
    {
        await using var db = test.Database.CreateContext();
        var customers = daysBefore.Select((_, i) => new Customer { ExternalId = $"C{i}" }).ToList();
        db.Customers.AddRange(customers);
        await db.SaveChangesAsync();
        var end = new DateTime(2024, 6, 30, 12, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < daysBefore.Length; i++)
        {
            db.Orders.Add(new Order
            {
                ExternalId = $"O{i}",
                CustomerId = customers[i].Id,
                OrderedAt = end.AddDays(-daysBefore[i]),
                Lines = [new OrderLine { LineNumber = 1, Quantity = 1, UnitPrice = 100, LineTotal = 100 }],
            });
        }
        await db.SaveChangesAsync();
        return [.. customers.Select(c => c.Id)];
    }
}
