using Microsoft.EntityFrameworkCore;
using Valora.Analytics.Cycles;
using Valora.Data.Analysis;
using Valora.Data.Clv;
using Valora.Data.Cycles;
using Valora.Data.Scores;
using Valora.Domain.Customers;
using Valora.Domain.Sales;
using Valora.Domain.Scores;
using Valora.TestSupport;
using Valora.TestSupport.Data;

namespace Valora.Data.Tests.Cycles;

public sealed class RunPurchaseCycleTests
{
    static readonly DateOnly AsOf = new(2024, 6, 30);

    [Fact]
    public Task Execute_OnSqlite_StoresEachRhythmAndTheCategoryCycles() => StoresAndReads(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Execute_OnPostgres_StoresEachRhythmAndTheCategoryCycles() => StoresAndReads(DatabaseProvider.Postgres);

    [Fact]
    public async Task Execute_OnAnEmptyDatabase_IsNotAnalysableForWantOfOrders()
    {
        await using var test = await TestDatabase.CreateSqliteAsync();
        var error = await Assert.ThrowsAsync<NotAnalysableException>(() => new RunPurchaseCycle(test.Database).ExecuteAsync(null));
        Assert.Equal((NotAnalysableReason.NoOrders, Metrics.Cycle.Model), (error.Reason, error.Model));
    }

    [Fact]
    public async Task Execute_IgnoresABgNbdFitOnDataAfterTheDate()
    {
        await using var test = await TestDatabase.CreateSqliteAsync();
        await SeedAsync(test.Database);
        await AddBgNbdAsync(test.Database, "bgnbd-future", AsOf.AddDays(1));

        var run = await new RunPurchaseCycle(test.Database).ExecuteAsync(AsOf, save: false);

        Assert.Null(run.BtydModel);
        Assert.All(run.Customers, c => Assert.Null(c.ProbabilityInWindow));
        Assert.Equal("cycle-k1-w30", run.Version);
    }

    static async Task StoresAndReads(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var ids = await SeedAsync(test.Database);
        await AddBgNbdAsync(test.Database, "bgnbd-past", AsOf.AddDays(-10));
        await AddBgNbdAsync(test.Database, "bgnbd-future", AsOf.AddDays(5));

        var run = await new RunPurchaseCycle(test.Database).ExecuteAsync(AsOf);

        // rhythm: days 05-01, 05-11, 05-31 → intervals 10, 20: mean 15, sd √50, silent 30 days > 22.07 → overdue by 15.
        // steady: 06-01, 06-11, 06-21 → mean 10, sd 0, silent 9 → on track. pair: one interval of 31; once: one day.
        // "later" bought only after the date, and rhythm's July order does not count.
        Assert.Equal("cycle-k1-w30+bgnbd-past", run.Version);
        Assert.Equal("bgnbd-past", run.BtydModel);
        Assert.Equal(new[] { ids["rhythm"], ids["steady"], ids["pair"], ids["once"] }.Order(), run.Customers.Select(c => c.CustomerId));
        Assert.Equal([1, 1, 2], run.Counts.Select(c => c.Customers));

        await using var db = test.Database.CreateContext();
        var stored = await db.CustomerScores.Where(s => s.ModelVersion == run.Version && s.AsOf == AsOf).ToListAsync();
        CustomerScore Score(string customer, ScoreMetric metric) => stored.Single(s => s.CustomerId == ids[customer] && s.Metric == metric.Name);
        Assert.Equal("overdue", Score("rhythm", Metrics.Cycle.Status).Label);
        Assert.Equal(15, Score("rhythm", Metrics.Cycle.MeanIntervalDays).Value);
        Assert.Equal(Math.Sqrt(50), Score("rhythm", Metrics.Cycle.SdIntervalDays).Value!.Value, 12);
        Assert.Equal("2024-06-15", Score("rhythm", Metrics.Cycle.NextExpected).Label);
        Assert.Equal(15, Score("rhythm", Metrics.Cycle.DaysOverdue).Value);
        Assert.Equal(1, Score("rhythm", Metrics.Cycle.Overdue).Value);
        Assert.Equal(0, Score("steady", Metrics.Cycle.Overdue).Value);
        Assert.Equal(-1, Score("steady", Metrics.Cycle.DaysOverdue).Value);
        // BG/NBD (CDNOW parameters, weeks): rhythm x = 2, tₓ = 30/7, T = 60/7; by hand P(alive) = 0.637590, P(≥1 in 30 days) = 0.301301.
        Assert.Equal(0.637590045769846, Score("rhythm", Metrics.Cycle.ProbabilityAlive).Value!.Value, 9);
        Assert.Equal(0.30130093338557595, Score("rhythm", Metrics.Cycle.ProbabilityInWindow).Value!.Value, 9);
        // No rhythm: pair keeps its one interval as the mean but gets no sd, expected day or flag.
        Assert.Equal(("no-rhythm", 31.0), (Score("pair", Metrics.Cycle.Status).Label, Score("pair", Metrics.Cycle.MeanIntervalDays).Value));
        Assert.DoesNotContain(stored, s => s.CustomerId == ids["pair"] && (s.Metric == Metrics.Cycle.SdIntervalDays.Name || s.Metric == Metrics.Cycle.Overdue.Name || s.Metric == Metrics.Cycle.NextExpected.Name));
        Assert.DoesNotContain(stored, s => s.CustomerId == ids["once"] && s.Metric == Metrics.Cycle.MeanIntervalDays.Name);
        Assert.DoesNotContain(stored, s => s.CustomerId == ids["later"]);

        // A re-run replaces rather than adds.
        await new RunPurchaseCycle(test.Database).ExecuteAsync(AsOf);
        Assert.Equal(stored.Count, await db.CustomerScores.CountAsync(s => s.ModelVersion == run.Version));

        var overdue = await CycleView.LoadAsync(db);
        Assert.NotNull(overdue);
        Assert.Equal([ids["rhythm"]], overdue.Customers.Select(c => c.CustomerId));
        Assert.Equal(("rhythm", new DateOnly(2024, 6, 15), 15.0), (overdue.Customers[0].ExternalId, overdue.Customers[0].NextExpected, overdue.Customers[0].DaysOverdue));
        Assert.Equal([("overdue", 1), ("on-track", 1), ("no-rhythm", 2)], overdue.Statuses.Select(s => (s.Status, s.Customers)));
        var all = await CycleView.LoadAsync(db, overdueOnly: false, top: 10);
        Assert.Equal([ids["rhythm"], ids["steady"]], all!.Customers.Select(c => c.CustomerId));
        // Mean intervals 10 (bin 7–14) and 15 (bin 14–30); pair's single interval is no rhythm and not in the chart.
        Assert.Equal([0, 1, 1, 0, 0, 0, 0, 0], all.MeanIntervals.Select(b => b.Customers));
        Assert.Equal(12.5, all.MedianMeanInterval);
        // Tea: rhythm 10, 20 and pair 31 → median 20; coffee: steady 10, 10 (once bought it on one day); postage left out.
        Assert.Equal("category", all.GroupedBy);
        Assert.Equal(["Tea", "Coffee"], all.Categories.Select(c => c.Group));
        Assert.Equal(new CategoryCycle("Tea", 2, 2, 3, 20, 15, 25.5), all.Categories[0]);
        Assert.Equal(new CategoryCycle("Coffee", 2, 1, 2, 10, 10, 10), all.Categories[1]);
    }

    static async Task AddBgNbdAsync(ValoraDatabase database, string version, DateOnly dataTo)
    {
        await using var db = database.CreateContext();
        db.ModelRuns.Add(new ModelRun
        {
            Kind = "bgnbd",
            Version = version,
            TrainedAt = DateTime.UtcNow,
            DataTo = dataTo,
            ParametersJson = new StoredClvModel("bgnbd", ["r", "alpha", "a", "b"],
                version == "bgnbd-past" ? [0.243, 4.414, 0.793, 2.426] : [1, 1, 1, 1], null, 7).ToJson(),
            MetricsJson = "{}",
        });
        await db.SaveChangesAsync();
    }

    static async Task<Dictionary<string, long>> SeedAsync(ValoraDatabase database)
    {
        var histories = new Dictionary<string, (DateTime Day, string Sku)[]>
        {
            ["rhythm"] = [(Day(2024, 5, 1), "T1"), (Day(2024, 5, 11), "T1"), (Day(2024, 5, 31), "T1"), (Day(2024, 7, 5), "T1")],
            ["steady"] = [(Day(2024, 6, 1), "C1"), (Day(2024, 6, 11), "C1"), (Day(2024, 6, 21), "C1")],
            ["pair"] = [(Day(2024, 3, 1), "T1"), (Day(2024, 4, 1), "T1")],
            ["once"] = [(Day(2024, 1, 15), "C1")],
            ["later"] = [(Day(2024, 7, 10), "T1")],
        };
        await using var db = database.CreateContext();
        var products = new Dictionary<string, Product>
        {
            ["T1"] = new() { Sku = "T1", Category = "Tea" },
            ["C1"] = new() { Sku = "C1", Category = "Coffee" },
            ["POST"] = new() { Sku = "POST", Category = "Postage", IsMerchandise = false },
        };
        db.Products.AddRange(products.Values);
        var customers = histories.Keys.ToDictionary(k => k, k => new Customer { ExternalId = k });
        db.Customers.AddRange(customers.Values);
        await db.SaveChangesAsync();
        var n = 0;
        foreach (var (name, orders) in histories)
        {
            foreach (var (day, sku) in orders)
            {
                db.Orders.Add(new Order
                {
                    ExternalId = $"O{n++}",
                    CustomerId = customers[name].Id,
                    OrderedAt = day,
                    Lines =
                    [
                        new OrderLine { LineNumber = 1, ProductId = products[sku].Id, Sku = sku, Quantity = 1, UnitPrice = 10, LineTotal = 10 },
                        // Postage on every order (and on several days): a category cycle if it were not left out.
                        new OrderLine { LineNumber = 2, ProductId = products["POST"].Id, Sku = "POST", Quantity = 1, UnitPrice = 3, LineTotal = 3, IsMerchandise = false },
                    ],
                });
            }
        }
        await db.SaveChangesAsync();
        return customers.ToDictionary(kv => kv.Key, kv => kv.Value.Id);
    }

    static DateTime Day(int y, int m, int d) => new(y, m, d, 10, 0, 0, DateTimeKind.Utc);
}
