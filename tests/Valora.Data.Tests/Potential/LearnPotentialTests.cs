using Microsoft.EntityFrameworkCore;
using Valora.Analytics.Potential;
using Valora.Data.Analysis;
using Valora.Data.Import.Readers;
using Valora.Data.Potential;
using Valora.Data.Scores;
using Valora.Domain.Customers;
using Valora.Domain.Interactions;
using Valora.Domain.Sales;
using Valora.Domain.Tickets;
using Valora.TestSupport;
using Valora.TestSupport.Data;

namespace Valora.Data.Tests.Potential;

public sealed class LearnPotentialTests
{
    // As of 2024-12-31 with 90-day windows: holdout cutoff 2024-10-02 (targets Oct 3 – Dec 31), training cutoff 2024-07-04.
    static readonly DateOnly AsOf = new(2024, 12, 31);
    static readonly LearnPotentialRequest Request = new() { AsOf = AsOf, WindowDays = 90 };

    [Fact]
    public Task Windows_OnSqlite_HoldWhatEachCustomerDidBeforeAndAfterTheCutoff() => WindowsByHand(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Windows_OnPostgres_HoldWhatEachCustomerDidBeforeAndAfterTheCutoff() => WindowsByHand(DatabaseProvider.Postgres);

    [Fact]
    public Task Execute_OnSqlite_ScoresWithTheBestLearnerAndStoresTheComponents() => ScoresAndStores(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Execute_OnPostgres_ScoresWithTheBestLearnerAndStoresTheComponents() => ScoresAndStores(DatabaseProvider.Postgres);

    [Fact]
    public async Task Execute_AsOfADate_IgnoresWhatHappenedAfterIt()
    {
        await using var test = await TestDatabase.CreateSqliteAsync();
        var (a, _) = await SeedAsync(test.Database);
        var before = await new LearnPotential(test.Database).ExecuteAsync(Request, save: false);

        await using (var db = test.Database.CreateContext())
        {
            db.Orders.Add(OrderOf("LATE", a, Day(2025, 1, 2), 5000, null));
            db.Tickets.Add(new Ticket { ExternalId = "TLATE", CustomerId = a, Kind = TicketKind.Complaint, Status = TicketStatus.Open, OpenedAt = Day(2025, 1, 1) });
            db.Interactions.Add(new Interaction { ExternalId = "ILATE", CustomerId = a, OccurredAt = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc) });
            await db.SaveChangesAsync();
        }
        var after = await new LearnPotential(test.Database).ExecuteAsync(Request, save: false);

        Assert.Equal(before.Customers, after.Customers);
        Assert.Equal(before.Evaluation.Regressors.SelectMany(r => r.Targets).Select(t => t.Model),
            after.Evaluation.Regressors.SelectMany(r => r.Targets).Select(t => t.Model));
    }

    [Fact]
    public async Task Execute_RefusesTooShortAHistoryAndBadSettings()
    {
        await using var test = await TestDatabase.CreateSqliteAsync();
        var empty = await Assert.ThrowsAsync<NotAnalysableException>(() => new LearnPotential(test.Database).ExecuteAsync(Request));
        Assert.Equal(NotAnalysableReason.NoOrders, empty.Reason);

        await SeedAsync(test.Database);
        var short_ = await Assert.ThrowsAsync<NotAnalysableException>(() => new LearnPotential(test.Database).ExecuteAsync(Request with { WindowDays = 160 }));
        Assert.Equal(Metrics.LearnedPotential.Model, short_.Model);
        Assert.Contains("customers who bought by 2024-02-15 (two windows of 160 days before 2024-12-31); 6 did", short_.Message, StringComparison.Ordinal);

        var window = await Assert.ThrowsAsync<ArgumentException>(() => new LearnPotential(test.Database).ExecuteAsync(Request with { WindowDays = 10 }));
        Assert.Equal("windowDays", window.ParamName);
        var none = await Assert.ThrowsAsync<ArgumentException>(() => new LearnPotential(test.Database).ExecuteAsync(Request with { Regressors = [] }));
        Assert.Equal("regressors", none.ParamName);
        Assert.Equal(ComponentRegressor.LightGbm, LearnPotential.Parse(" LightGBM "));
        Assert.Contains("use linear, fasttree or lightgbm", Assert.Throws<ArgumentException>(() => LearnPotential.Parse("svm")).Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// CDNOW (23,570 customers, Jan 1997 – Jun 1998) with 90-day windows: the linear fit of B on the window to 1998-03-31
    /// beats "the next 90 days like the last 90" on the window to 1998-06-30 (measured: R² 0.459, RMSE 32.65 against 39.83).
    /// CDNOW has no costs, tickets, contacts or referrals, so M equals B and R is 0 for everyone.
    /// </summary>
    [RealDataFact("cdnow/CDNOW_master.txt")]
    public async Task Execute_OnCdnow_TheLinearFitBeatsTheLastWindow()
    {
        await using var test = await TestDatabase.CreateSqliteAsync();
        await new FileImporter(test.Database).ImportAsync(ImportKind.Orders, SharedData.PathOf("cdnow/CDNOW_master.txt"), new FileImportOptions { CreateMissingCustomers = true });

        var run = await new LearnPotential(test.Database).ExecuteAsync(new LearnPotentialRequest { WindowDays = 90, Regressors = [ComponentRegressor.Linear] }, save: false);

        Assert.Equal(new DateOnly(1998, 6, 30), run.AsOf);
        Assert.Equal((23_570, 23_570, 23_570), (run.Evaluation.TrainingRows, run.Evaluation.HoldoutRows, run.Customers.Count));
        var purchase = run.Evaluation.Regressors.Single().Targets[0];
        Assert.Equal("last window", purchase.BaselineName);
        Assert.True(purchase.BeatsBaseline);
        Assert.InRange(purchase.Model.RSquared!.Value, 0.45, 0.47);
        Assert.InRange(purchase.Model.RootMeanSquaredError / purchase.Baseline.RootMeanSquaredError, 0.80, 0.84);
        Assert.Equal(purchase.Model, run.Evaluation.Regressors.Single().Targets[2].Model);
        Assert.Equal(0, run.Evaluation.Regressors.Single().Targets[1].Model.RootMeanSquaredError);
    }

    [Fact]
    public void Version_NamesWindowAndLearners_StaysWithin64Characters_AndSeparatesSettings()
    {
        var longest = new LearnPotentialRequest { WindowDays = 730, Weights = new PotentialWeights(0.3333333, 0.3333333, 0.3333333), TicketCost = 12345.678, ContactCost = 0.0001 };
        var version = LearnPotential.VersionOf(longest, [ComponentRegressor.LightGbm, ComponentRegressor.LightGbm, ComponentRegressor.LightGbm]);
        Assert.StartsWith("potential_learned-w730-lgbm.lgbm.lgbm-", version, StringComparison.Ordinal);
        Assert.InRange(version.Length, 1, 64);
        Assert.NotEqual(LearnPotential.VersionOf(Request, [ComponentRegressor.Linear, ComponentRegressor.FastTree, ComponentRegressor.Linear]),
            LearnPotential.VersionOf(Request with { TicketCost = 11 }, [ComponentRegressor.Linear, ComponentRegressor.FastTree, ComponentRegressor.Linear]));
    }

    static async Task WindowsByHand(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var (a, b) = await SeedAsync(test.Database);

        var windows = await new LearnPotential(test.Database).LoadWindowsAsync(Request);

        Assert.Equal((new DateOnly(2024, 10, 2), new DateOnly(2024, 7, 4)), (windows.HoldoutCutoff, windows.TrainingCutoff));
        // Everyone but B bought by the training cutoff; B's first order is on Nov 1, so B is only in the current rows.
        Assert.Equal((21, 21, 22), (windows.Training.Rows.Count, windows.Holdout.Rows.Count, windows.Current.Rows.Count));
        Assert.DoesNotContain(b, windows.Holdout.Ids);

        // A at the holdout cutoff (end Oct 3 00:00, window Jul 5 – Oct 2): bought Jan 10 (100, cost 40) and Aug 1 (50);
        // one ticket (Sep 1); no contact and no referral yet.
        var i = IndexOf(windows.Holdout, a);
        Assert.Equal(
            [
                62.5,    // recency: Aug 1 12:00 → Oct 3
                266.5,   // tenure: Jan 10 12:00 → Oct 3
                2, 1,    // orders, in the window
                50, 50,  // profit and revenue in the window
                55,      // mean order profit (60 + 50) / 2
                1, 0,    // tickets, contacts in the window
                0, 0, 0, // referrals, in the window, was referred
            ],
            windows.Holdout.Rows[i]);
        // After it (Oct 3 – Dec 31): bought Nov 15 (200, cost 50) → B = 150; referred B on Oct 20, who brought 80 + 20
        // in the window → R = 100; a ticket (Nov 20) and two contacts → M = 150 − 10 − 2 = 138.
        Assert.Equal([150, 100, 138], windows.Holdout.Values[i]);
        // "The next window like the last": profit 50, no referral, M = 50 − 1 ticket × 10.
        Assert.Equal([50, 0, 40], windows.Holdout.Persistence![i]);

        // A now (end Jan 1 2025): three orders (the one on Jan 5 2025 is after the date), one referral in the window.
        var now = windows.Current.Rows[IndexOf(windows.Current, a)];
        Assert.Equal((46.5, 3.0, 1.0, 1.0), (now[0], now[2], now[9], now[10]));
        Assert.Equal(1, windows.Current.Rows[IndexOf(windows.Current, b)][11]);
        Assert.Empty(windows.Current.Values);
    }

    static async Task ScoresAndStores(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var (a, _) = await SeedAsync(test.Database);
        var learn = new LearnPotential(test.Database);
        var windows = await learn.LoadWindowsAsync(Request);

        var run = await learn.ExecuteAsync(Request);

        // The holdout errors of the linear learner, recomputed from a fit on the training window.
        var linear = ComponentModel.Fit(windows.Training, ComponentRegressor.Linear).Predict(windows.Holdout.Rows);
        var measured = run.Evaluation.Regressors.Single(r => r.Regressor == ComponentRegressor.Linear);
        for (var k = 0; k < 3; k++)
        {
            var expected = RegressionMetrics.Of(windows.Holdout.Target(k), [.. linear.Select(p => p[k])]);
            Assert.Equal(expected.RootMeanSquaredError, measured.Targets[k].Model.RootMeanSquaredError, 1e-9);
        }
        Assert.Equal(3, run.Evaluation.Regressors.Count);

        // Each component scored by its best learner refitted on the holdout window, from the current features.
        var ia = IndexOf(windows.Current, a);
        var customer = run.Customers.Single(c => c.CustomerId == a);
        for (var k = 0; k < 3; k++)
        {
            var expected = ComponentModel.Fit(windows.Holdout, run.Scoring[k]).Predict([windows.Current.Rows[ia]])[0][k];
            Assert.Equal(expected, new[] { customer.Purchase, customer.Referral, customer.Maintenance }[k], 1e-6);
        }
        Assert.Equal((0.5 * customer.Purchase) + (0.3 * customer.Referral) + (0.2 * customer.Maintenance), customer.Value, 1e-9);

        await using var db = test.Database.CreateContext();
        var stored = await db.CustomerScores.Where(s => s.ModelVersion == run.Version && s.AsOf == AsOf).ToListAsync();
        Assert.Equal(22 * 4, stored.Count);
        Assert.Equal(customer.Value, stored.Single(s => s.CustomerId == a && s.Metric == Metrics.LearnedPotential.Value.Name).Value!.Value, 1e-6);
        Assert.StartsWith("potential_learned-w90-", run.Version, StringComparison.Ordinal);

        // A re-run replaces its scores.
        await learn.ExecuteAsync(Request);
        Assert.Equal(22 * 4, await db.CustomerScores.CountAsync(s => s.ModelVersion == run.Version));
        Assert.Equal(1, await db.AnalysisRuns.CountAsync(r => r.Model == Metrics.LearnedPotential.Model));
    }

    static int IndexOf(RegressionSet set, long id) => set.Ids.ToList().IndexOf(id);

    static async Task<(long A, long B)> SeedAsync(ValoraDatabase database)
    {
        await using var db = database.CreateContext();
        var (a, b) = (new Customer { ExternalId = "A" }, new Customer { ExternalId = "B" });
        var fillers = Enumerable.Range(0, 20).Select(k => new Customer { ExternalId = $"F{k}" }).ToArray();
        db.Customers.AddRange([a, b, .. fillers]);
        await db.SaveChangesAsync();
        db.Orders.AddRange(
            OrderOf("A1", a.Id, Day(2024, 1, 10), 100, 40),
            OrderOf("A2", a.Id, Day(2024, 8, 1), 50, null),
            OrderOf("A3", a.Id, Day(2024, 11, 15), 200, 50),
            OrderOf("A4", a.Id, Day(2025, 1, 5), 999, null),
            OrderOf("B1", b.Id, Day(2024, 11, 1), 80, null),
            OrderOf("B2", b.Id, Day(2024, 12, 31), 20, null));
        for (var k = 0; k < fillers.Length; k++)
        {
            var f = fillers[k].Id;
            db.Orders.AddRange(
                OrderOf($"F{k}-1", f, Day(2024, 2, 1).AddDays(k * 3), 10 + k, null),
                OrderOf($"F{k}-2", f, Day(2024, 9, 1).AddDays(k), 20 + (2 * k), 5),
                OrderOf($"F{k}-3", f, Day(2024, 12, 1).AddDays(k / 2), 5 * k, null));
        }
        db.Referrals.Add(new Referral { ReferrerCustomerId = a.Id, ReferredCustomerId = b.Id, ReferredOn = new DateOnly(2024, 10, 20) });
        db.Tickets.AddRange(
            new Ticket { ExternalId = "T1", CustomerId = a.Id, Kind = TicketKind.Complaint, Status = TicketStatus.Open, OpenedAt = Day(2024, 9, 1) },
            new Ticket { ExternalId = "T2", CustomerId = a.Id, Kind = TicketKind.Inquiry, Status = TicketStatus.Open, OpenedAt = Day(2024, 11, 20) });
        db.Interactions.AddRange(
            new Interaction { ExternalId = "I1", CustomerId = a.Id, OccurredAt = Day(2024, 10, 10) },
            new Interaction { ExternalId = "I2", CustomerId = a.Id, OccurredAt = Day(2024, 12, 1) });
        await db.SaveChangesAsync();
        return (a.Id, b.Id);
    }

    static Order OrderOf(string id, long customer, DateTime at, decimal total, decimal? unitCost) => new()
    {
        ExternalId = id,
        CustomerId = customer,
        OrderedAt = at,
        Lines = [new OrderLine { LineNumber = 1, Quantity = 1, UnitPrice = total, LineTotal = total, UnitCost = unitCost }],
    };

    static DateTime Day(int y, int m, int d) => new(y, m, d, 12, 0, 0, DateTimeKind.Utc);
}
