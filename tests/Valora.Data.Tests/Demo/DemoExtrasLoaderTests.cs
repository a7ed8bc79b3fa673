using Microsoft.EntityFrameworkCore;
using Valora.Data.Demo;
using Valora.Domain.Customers;
using Valora.TestSupport;
using Valora.TestSupport.Data;

namespace Valora.Data.Tests.Demo;

public sealed class DemoExtrasLoaderTests
{
    [Fact]
    public Task LoadAsync_OnSqlite_WritesExtrasAndReRunKeepsTheSameRows() => LoadAndReload(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task LoadAsync_OnPostgres_WritesExtrasAndReRunKeepsTheSameRows() => LoadAndReload(DatabaseProvider.Postgres);

    static async Task LoadAndReload(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var generator = new DemoGenerator(new DemoOptions { Customers = 400, Seed = 5, OpportunityShare = 0.2 });
        await using (var db = test.Database.CreateContext())
        {
            db.Customers.AddRange(generator.Customers().Select(c => new Customer
            {
                ExternalId = c.ExternalId,
                Name = c.Name,
                Email = c.Email,
                SignupDate = c.SignupDate,
                Income = c.Income,
            }));
            await db.SaveChangesAsync();
        }

        var summary = await DemoExtrasLoader.LoadAsync(test.Database, generator);
        var expectedTags = generator.CustomerTags().Count();
        Assert.Equal(generator.Campaigns().Count, summary.Campaigns);
        Assert.Equal(generator.CampaignMembers().Count(), summary.CampaignMembers);
        Assert.Equal(generator.Opportunities().Count(), summary.Opportunities);
        Assert.Equal(expectedTags, summary.CustomerTags);
        Assert.Equal(0, summary.SkippedRows);
        Assert.True(summary.CampaignMembers > 0 && summary.Opportunities > 0 && summary.CustomerTags > 0);

        await DemoExtrasLoader.LoadAsync(test.Database, generator);
        await using var check = test.Database.CreateContext();
        Assert.Equal(summary.Campaigns, await check.Campaigns.CountAsync());
        Assert.Equal(summary.CampaignMembers, await check.CampaignMembers.CountAsync());
        Assert.Equal(summary.Opportunities, await check.Opportunities.CountAsync());
        Assert.Equal(expectedTags, await check.CustomerTags.CountAsync());
        // Members point at real customers and the control flag survives the round trip.
        var control = await check.CampaignMembers.CountAsync(m => m.IsControl);
        Assert.Equal(generator.CampaignMembers().Count(m => m.IsControl), control);
        // Values written by the bulk path read back through EF exactly as generated.
        var expected = generator.Opportunities().First();
        var stored = await check.Opportunities.SingleAsync(o => o.ExternalId == expected.ExternalId);
        Assert.Equal((expected.Name, expected.Stage, expected.Amount, expected.Probability, expected.ExpectedClose, expected.Owner, expected.CreatedAt),
            (stored.Name, stored.Stage, stored.Amount, stored.Probability, stored.ExpectedClose, stored.Owner, stored.CreatedAt));
        Assert.Equal(DateTimeKind.Utc, stored.CreatedAt.Kind);
        var sentMember = generator.CampaignMembers().First(m => m.ConvertedAt is not null && m.SentAt is not null);
        var campaignId = await check.Campaigns.Where(c => c.ExternalId == sentMember.CampaignExternalId).Select(c => c.Id).SingleAsync();
        var customerId = await check.Customers.Where(c => c.ExternalId == sentMember.CustomerExternalId).Select(c => c.Id).SingleAsync();
        var storedMember = await check.CampaignMembers.SingleAsync(m => m.CampaignId == campaignId && m.CustomerId == customerId);
        Assert.Equal((sentMember.SentAt, sentMember.RespondedAt, sentMember.ConvertedAt, sentMember.Revenue, sentMember.IsControl),
            (storedMember.SentAt, storedMember.RespondedAt, storedMember.ConvertedAt, storedMember.Revenue, storedMember.IsControl));
        var customerIds = await check.Customers.Select(c => c.Id).ToListAsync();
        Assert.All(await check.Opportunities.Select(o => o.CustomerId).ToListAsync(), id => Assert.Contains(id, customerIds));
    }

    [Fact]
    public async Task LoadAsync_WithoutCustomers_ThrowsAClearError()
    {
        await using var test = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var generator = new DemoGenerator(new DemoOptions { Customers = 10 });
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => DemoExtrasLoader.LoadAsync(test.Database, generator));
        Assert.Contains("no customers", ex.Message, StringComparison.Ordinal);
    }
}
