using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Valora.Data;
using Valora.Domain.Campaigns;
using Valora.Server.Tests.Support;
using Valora.TestSupport;
using Valora.TestSupport.Data;

namespace Valora.Server.Tests.Api;

/// <summary>
/// Campaign "SPRING" (budget 10): four contacted members, two responded, one of them converted with revenue 30; four
/// control members, one responded. Campaign "ALL-IN" has contacted members only. Worked by hand:
/// response 0.5 vs 0.25, SE √(0.5·0.5/4 + 0.25·0.75/4) = √0.109375; conversion 0.25 vs 0, SE √(0.25·0.75/4);
/// revenue per member 7.5 vs 0 with sample variance 225 vs 0, SE √(225/4) = 7.5; incremental conversions 0.25·4 = 1,
/// incremental revenue 7.5·4 = 30, ROI (30 − 10)/10 = 2, cost per conversion 10/1 = 10.
/// </summary>
public sealed class CampaignsApiTests
{
    [Fact]
    public Task Results_OnSqlite_MatchTheHandWorkedFigures() => Results(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Results_OnPostgres_MatchTheHandWorkedFigures() => Results(DatabaseProvider.Postgres);

    static async Task Results(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await using var factory = new ValoraServerFactory(test.Database.ConnectionString);
        await using (var db = factory.Database.CreateContext())
        {
            await InsertAsync(db);
        }
        using var client = factory.CreateClient();

        var list = await client.GetFromJsonAsync<JsonElement>(new Uri("/api/campaigns", UriKind.Relative));
        var spring = list.EnumerateArray().Single(c => c.GetProperty("id").GetString() == "SPRING");
        Assert.Equal((4, 4), (spring.GetProperty("contacted").GetInt32(), spring.GetProperty("control").GetInt32()));

        var body = await client.GetFromJsonAsync<JsonElement>(new Uri("/api/campaigns/SPRING/results", UriKind.Relative));
        var r = body.GetProperty("results");
        var response = r.GetProperty("responseUplift");
        Assert.Equal(0.25, response.GetProperty("difference").GetDouble(), 12);
        Assert.Equal(Math.Sqrt(0.109375), response.GetProperty("standardError").GetDouble(), 12);
        Assert.Equal(0.25 - Uplift95 * Math.Sqrt(0.109375), response.GetProperty("lower").GetDouble(), 12);
        Assert.Equal(Math.Sqrt(0.25 * 0.75 / 4), r.GetProperty("conversionUplift").GetProperty("standardError").GetDouble(), 12);
        var revenue = r.GetProperty("revenueUplift");
        Assert.Equal((7.5, 7.5), (revenue.GetProperty("difference").GetDouble(), revenue.GetProperty("standardError").GetDouble()));
        Assert.Equal(1, r.GetProperty("incrementalConversions").GetDouble(), 12);
        Assert.Equal(30, r.GetProperty("incrementalRevenue").GetDouble(), 12);
        Assert.Equal(2, r.GetProperty("returnOnInvestment").GetDouble(), 12);
        Assert.Equal(10, r.GetProperty("costPerConversion").GetDouble(), 12);
        Assert.True(r.GetProperty("smallSample").GetBoolean());

        using var unknown = await client.GetAsync(new Uri("/api/campaigns/NOPE/results", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using var oneSided = await client.GetAsync(new Uri("/api/campaigns/ALL-IN/results", UriKind.Relative));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, oneSided.StatusCode);
        var problem = await oneSided.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("notEnoughData", problem.GetProperty("reason").GetString());
        Assert.Contains("4 contacted and 0 control", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    const double Uplift95 = 1.959963984540054;

    static async Task InsertAsync(ValoraDbContext db)
    {
        var spring = new Campaign { ExternalId = "SPRING", Name = "Spring sale", Budget = 10m, StartsOn = new DateOnly(2025, 3, 1) };
        var allIn = new Campaign { ExternalId = "ALL-IN", Name = "No control", Budget = 0m, StartsOn = new DateOnly(2025, 4, 1) };
        db.Campaigns.AddRange(spring, allIn);
        await db.SaveChangesAsync();
        var sent = new DateTime(2025, 3, 1, 9, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < 8; i++)
        {
            var customer = await SalesData.CustomerAsync(db, string.Create(CultureInfo.InvariantCulture, $"M-{i}"));
            var control = i >= 4;
            var responded = i is 0 or 1 or 4;
            db.CampaignMembers.Add(new CampaignMember
            {
                CampaignId = spring.Id, CustomerId = customer, IsControl = control, SentAt = control ? null : sent,
                RespondedAt = responded ? sent.AddDays(1) : null,
                ConvertedAt = i == 0 ? sent.AddDays(2) : null,
                Revenue = i == 0 ? 30m : null,
            });
            if (i < 4)
            {
                db.CampaignMembers.Add(new CampaignMember { CampaignId = allIn.Id, CustomerId = customer, SentAt = sent });
            }
        }
        await db.SaveChangesAsync();
    }
}
