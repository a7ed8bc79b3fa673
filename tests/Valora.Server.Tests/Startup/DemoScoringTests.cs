using Microsoft.EntityFrameworkCore;
using Valora.Data.Analysis;
using Valora.Domain.Sales;
using Valora.Server.Tests.Support;

namespace Valora.Server.Tests.Startup;

public sealed class DemoScoringTests
{
    [Fact]
    public async Task Start_OnEmptyDatabaseWithDefaultDemo_AlsoSavesRfmModelsAndClvScores()
    {
        using var database = new InMemorySqlite();
        var clock = new FixedTimeProvider(new DateTimeOffset(2025, 6, 30, 18, 0, 0, TimeSpan.Zero));

        await using var factory = new ValoraServerFactory(database.ConnectionString, seedDemo: true, time: clock);
        await using var db = factory.Database.CreateContext();

        var customers = await db.Customers.CountAsync();
        var runs = await db.ModelRuns.AsNoTracking().OrderBy(r => r.Id).ToListAsync();
        // BG/NBD validated on the last 26 weeks (calibration to 26 weeks before the last purchase, holdout to it),
        // then BG/NBD and Gamma-Gamma refitted on everything up to the last purchase for scoring.
        Assert.Equal(["bgnbd", "bgnbd", "gammagamma"], runs.Select(r => r.Kind));
        var lastPurchase = DateOnly.FromDateTime(await db.Orders.Where(o => o.Status == OrderStatus.Completed).MaxAsync(o => o.OrderedAt));
        Assert.Equal((lastPurchase.AddDays(-7 * RunValueAnalysis.HoldoutWeeks), lastPurchase), (runs[0].DataTo, runs[0].HoldoutTo!.Value));
        Assert.All(runs.Skip(1), r => Assert.Equal((lastPurchase, (DateOnly?)null), (r.DataTo, r.HoldoutTo)));
        var scored = await db.CustomerScores.Where(s => s.Metric == "clv").Select(s => s.CustomerId).Distinct().CountAsync();
        var segmented = await db.CustomerScores.Where(s => s.Metric == "rfm_segment").Select(s => s.CustomerId).Distinct().CountAsync();
        // Every customer with a completed order is scored; a few demo customers may have only cancelled/returned orders.
        Assert.InRange(scored, customers * 9 / 10, customers);
        Assert.Equal(scored, segmented);
    }
}
