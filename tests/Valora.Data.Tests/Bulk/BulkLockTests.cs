using Microsoft.EntityFrameworkCore;
using Valora.Data.Bulk;
using Valora.Data.Scores;
using Valora.Domain.Customers;
using Valora.TestSupport;
using Valora.TestSupport.Data;

namespace Valora.Data.Tests.Bulk;

/// <summary>
/// An exclusive bulk load (indexes deferred) keeps a second one out, and on PostgreSQL (where it drops foreign keys)
/// online writes too: the refused caller gets <see cref="DatabaseBusyException"/> at once and nothing is written.
/// Once the load ends, both go through.
/// </summary>
public sealed class BulkLockTests
{
    [Fact]
    public Task SecondExclusiveLoad_WhileOneRuns_IsRefused_Sqlite() => SecondLoadRefused(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task SecondExclusiveLoad_WhileOneRuns_IsRefused_Postgres() => SecondLoadRefused(DatabaseProvider.Postgres);

    [PostgresFact]
    public async Task OnlineScoreWrite_WhileExclusiveLoadRuns_IsRefused_ThenGoesThrough_Postgres()
    {
        await using var t = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        var customer = await AddCustomerAsync(t.Database);
        var run = new ScoringRun(Metrics.Rfm.Model, "v1", new DateOnly(2026, 1, 1), Metrics.Rfm.All, 1);
        ScoreRow[] rows = [new(customer, Metrics.Rfm.Orders.Name, 3)];

        await using (var load = await BulkSession.OpenAsync(t.Database, CancellationToken.None))
        {
            await load.DeferAsync([TableSpec.Orders], CancellationToken.None);
            var e = await Assert.ThrowsAsync<DatabaseBusyException>(() => RunWriter.WriteAsync(t.Database, run, rows));
            Assert.Contains("exclusive bulk load", e.Message, StringComparison.Ordinal);
            await using var db = t.Database.CreateContext();
            Assert.Equal(0, await db.CustomerScores.CountAsync());
            Assert.Equal(0, await db.AnalysisRuns.CountAsync());
            await load.RestoreDeferredAsync(CancellationToken.None);
        }

        var (_, written) = await RunWriter.WriteAsync(t.Database, run, rows);
        Assert.Equal(1, written);
    }

    /// <summary>SQLite runs one writer at a time and the load's foreign keys are off on its connection only: online writes go on.</summary>
    [Fact]
    public async Task OnlineScoreWrite_WhileExclusiveLoadRuns_GoesThrough_Sqlite()
    {
        await using var t = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var customer = await AddCustomerAsync(t.Database);
        var run = new ScoringRun(Metrics.Rfm.Model, "v1", new DateOnly(2026, 1, 1), Metrics.Rfm.All, 1);
        await using var load = await BulkSession.OpenAsync(t.Database, CancellationToken.None);
        await load.DeferAsync([TableSpec.Orders], CancellationToken.None);

        var (_, written) = await RunWriter.WriteAsync(t.Database, run, [new(customer, Metrics.Rfm.Orders.Name, 3)]);

        Assert.Equal(1, written);
        await load.RestoreDeferredAsync(CancellationToken.None);
    }

    static async Task SecondLoadRefused(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        await using (var first = await BulkSession.OpenAsync(t.Database, CancellationToken.None))
        {
            await first.DeferAsync([TableSpec.Orders], CancellationToken.None);
            // A second session finds the ledger of a load in progress and must not rebuild under it, nor defer beside it.
            var e = await Assert.ThrowsAsync<DatabaseBusyException>(() => BulkSession.OpenAsync(t.Database, CancellationToken.None));
            Assert.Contains("Another exclusive bulk load", e.Message, StringComparison.Ordinal);
            // The first dies without restoring: its lock goes with it.
        }

        // The next session takes over the rebuild and, once done, a new exclusive load can start.
        await using var next = await BulkSession.OpenAsync(t.Database, CancellationToken.None);
        await next.DeferAsync([TableSpec.Orders], CancellationToken.None);
        await next.RestoreDeferredAsync(CancellationToken.None);
        await using var db = t.Database.CreateContext();
        Assert.Equal(0, await db.Database.SqlQueryRaw<long>($"SELECT COUNT(*) AS \"Value\" FROM \"{DeferredSchemaEntry.Table}\"").SingleAsync());
    }

    static async Task<long> AddCustomerAsync(ValoraDatabase database)
    {
        await using var db = database.CreateContext();
        var customer = new Customer { ExternalId = "c1" };
        db.Customers.Add(customer);
        await db.SaveChangesAsync();
        return customer.Id;
    }
}
