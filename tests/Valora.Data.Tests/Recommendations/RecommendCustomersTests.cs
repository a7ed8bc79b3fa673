using Microsoft.EntityFrameworkCore;
using Valora.Analytics.Recommendations;
using Valora.Data.Analysis;
using Valora.Data.Recommendations;
using Valora.Data.Scores;
using Valora.Domain.Customers;
using Valora.Domain.Sales;
using Valora.TestSupport;
using Valora.TestSupport.Data;

namespace Valora.Data.Tests.Recommendations;

/// <summary>
/// Completed orders {A, B} (C0), {A, B, C} (C1), {B, C} (C2), {A, D} and {A} again (C3); C4 has no order. A cancelled
/// {D} of C2 and C0's POST line do not count. Buyers A 3, B 3, C 2, D 1; cosines AB 2/3, AC 1/√6, AD 1/√3, BC 2/√6
/// (the matrix of the analytics tests). With k = 10 and w = 0.1, score = .9·cf/max cf + .1·buyers/3:
/// <list type="bullet">
/// <item>C0 (A, B): C cf 1/√6 + 2/√6 = 1.2247 (max) → .9 + .1·2/3 = .96667, most similar B; D cf 1/√3 → .9·(1/√3)/(3/√6)
/// + .1/3 = .45761, because A.</item>
/// <item>C1 (A, B, C): D cf 1/√3 (max) → .9 + .1/3 = .93333, because A.</item>
/// <item>C2 (B, C): A cf 2/3 + 1/√6 (max) → 1, because B (2/3 &gt; 1/√6); D cf 0 → .1/3 = .03333, popular.</item>
/// <item>C3 (A, D): B cf 2/3 (max) → 1, because A; C cf 1/√6 → .9·(1/√6)/(2/3) + .1·2/3 = .61779, because A.</item>
/// </list>
/// </summary>
[Trait("Issue", "14")]
public sealed class RecommendCustomersTests
{
    static readonly double Sqrt6 = Math.Sqrt(6), Sqrt3 = Math.Sqrt(3);

