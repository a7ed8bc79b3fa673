using Microsoft.EntityFrameworkCore;
using Valora.Analytics.Potential;
using Valora.Data.Analysis;
using Valora.Data.Potential;
using Valora.Data.Scores;
using Valora.Domain.Customers;
using Valora.Domain.Interactions;
using Valora.Domain.Sales;
using Valora.Domain.Tickets;
using Valora.TestSupport;
using Valora.TestSupport.Data;

namespace Valora.Data.Tests.Potential;

public sealed class ScorePotentialTests
{
    static readonly DateOnly AsOf = new(2024, 6, 30);

    // One year, undiscounted, so each component is easy to follow by hand.
    static readonly PotentialOptions Plain = new() { HorizonYears = 1, AnnualDiscountRate = 0 };

    [Fact]
    public Task Execute_OnSqlite_ValuesEachComponentFromTheStoredData() => ValuesEachComponent(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Execute_OnPostgres_ValuesEachComponentFromTheStoredData() => ValuesEachComponent(DatabaseProvider.Postgres);

    [Fact]
    public async Task Execute_OnAnEmptyDatabase_IsNotAnalysableForWantOfOrders()
    {
        await using var test = await TestDatabase.CreateSqliteAsync();
        var error = await Assert.ThrowsAsync<NotAnalysableException>(() => new ScorePotential(test.Database).ExecuteAsync(null));
        Assert.Equal((NotAnalysableReason.NoOrders, Metrics.Potential.Model), (error.Reason, error.Model));
    }

    [Fact]
    public async Task Execute_TakesBFromTheClvRunAndRetentionFromTheChurnRun()
    {
        await using var test = await TestDatabase.CreateSqliteAsync();
        var (a, b, c) = await SeedAsync(test.Database);
        await RunWriter.WriteAsync(test.Database, new ScoringRun(Metrics.Churn.Model, "churn-test", AsOf, Metrics.Churn.All, 1, new { WindowDays = 90 }),
            [Metrics.Churn.Probability.Of(a, 0.5)]);
        await RunWriter.WriteAsync(test.Database, new ScoringRun(Metrics.Clv.Model, "clv-test", AsOf, Metrics.Clv.All, 1),
            [Metrics.Clv.Value.Of(c, 500)]);
        // A CLV run after the as-of date must not be used (it knows the future).
        await RunWriter.WriteAsync(test.Database, new ScoringRun(Metrics.Clv.Model, "clv-later", AsOf.AddDays(30), Metrics.Clv.All, 1),
            [Metrics.Clv.Value.Of(c, 9999)]);

        var run = await new ScorePotential(test.Database).ExecuteAsync(AsOf, Plain);

        var byId = run.Result.Customers.ToDictionary(x => x.CustomerId);
        // A's yearly retention (1 − 0.5)^(365.25/90) = 0.0600233091: B = 60·ρ, M = 48·ρ, R = rate·ρ·30.
        Assert.Equal(3.6013985439, byId[a].Purchase, 8);
        Assert.Equal(2.8811188352, byId[a].Maintenance, 8);
        Assert.Equal(1.1550761026, byId[a].Referral, 8);
        Assert.Equal((500, PurchasePotentialSource.Btyd), (byId[c].Purchase, byId[c].PurchaseSource));
        Assert.Equal(PurchasePotentialSource.RunRate, byId[b].PurchaseSource);
        Assert.Equal("clv-test (2024-06-30)", run.ClvRun);
        Assert.StartsWith("churn churn-test", run.RetentionSource, StringComparison.Ordinal);
    }

    static async Task ValuesEachComponent(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var (a, b, c) = await SeedAsync(test.Database);

        var run = await new ScorePotential(test.Database).ExecuteAsync(AsOf, Plain);

        // No CLV and no churn run: retention 1, B = last year's profit (A 100 − 40; B 30; C 20, its August order is later).
        // Referrals by the date: A brought B (C came after it), so a referral is worth B's purchase potential, 30.
        // Exposure (years to the end of the day): A 546.5, B 60.5, C 0.5 days; base rate 1 / Σ = 0.6012345679.
        // M = profit − tickets·10 − contacts·1: A 60 − 10 − 2 = 48.
        Assert.Equal(AsOf, run.AsOf);
        Assert.Equal(0.6012345679, run.Result.BaseReferralRate, 9);
        Assert.Equal(30, run.Result.ReferredCustomerValue, 12);
        var byId = run.Result.Customers.ToDictionary(x => x.CustomerId);
        Assert.Equal((60, 48), (byId[a].Purchase, byId[a].Maintenance));
        Assert.Equal(19.2437924626, byId[a].Referral, 9);
        Assert.Equal(15.4739348861, byId[b].Referral, 9);
        Assert.Equal(45.3731377388, byId[a].Value, 9);
        Assert.Equal(25.6421804658, byId[b].Value, 9);
        Assert.Equal(19.4037138300, byId[c].Value, 9);
        Assert.Equal(90.4190320347, run.Result.Total, 9);

        await using var db = test.Database.CreateContext();
        var stored = await db.CustomerScores.Where(s => s.CustomerId == a && s.ModelVersion == run.Version).ToListAsync();
        Assert.Equal(Metrics.Potential.All.Count, stored.Count);
        Assert.Equal(45.3731377388, stored.Single(s => s.Metric == Metrics.Potential.Value.Name).Value!.Value, 9);
        Assert.Equal("run-rate", stored.Single(s => s.Metric == Metrics.Potential.PurchaseSource.Name).Label);

        // A re-run replaces, and the view groups every customer ("(none)": no RFM run) with the weights shown.
        await new ScorePotential(test.Database).ExecuteAsync(AsOf, Plain);
        Assert.Equal(Metrics.Potential.All.Count * 3, await db.CustomerScores.CountAsync());
        var view = await PotentialView.LoadAsync(db);
        Assert.NotNull(view);
        Assert.Equal((0.5, 0.3, 0.2), (view.Settings.Alpha, view.Settings.Beta, view.Settings.Gamma));
        var group = Assert.Single(view.Groups);
        Assert.Equal(("(none)", 3), (group.Group, group.Customers));
        Assert.Equal(90.4190320347, group.PotentialValue, 9);
        Assert.Equal(a, view.Top[0].CustomerId);
    }

    /// <summary>Customers A, B, C; A referred B (2023-06-01) and C (2024-07-15, after the as-of date).</summary>
    static async Task<(long A, long B, long C)> SeedAsync(ValoraDatabase database)
    {
        await using var db = database.CreateContext();
        var (a, b, c) = (new Customer { ExternalId = "A" }, new Customer { ExternalId = "B" }, new Customer { ExternalId = "C" });
        db.Customers.AddRange(a, b, c);
        await db.SaveChangesAsync();
        db.Orders.AddRange(
            OrderOf("O1", a.Id, Day(2023, 1, 1), 50, null),
            OrderOf("O2", a.Id, Day(2024, 3, 1), 100, 40),
            OrderOf("O3", b.Id, Day(2024, 5, 1), 30, null),
            OrderOf("O4", c.Id, Day(2024, 6, 30), 20, null),
            OrderOf("O5", c.Id, Day(2024, 8, 1), 1000, null));
        db.Referrals.AddRange(
            new Referral { ReferrerCustomerId = a.Id, ReferredCustomerId = b.Id, ReferredOn = new DateOnly(2023, 6, 1) },
            new Referral { ReferrerCustomerId = a.Id, ReferredCustomerId = c.Id, ReferredOn = new DateOnly(2024, 7, 15) });
        db.Tickets.AddRange(
            new Ticket { ExternalId = "T1", CustomerId = a.Id, Kind = TicketKind.Complaint, Status = TicketStatus.Open, OpenedAt = Day(2024, 2, 1) },
            new Ticket { ExternalId = "T2", CustomerId = a.Id, Kind = TicketKind.Complaint, Status = TicketStatus.Open, OpenedAt = Day(2024, 7, 2) });
        db.Interactions.AddRange(
            new Interaction { ExternalId = "I1", CustomerId = a.Id, OccurredAt = Day(2024, 1, 10) },
            new Interaction { ExternalId = "I2", CustomerId = a.Id, OccurredAt = Day(2024, 6, 30) },
            new Interaction { ExternalId = "I3", CustomerId = a.Id, OccurredAt = Day(2023, 1, 10) });
        await db.SaveChangesAsync();
        return (a.Id, b.Id, c.Id);
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
