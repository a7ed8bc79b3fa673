using Valora.Data.Analysis;
using Valora.Data.Rfm;
using Valora.Domain.Customers;
using Valora.Domain.Sales;
using Valora.TestSupport;
using Valora.TestSupport.Data;

namespace Valora.Data.Tests.Analysis;

/// <summary>
/// The dataset snapshot states its currency and never sums several as one: mixed currencies are refused (a reason
/// code, both currencies and their order counts named), or converted with the rates given — every rate needed.
/// </summary>
public sealed class CustomerDatasetTests
{
    [Fact]
    public Task Load_MixedCurrencies_RefusedOrConverted_Sqlite() => MixedCurrencies(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Load_MixedCurrencies_RefusedOrConverted_Postgres() => MixedCurrencies(DatabaseProvider.Postgres);

    [Fact]
    public async Task Load_OneCurrency_StatesIt_AndAnEmptyDatabaseHasNone()
    {
        await using var test = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var empty = await CustomerDataset.LoadAsync(test.Database);
        Assert.Empty(empty.Purchases);
        Assert.Null(empty.Currency);

        await SeedAsync(test.Database, ("GBP", 10m), ("GBP", 5m));
        var data = await CustomerDataset.LoadAsync(test.Database);
        Assert.Equal("GBP", data.Currency);
        Assert.Equal([10m, 5m], data.Purchases.Select(p => p.Revenue));
        // Asking for the currency the orders are in needs no rate.
        Assert.Equal("GBP", (await CustomerDataset.LoadAsync(test.Database, new DatasetRequest("gbp"))).Currency);
    }

    static async Task MixedCurrencies(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await SeedAsync(test.Database, ("EUR", 100m), ("GBP", 10m), ("EUR", 50m));

        var refused = await Assert.ThrowsAsync<NotAnalysableException>(() => CustomerDataset.LoadAsync(test.Database));
        Assert.Equal(NotAnalysableReason.MixedCurrencies, refused.Reason);
        Assert.Contains("EUR (2 orders)", refused.Message, StringComparison.Ordinal);
        Assert.Contains("GBP (1 orders)", refused.Message, StringComparison.Ordinal);
        // Every analysis reads through the snapshot, so none sums them either.
        var rfm = await Assert.ThrowsAsync<NotAnalysableException>(() => new RunRfm(test.Database).ExecuteAsync(null));
        Assert.Equal(NotAnalysableReason.MixedCurrencies, rfm.Reason);

        var noRate = await Assert.ThrowsAsync<ArgumentException>(() =>
            CustomerDataset.LoadAsync(test.Database, new DatasetRequest("USD", new Dictionary<string, decimal> { ["EUR"] = 1.1m })));
        Assert.Contains("No exchange rate from GBP to USD", noRate.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(() =>
            CustomerDataset.LoadAsync(test.Database, new DatasetRequest("EUR", new Dictionary<string, decimal> { ["GBP"] = 0m })));

        var converted = await CustomerDataset.LoadAsync(test.Database,
            new DatasetRequest("EUR", new Dictionary<string, decimal> { ["GBP"] = 1.17m }));
        Assert.Equal("EUR", converted.Currency);
        Assert.Equal([100m, 11.7m, 50m], converted.Purchases.Select(p => p.Revenue));
        Assert.Equal([40m, 4.68m, 20m], converted.Purchases.Select(p => p.Cost));
        Assert.Equal(2, converted.OrdersByCurrency["EUR"]);
        Assert.Equal(1, converted.OrdersByCurrency["GBP"]);

        // The converted snapshot is what a model then reads.
        var result = await new RunRfm(test.Database, converted).ExecuteAsync(null, save: false);
        Assert.Equal(3, result.Customers.Count);
    }

    /// <summary>One customer per order; each order one line of the given total, cost 40 % of it.</summary>
    static async Task SeedAsync(ValoraDatabase database, params (string Currency, decimal Total)[] orders)
    {
        await using var db = database.CreateContext();
        for (var i = 0; i < orders.Length; i++)
        {
            var customer = new Customer { ExternalId = $"C{i}" };
            db.Customers.Add(customer);
            await db.SaveChangesAsync();
            var (currency, total) = orders[i];
            db.Orders.Add(new Order
            {
                ExternalId = $"O{i}", CustomerId = customer.Id, Currency = currency,
                OrderedAt = new DateTime(2024, 1, 5 + i, 0, 0, 0, DateTimeKind.Utc),
                Lines = [new OrderLine { LineNumber = 1, Quantity = 1, UnitPrice = total, LineTotal = total, UnitCost = total * 0.4m }],
            });
            await db.SaveChangesAsync();
        }
    }
}