    [Fact]
    public Task Execute_OnSqlite_StoresTheHandWorkedOffersWithReasons() => StoresTheHandWorkedOffers(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Execute_OnPostgres_StoresTheHandWorkedOffersWithReasons() => StoresTheHandWorkedOffers(DatabaseProvider.Postgres);

    [Fact]
    public Task ForCustomer_OnSqlite_ListsOffersWithNamedReasonsAndPopularForNoHistory() => ListsOneCustomer(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task ForCustomer_OnPostgres_ListsOffersWithNamedReasonsAndPopularForNoHistory() => ListsOneCustomer(DatabaseProvider.Postgres);

    [Fact]
    public Task Evaluate_OnSqlite_SplitsTheStoredOrdersAtTheDay() => EvaluatesStored(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Evaluate_OnPostgres_SplitsTheStoredOrdersAtTheDay() => EvaluatesStored(DatabaseProvider.Postgres);

    [Fact]
    public async Task Execute_OnAnEmptyDatabase_IsNotAnalysableForWantOfOrders()
    {
        await using var test = await TestDatabase.CreateSqliteAsync();
        var error = await Assert.ThrowsAsync<NotAnalysableException>(() => new RecommendCustomers(test.Database).ExecuteAsync());
        Assert.Equal((NotAnalysableReason.NoOrders, Metrics.Recommend.Model), (error.Reason, error.Model));
        Assert.Equal(0, await CountScoresAsync(test.Database));
    }

    static async Task StoresTheHandWorkedOffers(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var ids = await SeedAsync(test.Database);

        var run = await new RecommendCustomers(test.Database).ExecuteAsync();

        Assert.Equal(("itemcf-k10-w0.1", new DateOnly(2024, 5, 6)), (run.Version, run.AsOf));
        Assert.Equal((4, 4, 8), (run.Customers, run.Products, run.SimilarPairs));
        Assert.Equal((7, 1, 4), (run.Offers, run.ByPopularity, run.ProductsOffered));

        await using var db = test.Database.CreateContext();
        var scores = new ScoreQueries(db);
        var stored = await scores.LatestRunAsync(Metrics.Recommend.Model);
        Assert.NotNull(stored);
        Assert.Equal(("itemcf-k10-w0.1", new DateOnly(2024, 5, 6), 4), (stored.Version, stored.AsOf, stored.Customers));
        var first = await scores.LabelsAsync(stored, Metrics.Recommend.Next1);
        var firstScore = await scores.NumbersAsync(stored, Metrics.Recommend.Next1Score);
        var firstWhy = await scores.LabelsAsync(stored, Metrics.Recommend.Next1Because);
        var second = await scores.LabelsAsync(stored, Metrics.Recommend.Next2);
        var secondScore = await scores.NumbersAsync(stored, Metrics.Recommend.Next2Score);
        var secondWhy = await scores.LabelsAsync(stored, Metrics.Recommend.Next2Because);

        Assert.Equal(("C", "B", "D", "A"), (first[ids[0]], firstWhy[ids[0]], second[ids[0]], secondWhy[ids[0]]));
        Assert.Equal(0.9 + 0.1 * 2 / 3, firstScore[ids[0]], 12);
        Assert.Equal(0.9 * (1 / Sqrt3) / (3 / Sqrt6) + 0.1 / 3, secondScore[ids[0]], 12);
        Assert.Equal(("D", "A"), (first[ids[1]], firstWhy[ids[1]]));
        Assert.Equal(0.9 + 0.1 / 3, firstScore[ids[1]], 12);
        Assert.False(second.ContainsKey(ids[1]));
        Assert.Equal(("A", "B", "D", "popular"), (first[ids[2]], firstWhy[ids[2]], second[ids[2]], secondWhy[ids[2]]));
        Assert.Equal(1, firstScore[ids[2]], 12);
        Assert.Equal(0.1 / 3, secondScore[ids[2]], 12);
        Assert.Equal(("B", "A", "C", "A"), (first[ids[3]], firstWhy[ids[3]], second[ids[3]], secondWhy[ids[3]]));
        Assert.Equal(0.9 * (1 / Sqrt6) / (2.0 / 3) + 0.1 * 2 / 3, secondScore[ids[3]], 12);
        Assert.False(first.ContainsKey(ids[4]));

        // Seven offers × (product, score, reason); a re-run replaces them.
        Assert.Equal(21, await CountScoresAsync(test.Database));
        await new RecommendCustomers(test.Database).ExecuteAsync();
        Assert.Equal(21, await CountScoresAsync(test.Database));
        Assert.Equal(1, await db.AnalysisRuns.CountAsync(r => r.Model == Metrics.Recommend.Model));
        // Not saving writes nothing new.
        await new RecommendCustomers(test.Database).ExecuteAsync(new ItemRecommenderOptions { TopK = 1 }, save: false);
        Assert.Equal(1, await db.AnalysisRuns.CountAsync(r => r.Model == Metrics.Recommend.Model));
    }

    static async Task ListsOneCustomer(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var ids = await SeedAsync(test.Database);
        var recommend = new RecommendCustomers(test.Database);

        var c0 = await recommend.ForCustomerAsync(ids[0], 5);
        Assert.Equal(2, c0.Bought);
        Assert.Equal(["C", "D"], c0.Offers.Select(o => o.Sku));
        Assert.Equal(("Cherry", "B", "Banana"), (c0.Offers[0].Name, c0.Offers[0].Because, c0.Offers[0].BecauseName));
        Assert.Equal("often bought with B Banana", c0.Offers[0].Reason);
        Assert.Equal(3 / Sqrt6, c0.Offers[0].Similarity, 12);
        Assert.Equal(0.9 * (1 / Sqrt3) / (3 / Sqrt6) + 0.1 / 3, c0.Offers[1].Score, 12);
        Assert.Equal("often bought with A", c0.Offers[1].Reason);   // A has no product row, so no name

        var c4 = await recommend.ForCustomerAsync(ids[4], 3);
        Assert.Equal(0, c4.Bought);
        Assert.Equal(["A", "B", "C"], c4.Offers.Select(o => o.Sku));   // 3, 3 (A first), 2 buyers
        Assert.All(c4.Offers, o => Assert.Null(o.Because));
        Assert.Equal("popular: 3 buyers", c4.Offers[0].Reason);

        await Assert.ThrowsAsync<KeyNotFoundException>(() => recommend.ForCustomerAsync(ids.Max() + 100, 3));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => recommend.ForCustomerAsync(ids[0], 0));
        Assert.Equal(0, await CountScoresAsync(test.Database));
    }

    static async Task EvaluatesStored(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var ids = await SeedAsync(test.Database);
        // C3 buys C on 2024-06-10 (new to them) and A again; C0 re-buys A (active in both periods, nothing new).
        await using (var db = test.Database.CreateContext())
        {
            db.Orders.Add(Order("J1", ids[3], new DateTime(2024, 6, 10, 9, 0, 0, DateTimeKind.Utc), ["C", "A"]));
            db.Orders.Add(Order("J2", ids[0], new DateTime(2024, 6, 1, 0, 0, 0, DateTimeKind.Utc), ["A"]));
            await db.SaveChangesAsync();
        }

        var e = await EvaluateRecommendations.OnStoredAsync(test.Database, new DateOnly(2024, 6, 1), 2);

        Assert.Equal((4, 4, 2, 1, 4), (e.Customers, e.Items, e.ActiveInBoth, e.OnlyRebought, e.CatalogueItems));
        // C3 (A, D before): item-CF [B, C], popularity [B (3 buyers), C (2)]: C at rank 2 either way.
        foreach (var m in new[] { e.ItemCf, e.Popularity })
        {
            Assert.Equal((1, 1.0, 0.5, 1.0, 0.5), (m.Customers, m.HitRate, m.Precision, m.Recall, m.Map));
            Assert.Equal(0.5, m.Coverage, 12);   // B and C of 4
        }
        // The default split is 90 days before the day after the latest purchase (2024-06-10): 2024-03-13, before every
        // order, so no customer is active in both periods.
        Assert.Equal(new DateOnly(2024, 3, 13), EvaluateRecommendations.DefaultSplit(new DateTime(2024, 6, 10, 9, 0, 0, DateTimeKind.Utc)));
        var none = await Assert.ThrowsAsync<NotAnalysableException>(() => EvaluateRecommendations.OnStoredAsync(test.Database, null, 10));
        Assert.Contains("2024-03-13", none.Message, StringComparison.Ordinal);
    }

    static Task<int> CountScoresAsync(ValoraDatabase database)
    {
        var db = database.CreateContext();
        return db.CustomerScores.CountAsync(s => s.Metric.StartsWith("recommend_"));
    }

    static Order Order(string external, long customer, DateTime at, string[] skus, OrderStatus status = OrderStatus.Completed) => new()
    {
        ExternalId = external,
        CustomerId = customer,
        Status = status,
        OrderedAt = at,
        Lines = [.. skus.Select((s, k) => new OrderLine
        {
            LineNumber = k + 1, Sku = s, Quantity = 1, UnitPrice = 5, LineTotal = 5, IsMerchandise = s != "POST",
        })],
    };

    static async Task<long[]> SeedAsync(ValoraDatabase database)
    {
        await using var db = database.CreateContext();
        var customers = Enumerable.Range(0, 5).Select(i => new Customer { ExternalId = $"C{i}" }).ToList();
        db.Customers.AddRange(customers);
        db.Products.AddRange(new Product { Sku = "B", Name = "Banana" }, new Product { Sku = "C", Name = "Cherry" });
        await db.SaveChangesAsync();
        var orders = new (int Customer, string[] Skus, OrderStatus Status)[]
        {
            (0, ["A", "B", "POST"], OrderStatus.Completed),
            (1, ["A", "B", "C"], OrderStatus.Completed),
            (2, ["B", "C"], OrderStatus.Completed),
            (3, ["A", "D"], OrderStatus.Completed),
            (2, ["D"], OrderStatus.Cancelled),
            (3, ["A"], OrderStatus.Completed),
        };
        for (var n = 0; n < orders.Length; n++)
        {
            var (c, skus, status) = orders[n];
            db.Orders.Add(Order($"O{n}", customers[c].Id, new DateTime(2024, 5, 1 + n, 10, 0, 0, DateTimeKind.Utc), skus, status));
        }
        await db.SaveChangesAsync();
        return [.. customers.Select(c => c.Id)];
    }
}
