using Microsoft.EntityFrameworkCore;
using Valora.Analytics.Pipeline;
using Valora.Data.Pipeline;
using Valora.Data.Records;
using Valora.Domain.Customers;
using Valora.Domain.Pipeline;
using Valora.TestSupport;
using Valora.TestSupport.Data;

namespace Valora.Data.Tests.Pipeline;

/// <summary>
/// Four deals written through the use cases on a moving clock, then the report at three as-of dates, each rebuilt from
/// the history and worked by hand: A (qualification 1000 → proposal 1200 on 1 Feb → won 10 Mar, a 60-day cycle),
/// B (prospecting 500 → lost 15 Feb), C (negotiation 3000 at 0.6 from 20 Feb, undated, idle), D (proposal 2000 from 1 Mar, a note on 5 Mar).
/// </summary>
public sealed class PipelineReportTests
{
    static readonly PipelineStages Stages = new();

    static DateTime At(int month, int day) => new(2024, month, day, 9, 0, 0, DateTimeKind.Utc);

    [Fact]
    public Task Report_OnSqlite_RebuildsEachDealAtTheAsOfDate() => Report(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Report_OnPostgres_RebuildsEachDealAtTheAsOfDate() => Report(DatabaseProvider.Postgres);

    [Fact]
    public Task Changes_OnSqlite_AreValidatedAndRecorded() => Changes(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Changes_OnPostgres_AreValidatedAndRecorded() => Changes(DatabaseProvider.Postgres);

    static async Task<long> CustomerAsync(TestDatabase test)
    {
        await using var db = test.Database.CreateContext();
        var ann = new Customer { ExternalId = "ANN", Name = "Ann" };
        db.Customers.Add(ann);
        await db.SaveChangesAsync();
        return ann.Id;
    }

    static async Task<long> CreateAsync(TestDatabase test, OpportunityInput input, DateTime now)
    {
        await using var db = test.Database.CreateContext();
        var outcome = await SaveOpportunity.CreateAsync(db, input, null, "sam", Stages, now);
        return outcome.Value!.Id;
    }

    static async Task<OpportunityDetail> ChangeAsync(TestDatabase test, long id, OpportunityChange change, DateTime now)
    {
        await using var db = test.Database.CreateContext();
        var outcome = await SaveOpportunity.ChangeAsync(db, id, change, "sam", Stages, now);
        Assert.Equal(WriteStatus.Done, outcome.Status);
        return outcome.Value!;
    }

    static async Task Report(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var ann = await CustomerAsync(test);
        var a = await CreateAsync(test, new(ann, "A", 1000m, "qualification", ExpectedClose: new DateOnly(2024, 3, 15), Owner: "sam"), At(1, 10));
        var b = await CreateAsync(test, new(ann, "B", 500m, ExpectedClose: new DateOnly(2024, 4, 30), Owner: "kim"), At(1, 20));
        await ChangeAsync(test, a, new(Stage: "proposal", Amount: 1200m), At(2, 1));
        await ChangeAsync(test, b, new(Stage: "lost", Note: "Chose a rival"), At(2, 15));
        await CreateAsync(test, new(ann, "C", 3000m, "negotiation", Probability: 0.6, Owner: "sam"), At(2, 20));
        var d = await CreateAsync(test, new(ann, "D", 2000m, "proposal", ExpectedClose: new DateOnly(2024, 5, 10), Owner: "kim"), At(3, 1));
        await ChangeAsync(test, d, new(Note: "Called the buyer"), At(3, 5));
        var won = await ChangeAsync(test, a, new(Stage: "won"), At(3, 10));
        Assert.Equal(("won", 1.0, At(3, 10)), (won.Opportunity.Stage, won.Opportunity.Probability, won.Opportunity.ClosedAt));

        await using var db = test.Database.CreateContext();
        // 25 Jan: A as created (qualification 1000 at 0.25), B prospecting 500 at 0.1.
        var jan = await PipelineReport.RunAsync(db, Stages, new PipelineReportOptions(new DateOnly(2024, 1, 25)));
        Assert.Equal((2, 1500.0, 300.0), (jan.OpenDeals, jan.OpenAmount, jan.Weighted));
        Assert.Equal([("qualification", 1), ("prospecting", 1)], jan.Stages.Where(s => s.Deals > 0).Select(s => (s.Stage, s.Deals)).OrderBy(s => s.Stage != "qualification"));

        // 10 Feb: A in proposal at 1200 × 0.5, B still open; nothing closed yet.
        var feb = await PipelineReport.RunAsync(db, Stages, new PipelineReportOptions(new DateOnly(2024, 2, 10), StaleDays: 10));
        Assert.Equal((2, 1700.0, 650.0), (feb.OpenDeals, feb.OpenAmount, feb.Weighted));
        Assert.Equal([("2024-03", 1200.0, 600.0), ("2024-04", 500, 50)], feb.Forecast.Select(f => (f.Period, f.Amount, f.Weighted)));
        Assert.Null(feb.WinRate.ByCount);
        Assert.Equal([(b, 21)], feb.Stale.Select(s => (s.Id, s.IdleDays)));   // A moved 1 Feb (9 days), B untouched since 20 Jan

        // 31 Mar: A won (1200) after 60 days, B lost (500); C 3000 × 0.6 undated and idle 40 days; D 2000 × 0.5 for May.
        var mar = await PipelineReport.RunAsync(db, Stages, new PipelineReportOptions(new DateOnly(2024, 3, 31)));
        Assert.Equal((2, 5000.0, 2800.0), (mar.OpenDeals, mar.OpenAmount, mar.Weighted));
        Assert.Equal((1, 1, 0.5, 1200.0 / 1700), (mar.WinRate.Won, mar.WinRate.Lost, mar.WinRate.ByCount!.Value, mar.WinRate.ByAmount!.Value));
        Assert.Equal(60.0, mar.MeanCycleDays);
        Assert.Equal([("2024-05", 2000.0, 1000.0), ("unscheduled", 3000, 1800)], mar.Forecast.Select(f => (f.Period, f.Amount, f.Weighted)));
        Assert.Equal([("C", 40)], mar.Stale.Select(s => (s.Name, s.IdleDays)));
        Assert.Equal([("kim", 1, 0, 1, 0.0), ("sam", 1, 1, 0, 1.0)],
            mar.Owners.Select(o => (o.Owner, o.OpenDeals, o.Won, o.Lost, o.WinRateByCount!.Value)));
        var quarter = await PipelineReport.RunAsync(db, Stages, new PipelineReportOptions(new DateOnly(2024, 3, 31), ForecastPeriod.Quarter));
        Assert.Equal(["2024-Q2", "unscheduled"], quarter.Forecast.Select(f => f.Period));

        await Assert.ThrowsAsync<ArgumentException>(() => PipelineReport.RunAsync(db, Stages, new PipelineReportOptions(new DateOnly(2024, 3, 31), StaleDays: 0)));
    }

    static async Task Changes(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var ann = await CustomerAsync(test);
        await using (var db = test.Database.CreateContext())
        {
            var bad = await Assert.ThrowsAsync<RecordValidationException>(() =>
                SaveOpportunity.CreateAsync(db, new(ann, " ", -5m, "closing", Probability: 1.5), null, "sam", Stages, At(1, 1)));
            Assert.Equal(["amount", "name", "probability", "stage"], bad.Errors.Keys.Order(StringComparer.Ordinal));
            var missing = await SaveOpportunity.CreateAsync(db, new(ann + 99, "X", 1m), null, "sam", Stages, At(1, 1));
            Assert.Equal(WriteStatus.NotFound, missing.Status);
            var first = await SaveOpportunity.CreateAsync(db, new(ann, "Renewal", 100.50m), "key-1", "sam", Stages, At(1, 1));
            var again = await SaveOpportunity.CreateAsync(db, new(ann, "Renewal", 100.5m), "key-1", "sam", Stages, At(1, 2));
            Assert.Equal((WriteStatus.Done, WriteStatus.Replayed), (first.Status, again.Status));
            Assert.Equal(first.Value!.Id, again.Value!.Id);
            var other = await SaveOpportunity.CreateAsync(db, new(ann, "Other", 1m), "key-1", "sam", Stages, At(1, 2));
            Assert.Equal(WriteStatus.Conflict, other.Status);
        }
        long id;
        await using (var db = test.Database.CreateContext())
        {
            id = await db.Opportunities.Select(o => o.Id).SingleAsync();
            Assert.Equal((OpportunityStage.Prospecting, 0.1), await db.Opportunities.Select(o => new ValueTuple<OpportunityStage, double>(o.Stage, o.Probability)).SingleAsync());
            await Assert.ThrowsAsync<RecordValidationException>(() => SaveOpportunity.ChangeAsync(db, id, new(), "sam", Stages, At(1, 3)));
            Assert.Equal(WriteStatus.NotFound, (await SaveOpportunity.ChangeAsync(db, id + 1, new(Note: "x"), "sam", Stages, At(1, 3))).Status);
        }
        var lost = await ChangeAsync(test, id, new(Stage: "lost", Owner: "kim"), At(1, 5));
        Assert.Equal(("lost", 0.0, At(1, 5), "kim"), (lost.Opportunity.Stage, lost.Opportunity.Probability, lost.Opportunity.ClosedAt, lost.Opportunity.Owner));
        var reopened = await ChangeAsync(test, id, new(Stage: "negotiation", Probability: 0.6, Owner: ""), At(1, 6));
        Assert.Equal(("negotiation", 0.6, (DateTime?)null, (string?)null), (reopened.Opportunity.Stage, reopened.Opportunity.Probability, reopened.Opportunity.ClosedAt, reopened.Opportunity.Owner));
        Assert.Equal(
            [("created", null, "prospecting"), ("stage", "prospecting", "lost"), ("probability", "0.1", "0"), ("owner", null, "kim"),
             ("stage", "lost", "negotiation"), ("probability", "0", "0.6"), ("owner", "kim", null)],
            reopened.History.Select(h => (h.Kind, h.From, h.To)));
        await using var check = test.Database.CreateContext();
        Assert.Equal(7, await check.OpportunityEvents.CountAsync());
    }
}
