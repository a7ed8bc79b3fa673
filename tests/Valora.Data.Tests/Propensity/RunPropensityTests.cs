using Valora.Analytics.Churn;
using Valora.Analytics.Propensity;
using Valora.Data.Analysis;
using Valora.Data.Propensity;
using Valora.Data.Scores;
using Valora.Domain.Customers;
using Valora.Domain.Sales;
using Valora.TestSupport;
using Valora.TestSupport.Data;

namespace Valora.Data.Tests.Propensity;

/// <summary>Next category on crafted customers whose labels and features are worked out by hand.</summary>
public sealed class RunPropensityTests
{
    static DateTime Utc(int month, int day, int hour = 12) => new(2026, month, day, hour, 0, 0, DateTimeKind.Utc);

    sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    static readonly PropensityRunRequest Request = new()
    {
        AsOf = new DateOnly(2026, 7, 1), WindowDays = 30, Folds = 2, Trainer = NextCategoryTrainer.MaximumEntropy,
        BuyTrainer = ChurnTrainer.LogisticRegression, Seed = 3,
    };

    /// <summary>
    /// As of Jul 1 with a 30-day window the model trains as of Jun 1 on the orders of [Jun 1, Jul 1):
    /// C1 Books (Mar 1) → Music (Jun 10); C2 Books 10 + Music 5 (Apr 1) → Music (Jun 5); C3 Music (May 1) → Books
    /// (Jun 20); C4 Music (May 15) → Books 5 + Toys 3 (Jun 2: Books has more revenue); C5 Toys (Feb 1) → nothing, so
    /// left out; C6 first buys Books on Jun 15, so has no history to train on; C7 Music (Mar 10) → nothing. Ignored
    /// everywhere: a cancelled Toys order of C3; in the categories also a non-merchandise line and a line without a
    /// product category (an order of C1 that still counts as a purchase). Bought in the window: C1–C4, not C5, C7.
    /// </summary>
    static async Task<long[]> SeedAsync(TestDatabase test)
    {
        await using var db = test.Database.CreateContext();
        var books = new Product { Sku = "B", Category = "Books" };
        var music = new Product { Sku = "M", Category = "Music" };
        var toys = new Product { Sku = "T", Category = "Toys" };
        var plain = new Product { Sku = "X" };
        var customers = Enumerable.Range(1, 7).Select(i => new Customer { ExternalId = $"C{i}" }).ToArray();
        db.AddRange(books, music, toys, plain);
        db.AddRange(customers);
        await db.SaveChangesAsync();
        var n = 0;
        Order O(Customer c, DateTime at, params (Product P, decimal Total)[] lines) => new()
        {
            ExternalId = $"O{++n}", CustomerId = c.Id, OrderedAt = at,
            Lines = [.. lines.Select((l, i) => new OrderLine { LineNumber = i + 1, ProductId = l.P.Id, Quantity = 1, UnitPrice = l.Total, LineTotal = l.Total })],
        };
        var (c1, c2, c3, c4, c5, c6, c7) = (customers[0], customers[1], customers[2], customers[3], customers[4], customers[5], customers[6]);
        var cancelled = O(c3, Utc(5, 20), (toys, 50));
        cancelled.Status = OrderStatus.Cancelled;
        var postage = O(c1, Utc(3, 1, 13), (plain, 99));
        postage.Lines.Add(new OrderLine { LineNumber = 2, Sku = "POST", Quantity = 1, UnitPrice = 4, LineTotal = 4, IsMerchandise = false });
        db.Orders.AddRange(
            O(c1, Utc(3, 1), (books, 30)), O(c1, Utc(6, 10), (music, 20)), postage,
            O(c2, Utc(4, 1), (books, 10), (music, 5)), O(c2, Utc(6, 5), (music, 7)),
            O(c3, Utc(5, 1), (music, 12)), O(c3, Utc(6, 20), (books, 9)), cancelled,
            O(c4, Utc(5, 15), (music, 6)), O(c4, Utc(6, 2), (books, 5), (toys, 3)),
            O(c5, Utc(2, 1), (toys, 8)),
            O(c6, Utc(6, 15), (books, 11)),
            O(c7, Utc(3, 10), (music, 2)));
        await db.SaveChangesAsync();
        return [.. customers.Select(c => c.Id)];
    }

