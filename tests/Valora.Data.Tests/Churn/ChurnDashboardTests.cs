using Microsoft.EntityFrameworkCore;
using Valora.Analytics.Churn;
using Valora.Data.Churn;
using Valora.Data.Demo;
using Valora.TestSupport;
using Valora.TestSupport.Data;

namespace Valora.Data.Tests.Churn;

public sealed class ChurnDashboardTests
{
    [Fact]
    public void Drivers_CountEachFeatureOncePerCustomerAndItsFirstPlaces_MostFrequentFirst()
    {
        ChurnAtRisk[] customers =
        [
            new(1, 0.9, "high", "recency_days = 182 (typical 40); orders = 1 (typical 3); trend_90d = -2", null),
            new(2, 0.8, "high", "orders = 1 (typical 3); recency_days = 120 (typical 40)", null),
            new(3, 0.7, "high", "recency_days = 99 (typical 40)", null),
            new(4, 0.6, "high", "", null),
        ];

        var drivers = ChurnDashboard.Drivers(customers);

        // recency_days: customers 1, 2, 3 (first for 1 and 3); orders: 1, 2 (first for 2); trend_90d: 1.
        Assert.Equal([new("recency_days", 3, 2), new("orders", 2, 1), new ChurnDriver("trend_90d", 1, 0)], drivers);
    }

    [Fact]
    public Task Load_OnSqlite_ListsTheRunsRiskiestWithTheirNames() => ListsTheRiskiest(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Load_OnPostgres_ListsTheRunsRiskiestWithTheirNames() => ListsTheRiskiest(DatabaseProvider.Postgres);

    static async Task ListsTheRiskiest(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await new DemoLoader(test.Database).ExecuteAsync(new DemoOptions { Customers = 400, Seed = 5 });
        await using (var empty = test.Database.CreateContext())
        {
            Assert.Null(await ChurnDashboard.LoadAsync(empty, 10));
        }
        var run = await new RunChurn(test.Database).ExecuteAsync(new ChurnRunRequest { Trainer = ChurnTrainer.LogisticRegression, Folds = 3 });

        await using var db = test.Database.CreateContext();
        var view = await ChurnDashboard.LoadAsync(db, 10);

        Assert.NotNull(view);
        var expected = run.Customers.OrderByDescending(c => c.Probability).ThenBy(c => c.CustomerId).Take(10).ToArray();
        Assert.Equal(expected.Select(c => c.CustomerId), view.Scores.Riskiest.Select(r => r.CustomerId));
        var names = await db.Customers.Where(c => expected.Select(e => e.CustomerId).Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name ?? c.ExternalId);
        Assert.Equal(names.OrderBy(n => n.Key), view.Names.OrderBy(n => n.Key));
        // Every listed customer has reasons; each is counted once per feature, so no driver exceeds the list.
        Assert.Equal(expected.Count(c => c.Reasons.Count > 0), view.Drivers.Max(d => d.Customers) >= 1 ? view.Drivers.Sum(d => d.First) : 0);
        Assert.All(view.Drivers, d => Assert.InRange(d.Customers, 1, 10));
    }
}
