using Valora.Data.Scores;
using Microsoft.EntityFrameworkCore;
using Valora.Analytics.Rfm;
using Valora.Data;
using Valora.Data.Analysis;
using Valora.Data.Rfm;
using Valora.Domain.Campaigns;
using Valora.Domain.Customers;
using Valora.Domain.Sales;
using Valora.TestSupport;
using Valora.TestSupport.Data;

namespace Valora.Data.Tests.Rfm;

public sealed class RunRfmTests
{
    [Fact]
    public Task Execute_OnSqlite_SavesScoresAndSegments() => SavesScoresAndSegments(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Execute_OnPostgres_SavesScoresAndSegments() => SavesScoresAndSegments(DatabaseProvider.Postgres);

    [Fact]
    public async Task Execute_OnAnEmptyDatabase_IsNotAnalysableForWantOfOrders()
    {
        await using var test = await TestDatabase.CreateSqliteAsync();
        var error = await Assert.ThrowsAsync<NotAnalysableException>(() => new RunRfm(test.Database).ExecuteAsync(null));
        Assert.Equal((NotAnalysableReason.NoOrders, Metrics.Rfm.Model), (error.Reason, error.Model));
    }

    [Fact]
    public async Task ComputeKpis_CountsContactedAndConvertedCampaignMembersInTheWindow()
    {
        await using var test = await TestDatabase.CreateSqliteAsync();
        var ids = await SeedAsync(test.Database);
        await using (var db = test.Database.CreateContext())
        {
            var campaign = new Campaign { ExternalId = "K1", Name = "Spring", StartsOn = new DateOnly(2024, 3, 1) };
            db.Campaigns.Add(campaign);
            await db.SaveChangesAsync();
            db.CampaignMembers.AddRange(
                new CampaignMember { CampaignId = campaign.Id, CustomerId = ids[0], SentAt = Day(2024, 3, 2), ConvertedAt = Day(2024, 3, 5) },
                new CampaignMember { CampaignId = campaign.Id, CustomerId = ids[1], SentAt = Day(2024, 3, 2) },
                new CampaignMember { CampaignId = campaign.Id, CustomerId = ids[2], SentAt = Day(2024, 3, 2), IsControl = true, ConvertedAt = Day(2024, 3, 9) },
                new CampaignMember { CampaignId = campaign.Id, CustomerId = ids[3], SentAt = Day(2023, 3, 2), ConvertedAt = Day(2023, 3, 3) });
            await db.SaveChangesAsync();
        }

        var report = await new Kpi.ComputeKpis(test.Database).ExecuteAsync(new DateOnly(2024, 1, 1), new DateOnly(2024, 7, 1));

        // Contacted in the window: members 0 and 1 (2 is control, 3 was contacted in 2023); converted: member 0.
        Assert.Equal(2, report.CampaignMembersContacted);
        Assert.Equal(1, report.CampaignMembersConverted);
        Assert.Equal(0.5, report.ConversionRate);
    }

    static async Task SavesScoresAndSegments(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var ids = await SeedAsync(test.Database);

        var result = await new RunRfm(test.Database).ExecuteAsync(null, new RfmOptions { Bands = 5 });

        // As of the latest purchase day; customer 0 bought that day, most often and most: the best cell.
        Assert.Equal(new DateOnly(2024, 6, 30), result.AsOf);
        var best = result.Customers.Single(c => c.CustomerId == ids[0]);
        Assert.Equal((0, 6, "555"), (best.DaysSinceLastPurchase, best.Orders, best.Cell));
        Assert.Equal("Champions", best.Segment);
        await using var db = test.Database.CreateContext();
        var saved = await db.CustomerScores.Where(s => s.CustomerId == ids[0]).ToListAsync();
        Assert.Equal(Metrics.Rfm.All.Count, saved.Count);
        Assert.Equal("555", saved.Single(s => s.Metric == "rfm_cell").Label);
        Assert.Equal(6, saved.Single(s => s.Metric == "rfm_orders").Value);

        // Running again replaces the run instead of adding to it.
        await new RunRfm(test.Database).ExecuteAsync(null, new RfmOptions { Bands = 5 });
        Assert.Equal(Metrics.Rfm.All.Count * ids.Length, await db.CustomerScores.CountAsync());
    }

    /// <summary>Five customers: customer i buys 6 − i times, each order worth 10 × (5 − i), last on June 30 − 30·i days.</summary>
    static async Task<long[]> SeedAsync(ValoraDatabase database)
    {
        await using var db = database.CreateContext();
        var customers = Enumerable.Range(0, 5).Select(i => new Customer { ExternalId = $"C{i}" }).ToList();
        db.Customers.AddRange(customers);
        await db.SaveChangesAsync();
        var n = 0;
        for (var i = 0; i < 5; i++)
        {
            for (var k = 0; k < 6 - i; k++)
            {
                db.Orders.Add(new Order
                {
                    ExternalId = $"O{n++}",
                    CustomerId = customers[i].Id,
                    OrderedAt = Day(2024, 6, 30).AddDays(-30 * i - 7 * k),
                    Lines = [new OrderLine { LineNumber = 1, Quantity = 1, UnitPrice = 10 * (5 - i), LineTotal = 10 * (5 - i) }],
                });
            }
        }
        await db.SaveChangesAsync();
        return [.. customers.Select(c => c.Id)];
    }

    static DateTime Day(int y, int m, int d) => new(y, m, d, 12, 0, 0, DateTimeKind.Utc);
}
