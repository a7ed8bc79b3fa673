using Microsoft.EntityFrameworkCore;
using Valora.Server.Startup;
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
        Assert.Equal(["bgnbd", "gammagamma"], runs.Select(r => r.Kind));
        // Calibration to 26 weeks before the last purchase, holdout to the last purchase.
        var lastPurchase = DateOnly.FromDateTime(await db.Orders.MaxAsync(o => o.OrderedAt));
        Assert.All(runs, r => Assert.Equal(lastPurchase.AddDays(-DatabaseInitializer.HoldoutDays), r.DataTo));
        Assert.All(runs, r => Assert.Equal(lastPurchase, r.HoldoutTo));
        var scored = await db.CustomerScores.Where(s => s.Metric == "clv").Select(s => s.CustomerId).Distinct().CountAsync();
        var segmented = await db.CustomerScores.Where(s => s.Metric == "rfm_segment").Select(s => s.CustomerId).Distinct().CountAsync();
        // Every customer with a completed order is scored; a few demo customers may have only cancelled/returned orders.
        Assert.InRange(scored, customers * 9 / 10, customers);
        Assert.Equal(scored, segmented);
    }
}