    [Fact]
    public Task Execute_OnSqlite_LabelsFeaturesAndStoredScoresAreAsWorkedOutByHand() => ByHand(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Execute_OnPostgres_LabelsFeaturesAndStoredScoresAreAsWorkedOutByHand() => ByHand(DatabaseProvider.Postgres);

    static async Task ByHand(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var ids = await SeedAsync(test);

        // The lines: 13 categorised merchandise lines of completed orders (no cancelled, postage or uncategorised line).
        var lines = await RunPropensity.LoadLinesAsync(test.Database);
        Assert.Equal(13, lines.Count);
        Assert.DoesNotContain(lines, l => l.Revenue is 50 or 99 or 4);
        Assert.All(lines, l => Assert.Equal(DateTimeKind.Utc, l.OccurredAtUtc.Kind));

        var cutoff = new DateOnly(2026, 6, 1);
        var training = NextCategoryFeatures.From(lines, cutoff, NextCategoryFeatures.Categories(lines, cutoff));
        Assert.Equal(["Books", "Music", "Toys"], training.Categories);
        Assert.Equal([.. ids[..5], ids[6]], training.CustomerIds);
        Assert.Equal<IEnumerable<string?>>(["Music", "Music", "Books", "Books", null, null], NextCategoryFeatures.Labels(training, lines, 30));
        // C2 as of Jun 1: one order 61 days before (Apr 1), revenue 15 (Books 10, Music 5), the last order is Books.
        Assert.Equal([61f, 1, 15, 15, 61, 1, 10 / 15f, 5 / 15f, 0, 1, 0, 0], training.Rows[1]);

        var time = new FixedTime(new DateTimeOffset(2026, 7, 2, 9, 0, 0, TimeSpan.Zero));
        var run = await new RunPropensity(test.Database, time).ExecuteAsync(Request);

        Assert.Equal("propensity-20260702T090000000", run.Version);
        Assert.Equal((cutoff, 6, 4), (run.TrainedAsOf, run.CustomersBeforeTraining, run.TrainingCustomers));
        Assert.Equal(["Books", "Music"], run.Classes);
        Assert.Empty(run.DroppedClasses);
        var cv = Assert.Single(run.CrossValidation);
        Assert.Equal(2, cv.Folds);
        // Every customer with a categorised purchase before Jul 1 is scored, C6 included.
        Assert.Equal(ids, run.Customers.Select(c => c.CustomerId));
        Assert.All(run.Customers, c =>
        {
            Assert.Equal(2, c.Top.Count);
            Assert.Equal(1, c.Top.Sum(t => t.Probability), 6);
            Assert.Equal(c.NextCategory, c.Top[0].Category);
            Assert.Equal(c.Probability, c.Top[0].Probability);
            Assert.True(c.Top[0].Probability >= c.Top[1].Probability);
        });

        // The purchase model: 6 customers bought before Jun 1 (C1–C5, C7), 4 of them again in the window; all 7 scored.
        Assert.Equal(("lr", 6, 4), (run.Buy.Trainer, run.Buy.TrainingCustomers, run.Buy.Buyers));
        Assert.Equal(ids, run.Buy.Customers.Select(c => c.CustomerId));
        Assert.All(run.Buy.Customers, c => Assert.InRange(c.Probability, 0, 1));
        Assert.Equal(2, Assert.Single(run.Buy.CrossValidation).Folds);

        await using var db = test.Database.CreateContext();
        var queries = new ScoreQueries(db);
        var stored = await queries.LatestRunAsync(Metrics.Propensity.Model);
        Assert.NotNull(stored);
        Assert.Equal((run.Version, run.AsOf, 7), (stored.Version, stored.AsOf, stored.Customers));
        var buy = await queries.NumbersAsync(stored, Metrics.Propensity.BuyProbability);
        Assert.Equal(7, buy.Count);
        Assert.All(run.Buy.Customers, c => Assert.Equal(c.Probability, buy[c.CustomerId], 9));
        var top = await queries.LabelsAsync(stored, Metrics.Propensity.NextCategory);
        var p = await queries.NumbersAsync(stored, Metrics.Propensity.NextCategoryProbability);
        var top3 = await queries.LabelsAsync(stored, Metrics.Propensity.TopCategories);
        Assert.All(run.Customers, c =>
        {
            Assert.Equal(c.NextCategory, top[c.CustomerId]);
            Assert.Equal(c.Probability, p[c.CustomerId], 9);
            Assert.Equal($"{c.Top[0].Category}; {c.Top[1].Category}", top3[c.CustomerId]);
        });
    }

    [Fact]
    public Task Execute_OnSqlite_OrdersOnOrAfterTheDateChangeNothing() => NoLeakage(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Execute_OnPostgres_OrdersOnOrAfterTheDateChangeNothing() => NoLeakage(DatabaseProvider.Postgres);

    static async Task NoLeakage(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var ids = await SeedAsync(test);
        var before = await new RunPropensity(test.Database).ExecuteAsync(Request with { Save = false });

        // Orders on the as-of day and after: a customer who never bought, and more for C1 and C5.
        await using (var db = test.Database.CreateContext())
        {
            var toys = db.Products.Single(p => p.Sku == "T");
            var books = db.Products.Single(p => p.Sku == "B");
            var late = new Customer { ExternalId = "C9" };
            db.Customers.Add(late);
            await db.SaveChangesAsync();
            db.Orders.AddRange(
                new Order { ExternalId = "L1", CustomerId = ids[0], OrderedAt = Utc(7, 1, 0), Lines = [new OrderLine { LineNumber = 1, ProductId = toys.Id, Quantity = 1, UnitPrice = 80, LineTotal = 80 }] },
                new Order { ExternalId = "L2", CustomerId = ids[4], OrderedAt = Utc(7, 9), Lines = [new OrderLine { LineNumber = 1, ProductId = books.Id, Quantity = 1, UnitPrice = 3, LineTotal = 3 }] },
                new Order { ExternalId = "L3", CustomerId = late.Id, OrderedAt = Utc(8, 1), Lines = [new OrderLine { LineNumber = 1, ProductId = toys.Id, Quantity = 1, UnitPrice = 5, LineTotal = 5 }] });
            await db.SaveChangesAsync();
        }
        var after = await new RunPropensity(test.Database).ExecuteAsync(Request with { Save = false });

        Assert.Equal(before.Customers.Select(c => c.CustomerId), after.Customers.Select(c => c.CustomerId));
        Assert.Equal(before.Customers.Select(c => (c.NextCategory, c.Probability)), after.Customers.Select(c => (c.NextCategory, c.Probability)));
        Assert.Equal(before.CrossValidation[0].Model, after.CrossValidation[0].Model);
        Assert.Equal(before.Buy.Customers, after.Buy.Customers);
        Assert.Equal(before.Buy.CrossValidation[0].Mean, after.Buy.CrossValidation[0].Mean);
        // Nothing was stored.
        await using var check = test.Database.CreateContext();
        Assert.Null(await new ScoreQueries(check).LatestRunAsync(Metrics.Propensity.Model));

        // And a date after them does see them: C9 is scored as of Aug 2.
        var later = await new RunPropensity(test.Database).ExecuteAsync(Request with { AsOf = new DateOnly(2026, 8, 2), WindowDays = 60, Save = false });
        Assert.Contains(later.Customers, c => c.CustomerId > ids[^1]);
        Assert.Contains(later.Buy.Customers, c => c.CustomerId > ids[^1]);
    }

    [Fact]
    public async Task Execute_WithTooFewBuyersPerCategory_IsNotAnalysable()
    {
        await using var test = await TestDatabase.CreateSqliteAsync();
        await SeedAsync(test);

        var e = await Assert.ThrowsAsync<NotAnalysableException>(() => new RunPropensity(test.Database).ExecuteAsync(Request with { Folds = 3 }));

        Assert.Equal(NotAnalysableReason.NotEnoughData, e.Reason);
        Assert.Equal(Metrics.Propensity.Model, e.Model);
        Assert.Contains("Of 6 customers with a purchase before 2026-06-01, 4 bought in the next 30 days", e.Message, StringComparison.Ordinal);
    }
}
