using Microsoft.EntityFrameworkCore;
using Valora.Data.Clv;
using Valora.Data.Import.Readers;
using Valora.Data.Records;
using Valora.Data.Sales;
using Valora.Data.Scores;
using Valora.Domain.Customers;
using Valora.TestSupport;
using Valora.TestSupport.Data;

namespace Valora.Data.Tests.Sales;

/// <summary>
/// Real-time ingestion on both databases: bad orders reported by index and field with the good ones written, and an
/// order for a CDNOW customer rescoring exactly that customer from the stored BG/NBD and Gamma-Gamma fits — to the
/// numbers a full batch scoring as of the same day gives.
/// </summary>
public sealed class IngestOrdersTests
{
    static readonly DateOnly CalibrationEnd = new(1997, 9, 30);

    [RealDataFact("cdnow/CDNOW_sample.txt")]
    public Task Order_OnSqlite_RescoresItsCustomerAsABatchScoringWould() => Rescores(DatabaseProvider.Sqlite);

    [PostgresFact("cdnow/CDNOW_sample.txt")]
    public Task Order_OnPostgres_RescoresItsCustomerAsABatchScoringWould() => Rescores(DatabaseProvider.Postgres);

    [Fact]
    public Task BadOrders_OnSqlite_AreReportedAndTheGoodOnesWritten() => BadOrders(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task BadOrders_OnPostgres_AreReportedAndTheGoodOnesWritten() => BadOrders(DatabaseProvider.Postgres);

    static async Task Rescores(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await new FileImporter(test.Database).ImportAsync(ImportKind.Orders, SharedData.PathOf("cdnow/CDNOW_sample.txt"),
            new FileImportOptions { CreateMissingCustomers = true, Map = ["customer-id=2", "ordered-at=3:yyyyMMdd", "quantity=4", "line-total=5"] });
        var fit = new FitClv(test.Database, TimeProvider.System);
        await fit.ExecuteAsync(ClvModelKind.BgNbd, CalibrationEnd);
        await fit.ExecuteAsync(ClvModelKind.GammaGamma, CalibrationEnd);
        var request = new ClvScoreRequest(Horizon: 52, Margin: 0.3, Draws: 50);
        var batch = await new ScoreClv(test.Database).ExecuteAsync(request);
        long customer, other;
        int rowsBefore;
        await using (var db = test.Database.CreateContext())
        {
            var two = await db.Customers.OrderBy(c => c.Id).Select(c => c.Id).Take(2).ToListAsync();
            (customer, other) = (two[0], two[1]);
            rowsBefore = await db.CustomerScores.CountAsync();
        }
        var before = batch.Values.Single(v => v.CustomerId == customer);

        var now = new DateTime(1998, 7, 1, 12, 0, 0, DateTimeKind.Utc);
        var result = await new IngestOrders(test.Database).RunAsync(
            [new OrderInput(customer, new DateTime(1998, 7, 1, 10, 0, 0, DateTimeKind.Utc), [new OrderLineInput(2, 15.5m)], "USD")], now);

        Assert.Empty(result.Rejected);
        Assert.Equal((31m, 1), (result.Written[0].Total, result.Written[0].Lines));
        Assert.Equal((1, new DateOnly(1998, 7, 1), batch.ModelVersion), (result.Rescored.Customers, result.Rescored.AsOf, result.Rescored.ModelVersion));
        Assert.Null(result.Rescored.Skipped);
        var expected = (await new ScoreClv(test.Database).ExecuteAsync(request with { AsOf = new DateOnly(1998, 7, 1), Save = false }))
            .Values.Single(v => v.CustomerId == customer);
        await using (var db = test.Database.CreateContext())
        {
            var scores = (await new ScoreQueries(db).OfCustomerAsync(customer)).ToDictionary(s => s.Metric, StringComparer.Ordinal);
            Assert.Equal(new DateOnly(1998, 7, 1), scores[Metrics.Clv.ProbabilityAlive.Name].AsOf);
            Assert.Equal(expected.ProbabilityAlive, scores[Metrics.Clv.ProbabilityAlive.Name].Value!.Value, 12);
            Assert.Equal(expected.ExpectedPurchases, scores[Metrics.Clv.ExpectedPurchases.Name].Value!.Value, 12);
            Assert.Equal(expected.Clv, scores[Metrics.Clv.Value.Name].Value!.Value, 9);
            Assert.NotEqual(before.ExpectedPurchases, expected.ExpectedPurchases);
            // Only that customer's rows were added: the batch run's rows are kept as they were.
            Assert.Equal(rowsBefore + Metrics.Clv.All.Count, await db.CustomerScores.CountAsync());
        }

        // CDNOW is in USD: an order in euros cannot be summed into a customer's spend, so that customer is not rescored.
        var mixed = await new IngestOrders(test.Database).RunAsync(
        [
            new OrderInput(customer, new DateTime(1998, 7, 1, 10, 30, 0, DateTimeKind.Utc), [new OrderLineInput(1, 3m)], "USD"),
            new OrderInput(other, new DateTime(1998, 7, 1, 10, 0, 0, DateTimeKind.Utc), [new OrderLineInput(1, 9m)], "EUR"),
        ], now);
        Assert.Equal(2, mixed.Written.Count);
        Assert.Equal(1, mixed.Rescored.Customers);
        Assert.Equal($"1 customer(s) not rescored ({other}): they have orders in EUR, and the stored CLV scoring is in USD.", mixed.Rescored.Skipped);
        await using (var db = test.Database.CreateContext())
        {
            Assert.DoesNotContain(await new ScoreQueries(db).OfCustomerAsync(other), s => s.AsOf == new DateOnly(1998, 7, 1));

            // A stored model that no longer reads: the order is still written and the failure is reported, not thrown.
            await db.ModelRuns.Where(r => r.Kind == "bgnbd").ExecuteUpdateAsync(u => u.SetProperty(r => r.ParametersJson, "{ not json"));
        }
        var afterDamage = await new IngestOrders(test.Database).RunAsync(
            [new OrderInput(customer, new DateTime(1998, 7, 1, 11, 0, 0, DateTimeKind.Utc), [new OrderLineInput(1, 4m)], "USD")], now);
        Assert.Single(afterDamage.Written);
        Assert.Equal(0, afterDamage.Rescored.Customers);
        Assert.StartsWith("The orders were written, but rescoring their customers failed", afterDamage.Rescored.Skipped, StringComparison.Ordinal);
    }

    static async Task BadOrders(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        long ann;
        await using (var db = test.Database.CreateContext())
        {
            var c = new Customer { ExternalId = "ANN", Name = "Ann" };
            db.Customers.Add(c);
            await db.SaveChangesAsync();
            ann = c.Id;
        }
        var now = new DateTime(2026, 12, 7, 12, 0, 0, DateTimeKind.Utc);
        var at = new DateTime(2026, 12, 7, 9, 0, 0, DateTimeKind.Utc);
        var result = await new IngestOrders(test.Database).RunAsync(
        [
            new OrderInput(ann, at, [new OrderLineInput(1, 10m), new OrderLineInput(3, 2.5m, "SKU-2")], "eur", ExternalId: "web-1"),
            new OrderInput(ann + 99, at, [new OrderLineInput(1, 10m)]),
            new OrderInput(ann, at.AddDays(5), [new OrderLineInput(0, 10m)], "EURO"),
            new OrderInput(ann, at, [], ExternalId: "web-1"),
            new OrderInput(ann, null, [new OrderLineInput(1, -1m)], Status: "shipped"),
            new OrderInput(ann, at, [new OrderLineInput(1, 4m)], Status: "returned"),
            new OrderInput(ann, at, [new OrderLineInput(1, 1m)], Channel: new string('x', 70), ExternalId: "web-2"),
        ], now);

        Assert.Equal([("web-1", 17.5m, "completed"), (result.Written[1].ExternalId, 4m, "returned")], result.Written.Select(w => (w.ExternalId, w.Total, w.Status)));
        Assert.Equal("EUR", result.Written[0].Currency);
        Assert.Equal(
            [(1, "customerId"), (2, "orderedAt"), (2, "currency"), (2, "lines[0].quantity"), (3, "externalId"), (3, "lines"), (4, "orderedAt"), (4, "status"), (4, "lines[0].unitPrice"), (6, "channel")],
            result.Rejected.Select(r => (r.Index, r.Field)));
        // No CLV scoring stored: the order is kept and the reply says why nothing was rescored.
        Assert.Equal(0, result.Rescored.Customers);
        Assert.Contains("No CLV scoring", result.Rescored.Skipped, StringComparison.Ordinal);
        await using var check = test.Database.CreateContext();
        Assert.Equal(2, await check.Orders.CountAsync());
        Assert.Equal(3, await check.OrderLines.CountAsync());
        await Assert.ThrowsAsync<RecordValidationException>(() => new IngestOrders(test.Database).RunAsync([], now));
    }
}
