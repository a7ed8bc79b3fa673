using Microsoft.EntityFrameworkCore;
using Valora.Analytics.Campaigns;
using Valora.Data.Campaigns;
using Valora.Data.Records;
using Valora.Domain.Customers;
using Valora.Domain.Sales;
using Valora.TestSupport;
using Valora.TestSupport.Data;

namespace Valora.Data.Tests.Campaigns;

/// <summary>
/// Planning an e-mail campaign to a rule's customers on both databases: consent filters the target, the control group
/// is the seeded draw over the ascending ids (the same again for the same seed), purchases in the 30-day window are
/// attributed to both groups, and outcome batches apply good items and report bad ones by position.
/// </summary>
public sealed class PlanCampaignTests
{
    static readonly DateTime Now = new(2024, 2, 25, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public Task Plan_OnSqlite_DrawsTheControlGroupAndAttributesPurchases() => Plan(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Plan_OnPostgres_DrawsTheControlGroupAndAttributesPurchases() => Plan(DatabaseProvider.Postgres);

    static Order Bought(long customer, string id, DateTime at, decimal total) => new()
    {
        ExternalId = id, CustomerId = customer, OrderedAt = at, Currency = "EUR",
        Lines = [new OrderLine { LineNumber = 1, Quantity = 1, UnitPrice = total, LineTotal = total }],
    };

    static async Task Plan(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        long[] ids;
        await using (var db = test.Database.CreateContext())
        {
            // C1..C8 in France, C9 and C10 in Germany; every French customer but C8 consents to e-mail.
            var customers = Enumerable.Range(1, 10).Select(i => new Customer
            {
                ExternalId = $"C{i}", Name = $"Customer {i}", Country = i <= 8 ? "FR" : "DE", EmailConsent = i != 8,
            }).ToList();
            db.Customers.AddRange(customers);
            await db.SaveChangesAsync();
            ids = [.. customers.Select(c => c.Id)];
            db.Orders.Add(Bought(ids[0], "O-before", new DateTime(2024, 2, 20, 10, 0, 0, DateTimeKind.Utc), 999));
            await db.SaveChangesAsync();
        }
        var plan = new CampaignPlan("Spring", "email", Rule: "country = 'FR'", Budget: 500, StartsOn: new DateOnly(2024, 3, 1), ControlShare: 0.3, Seed: 11, ExternalId: "spring");
        var planned = (await new PlanCampaign(test.Database).RunAsync(plan, "plan-1", Now)).Value!;

        // 8 targeted, C8 without consent; of 7, round(0.3 × 7) = 2 held out.
        Assert.Equal((8, 1, 5, 2, 11), (planned.Targeted, planned.WithoutConsent, planned.Contacted, planned.Control, planned.Seed));
        var consenting = ids.Take(7).ToArray();
        var draw = ControlGroup.Draw(7, 0.3, 11);
        var expectedControl = consenting.Where((_, i) => draw[i]).ToHashSet();
        await using (var db = test.Database.CreateContext())
        {
            var members = await db.CampaignMembers.AsNoTracking().ToListAsync();
            Assert.Equal(consenting.Order(), members.Select(m => m.CustomerId).Order());
            Assert.Equal(expectedControl.Order(), members.Where(m => m.IsControl).Select(m => m.CustomerId).Order());
            var stored = await db.Campaigns.AsNoTracking().SingleAsync();
            Assert.Equal(("country = 'FR'", 0.3, 11), (stored.Rule, stored.ControlShare!.Value, stored.Seed!.Value));
        }
        // The same key replays; the same seed on another campaign gives the same groups.
        var replay = await new PlanCampaign(test.Database).RunAsync(plan, "plan-1", Now);
        Assert.Equal((WriteStatus.Replayed, "spring"), (replay.Status, replay.Value!.Id));
        var again = (await new PlanCampaign(test.Database).RunAsync(plan with { ExternalId = "spring-2" }, null, Now)).Value!;
        await using (var db = test.Database.CreateContext())
        {
            var second = await db.Campaigns.Where(c => c.ExternalId == "spring-2").Select(c => c.Id).SingleAsync();
            Assert.Equal(expectedControl.Order(), await db.CampaignMembers.Where(m => m.CampaignId == second && m.IsControl).Select(m => m.CustomerId).OrderBy(x => x).ToListAsync());
        }
        Assert.Equal(2, again.Control);

        // Purchases: C1 100 + 50 and C2 80 in the window, the first control member 40 on 2 March, C3 after the window,
        // C9 (not a member) 500; C1's order of 20 February is before it.
        var control = expectedControl.Order().First();
        await using (var db = test.Database.CreateContext())
        {
            db.Orders.AddRange(
                Bought(ids[0], "O1", new DateTime(2024, 3, 5, 9, 0, 0, DateTimeKind.Utc), 100),
                Bought(ids[0], "O2", new DateTime(2024, 3, 20, 9, 0, 0, DateTimeKind.Utc), 50),
                Bought(ids[1], "O3", new DateTime(2024, 3, 10, 9, 0, 0, DateTimeKind.Utc), 80),
                Bought(control, "O4", new DateTime(2024, 3, 2, 9, 0, 0, DateTimeKind.Utc), 40),
                Bought(ids[2], "O5", new DateTime(2024, 4, 15, 9, 0, 0, DateTimeKind.Utc), 70),
                Bought(ids[8], "O6", new DateTime(2024, 3, 3, 9, 0, 0, DateTimeKind.Utc), 500));
            await db.SaveChangesAsync();
        }
        var revenue = new Dictionary<long, decimal> { [ids[0]] = 150, [ids[1]] = 80 };
        revenue[control] = revenue.GetValueOrDefault(control) + 40;
        var attribution = (await new AttributeCampaign(test.Database).RunAsync("spring"))!;
        Assert.Equal((new DateTime(2024, 3, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2024, 3, 31, 0, 0, 0, DateTimeKind.Utc)), (attribution.WindowStart, attribution.WindowEnd));
        Assert.Equal(revenue.Keys.Count(id => !expectedControl.Contains(id)), attribution.ContactedConverted);
        Assert.Equal(revenue.Keys.Count(expectedControl.Contains), attribution.ControlConverted);
        Assert.Equal(revenue.Where(r => !expectedControl.Contains(r.Key)).Sum(r => r.Value), attribution.ContactedRevenue);
        Assert.Equal(revenue.Where(r => expectedControl.Contains(r.Key)).Sum(r => r.Value), attribution.ControlRevenue);
        Assert.Equal(attribution, await new AttributeCampaign(test.Database).RunAsync("spring"));   // a re-run changes nothing
        var results = (await new CampaignResults(test.Database).ResultsAsync("spring"))!;
        Assert.Equal((5, 2, attribution.ContactedConverted, attribution.ControlConverted),
            (results.Results.Treatment.Members, results.Results.Control.Members, results.Results.Treatment.Conversions, results.Results.Control.Conversions));
        Assert.Null(await new AttributeCampaign(test.Database).RunAsync("nope"));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => new AttributeCampaign(test.Database).RunAsync("spring", 0));

        // Outcomes: one good item; a send to a control member, a non-member, a negative revenue and a time before the start refused.
        var contacted = consenting.First(id => !expectedControl.Contains(id));
        var outcomes = (await new CampaignOutcomes(test.Database).RecordAsync("spring",
        [
            new(contacted, SentAt: new DateTime(2024, 3, 1, 8, 0, 0, DateTimeKind.Utc), RespondedAt: new DateTime(2024, 3, 1, 9, 0, 0, DateTimeKind.Utc)),
            new(control, SentAt: new DateTime(2024, 3, 1, 8, 0, 0, DateTimeKind.Utc)),
            new(ids[8], RespondedAt: new DateTime(2024, 3, 2, 8, 0, 0, DateTimeKind.Utc)),
            new(contacted, Revenue: -1),
            new(contacted, RespondedAt: new DateTime(2024, 2, 1, 8, 0, 0, DateTimeKind.Utc)),
            new(null),
        ]))!;
        Assert.Equal(1, outcomes.Applied);
        Assert.Equal([(1, "sentAt"), (2, "customerId"), (3, "revenue"), (4, "respondedAt"), (5, "customerId")], outcomes.Rejected.Select(r => (r.Index, r.Field)));
        var listed = (await new CampaignOutcomes(test.Database).MembersAsync("spring", control: false, 100))!;
        Assert.Equal(5, listed.Count);
        Assert.Equal(new DateTime(2024, 3, 1, 9, 0, 0, DateTimeKind.Utc), listed.Single(m => m.CustomerId == contacted).RespondedAt);
    }

    [Fact]
    public async Task BadPlans_AreRefusedNamingTheField()
    {
        await using var test = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var planner = new PlanCampaign(test.Database);
        var bad = await Assert.ThrowsAsync<RecordValidationException>(() =>
            planner.RunAsync(new CampaignPlan("", "fax", Segment: "a", Rule: "x =", ControlShare: 1, EndsOn: new DateOnly(2024, 1, 1)), null, Now));
        Assert.Equal(["channel", "controlShare", "name", "rule", "startsOn"], bad.Errors.Keys.Order(StringComparer.Ordinal));
        var neither = await Assert.ThrowsAsync<RecordValidationException>(() => planner.RunAsync(new CampaignPlan("N", "mail", StartsOn: new DateOnly(2024, 3, 1)), null, Now));
        Assert.Equal(["segment"], neither.Errors.Keys);
        var missing = await planner.RunAsync(new CampaignPlan("N", "mail", Segment: "Nobody", StartsOn: new DateOnly(2024, 3, 1)), null, Now);
        Assert.Equal(WriteStatus.NotFound, missing.Status);
        var first = await planner.RunAsync(new CampaignPlan("N", "mail", Rule: "country = 'FR'", StartsOn: new DateOnly(2024, 3, 1), ExternalId: "x"), null, Now);
        var duplicate = await planner.RunAsync(new CampaignPlan("N", "mail", Rule: "country = 'FR'", StartsOn: new DateOnly(2024, 3, 1), ExternalId: "x"), null, Now);
        Assert.Equal((WriteStatus.Done, 0, WriteStatus.Conflict), (first.Status, first.Value!.Targeted, duplicate.Status));
    }
}
