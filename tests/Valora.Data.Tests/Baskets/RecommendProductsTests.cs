using Microsoft.EntityFrameworkCore;
using Valora.Data.Analysis;
using Valora.Data.Baskets;
using Valora.Data.Scores;
using Valora.Domain.Customers;
using Valora.Domain.Sales;
using Valora.TestSupport;
using Valora.TestSupport.Data;

namespace Valora.Data.Tests.Baskets;

/// <summary>
/// Completed orders {a,b} (C0), {a,b,c} (C1), {a} (C2), {b,c} (C3), {a,b,POST} (C4); a cancelled {c} of C0 and the
/// non-merchandise POST do not count. By hand, n = 5: s(a) = s(b) = 4/5, s(c) = 2/5, s(ab) = 3/5, s(bc) = 2/5,
/// s(ac) = s(abc) = 1/5, so a → b and b → a have confidence 3/4, b → c 1/2 (lift 5/4), a → c 1/4, ab → c 1/3, c → a and
/// bc → a 1/2. Hence C0 and C4 (who have a, b) get c at 1/2 by b → c; C2 (a) gets b at 3/4 then c at 1/4; C3 (b, c)
/// gets a at 3/4 by b → a; C1 has bought everything and gets nothing.
/// </summary>
[Trait("Issue", "14")]
public sealed class RecommendProductsTests
{
    static readonly RecommendOptions Options = new() { MinSupport = 0.2, MinConfidence = 0.1 };

    [Fact]
    public Task Execute_OnSqlite_RecommendsTheHandWorkedProductsAndStoresThem() => RecommendsAndStores(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Execute_OnPostgres_RecommendsTheHandWorkedProductsAndStoresThem() => RecommendsAndStores(DatabaseProvider.Postgres);

    [Fact]
    public async Task Execute_OnAnEmptyDatabase_IsNotAnalysableForWantOfOrders()
    {
        await using var test = await TestDatabase.CreateSqliteAsync();
        var error = await Assert.ThrowsAsync<NotAnalysableException>(() => new RecommendProducts(test.Database).ExecuteAsync(Options));
        Assert.Equal((NotAnalysableReason.NoOrders, Metrics.Baskets.Model), (error.Reason, error.Model));
    }

    [Fact]
    public async Task Execute_BadSupport_NamesTheSetting()
    {
        await using var test = await TestDatabase.CreateSqliteAsync();
        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            new RecommendProducts(test.Database).ExecuteAsync(Options with { MinSupport = 0 }));
        Assert.Contains("minSupport", error.Message, StringComparison.Ordinal);
    }

    static async Task RecommendsAndStores(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var ids = await SeedAsync(test.Database);

        var result = await new RecommendProducts(test.Database).ExecuteAsync(Options);

        Assert.Equal((5, 3), (result.Orders, result.Products));
        Assert.Equal(7, result.Itemsets);
        Assert.Equal(new DateOnly(2024, 5, 5), result.AsOf);
        var by = result.Customers.ToDictionary(c => c.CustomerId);
        Assert.False(by.ContainsKey(ids[1]));
        Assert.Equal(4, by.Count);
        foreach (var c in new[] { ids[0], ids[4] })
        {
            var only = Assert.Single(by[c].Products);
            Assert.Equal(("c", "b → c"), (only.Sku, only.Because));
            Assert.Equal(0.5, only.Confidence, 12);
            Assert.Equal(1.25, only.Lift, 12);
        }
        Assert.Equal(["b", "c"], by[ids[2]].Products.Select(p => p.Sku));
        Assert.Equal([0.75, 0.25], by[ids[2]].Products.Select(p => Math.Round(p.Confidence, 12)));
        var a = Assert.Single(by[ids[3]].Products);
        Assert.Equal(("a", "b → a"), (a.Sku, a.Because));
        Assert.Equal(0.75, a.Confidence, 12);

        await using var context = test.Database.CreateContext();
        var scores = new ScoreQueries(context);
        var run = await scores.LatestRunAsync(Metrics.Baskets.Model);
        Assert.NotNull(run);
        var first = await scores.LabelsAsync(run, Metrics.Baskets.Next1);
        Assert.Equal("b", first[ids[2]]);
        Assert.Equal("c", (await scores.LabelsAsync(run, Metrics.Baskets.Next2))[ids[2]]);
        Assert.Equal(0.25, (await scores.NumbersAsync(run, Metrics.Baskets.Next2Confidence))[ids[2]], 12);
        Assert.False(first.ContainsKey(ids[1]));

        // A re-run replaces the run: 2 + 2 + 4 + 2 score rows, not twice that.
        await new RecommendProducts(test.Database).ExecuteAsync(Options);
        await using var db = test.Database.CreateContext();
        Assert.Equal(10, await db.CustomerScores.CountAsync(s => s.Metric.StartsWith("basket_")));
        Assert.Equal(1, await db.AnalysisRuns.CountAsync(r => r.Model == Metrics.Baskets.Model));
    }

    static async Task<long[]> SeedAsync(ValoraDatabase database)
    {
        await using var db = database.CreateContext();
        var customers = Enumerable.Range(0, 5).Select(i => new Customer { ExternalId = $"C{i}" }).ToList();
        db.Customers.AddRange(customers);
        await db.SaveChangesAsync();
        var orders = new (int Customer, string[] Skus, OrderStatus Status)[]
        {
            (0, ["a", "b"], OrderStatus.Completed),
            (1, ["a", "b", "c"], OrderStatus.Completed),
            (2, ["a"], OrderStatus.Completed),
            (3, ["b", "c", "b"], OrderStatus.Completed),
            (4, ["a", "b", "POST"], OrderStatus.Completed),
            (0, ["c"], OrderStatus.Cancelled),
        };
        for (var n = 0; n < orders.Length; n++)
        {
            var (c, skus, status) = orders[n];
            db.Orders.Add(new Order
            {
                ExternalId = $"O{n}",
                CustomerId = customers[c].Id,
                Status = status,
                OrderedAt = new DateTime(2024, 5, 1 + n, 10, 0, 0, DateTimeKind.Utc),
                Lines = [.. skus.Select((s, k) => new OrderLine
                {
                    LineNumber = k + 1, Sku = s, Quantity = 1, UnitPrice = 5, LineTotal = 5, IsMerchandise = s != "POST",
                })],
            });
        }
        await db.SaveChangesAsync();
        return [.. customers.Select(c => c.Id)];
    }
}
