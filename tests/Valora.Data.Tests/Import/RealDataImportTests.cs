using Microsoft.EntityFrameworkCore;
using Valora.Data.Import.Readers;
using Valora.Domain.Sales;
using Valora.TestSupport;
using Valora.TestSupport.Data;

namespace Valora.Data.Tests.Import;

/// <summary>
/// The real exports. Expected numbers come from a separate python3 script (csv module / str.split, Decimal sums) run
/// once over the files, applying the documented rules independently of this code:
/// <list type="bullet">
/// <item>CDNOW_master.txt: 69,659 records, 23,570 distinct customer ids, Σ number_of_cds = 167,881,
/// Σ dollar_value = 2,500,315.63 (also in the dataset README: 69,659 records, 23,570 customers).</item>
/// <item>CDNOW_sample.txt: 6,919 records, 2,357 customers, Σ cds = 16,479, Σ dollars = 244,091.94.</item>
/// <item>online_retail.csv: 541,909 lines; 135,080 without CustomerID (README: 135,080 empty) → rejected
/// <c>missing-customer-id</c>; no other rule fires (no negative quantity or price on a non-C invoice with a customer);
/// 406,829 accepted lines in 22,190 invoices (3,654 of them C = cancelled) of 4,372 customers, 3,684 distinct stock
/// codes; 1,920 accepted lines carry a non-merchandise code; Σ quantity = 4,906,888; Σ quantity × price = 8,300,065.814.</item>
/// </list>
/// </summary>
public sealed class RealDataImportTests
{
    [RealDataFact("cdnow/CDNOW_master.txt")]
    public async Task ImportOrders_CdnowMaster_OneOrderPerRecordAndExactTotals()
    {
        await using var t = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var options = new FileImportOptions { CreateMissingCustomers = true };
        var result = await new FileImporter(t.Database).ImportAsync(ImportKind.Orders, SharedData.PathOf("cdnow/CDNOW_master.txt"), options);
        var s = result.Summary;
        Assert.True(result.Header);
        Assert.Equal(DelimitedFile.Whitespace, result.Delimiter);
        Assert.Equal((69_659L, 69_659L, 69_659L, 0L, 23_570L), (s.Read, s.Inserted, s.Lines, s.Rejected, s.CustomersCreated));
        await AssertTotals(t, orders: 69_659, customers: 23_570, quantity: 167_881, revenue: 2_500_315.63m);

        var again = await new FileImporter(t.Database).ImportAsync(ImportKind.Orders, SharedData.PathOf("cdnow/CDNOW_master.txt"), options);
        Assert.Equal((0L, 0L, 69_659L, 0L), (again.Summary.Inserted, again.Summary.Updated, again.Summary.Unchanged, again.Summary.CustomersCreated));
        await AssertTotals(t, orders: 69_659, customers: 23_570, quantity: 167_881, revenue: 2_500_315.63m);
    }

    [RealDataFact("cdnow/CDNOW_sample.txt")]
    public async Task ImportOrders_CdnowSampleWithMap_ExactTotals()
    {
        await using var t = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var options = new FileImportOptions
        {
            CreateMissingCustomers = true,
            Map = ["customer-id=1", "ordered-at=3:yyyyMMdd", "quantity=4", "line-total=5"],
        };
        var result = await new FileImporter(t.Database).ImportAsync(ImportKind.Orders, SharedData.PathOf("cdnow/CDNOW_sample.txt"), options);
        Assert.False(result.Header);
        Assert.Equal((6_919L, 6_919L, 2_357L), (result.Summary.Read, result.Summary.Inserted, result.Summary.CustomersCreated));
        await AssertTotals(t, orders: 6_919, customers: 2_357, quantity: 16_479, revenue: 244_091.94m);
    }

    [RealDataFact("online-retail/online_retail.csv")]
    public Task ImportOrders_OnlineRetail_ExactCountsPerRule_Sqlite() => OnlineRetail(DatabaseProvider.Sqlite);

    [PostgresFact("online-retail/online_retail.csv")]
    public Task ImportOrders_OnlineRetail_ExactCountsPerRule_Postgres() => OnlineRetail(DatabaseProvider.Postgres);

    static async Task OnlineRetail(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var path = CopyOf(SharedData.PathOf("online-retail/online_retail.csv"));
        try
        {
            var options = new FileImportOptions { CreateMissingCustomers = true, Currency = "GBP" };
            var s = (await new FileImporter(t.Database).ImportAsync(ImportKind.Orders, path, options)).Summary;
            Assert.Equal(541_909, s.Read);
            Assert.Equal(135_080, s.Rejected);
            Assert.Equal(new Dictionary<string, long> { ["missing-customer-id"] = 135_080 }, s.RejectedByRule);
            Assert.Equal((22_190L, 406_829L, 4_372L, 3_684L), (s.Inserted, s.Lines, s.CustomersCreated, s.ProductsCreated));
            Assert.Equal(135_080, File.ReadLines(path + ".rejects.csv").Count() - 1);
            await using (var db = t.Database.CreateContext())
            {
                Assert.Equal(3_654, await db.Orders.CountAsync(o => o.Status == OrderStatus.Cancelled));
                Assert.Equal(1_920, await db.OrderLines.CountAsync(l => !l.IsMerchandise));
                Assert.Equal(1, await db.Customers.CountAsync(c => c.ExternalId == "17850"));
                Assert.Equal(8_300_065.814m, (await db.OrderLines.Select(l => l.LineTotal).ToListAsync()).Sum());
                Assert.Equal(4_906_888, await db.OrderLines.SumAsync(l => (long)l.Quantity));
                // Invoice 542806 has lines apart in the file (lines 78088–78091 and 78094–…); they form one order.
                var split = await db.Orders.Include(o => o.Lines).SingleAsync(o => o.ExternalId == "542806");
                Assert.Equal(["48194", "21524", "22365", "48188", "22692"], split.Lines.OrderBy(l => l.LineNumber).Take(5).Select(l => l.Sku!));
            }

            var again = (await new FileImporter(t.Database).ImportAsync(ImportKind.Orders, path, options)).Summary;
            Assert.Equal((0L, 0L, 22_190L, 0L, 0L), (again.Inserted, again.Updated, again.Unchanged, again.ProductsCreated, again.ProductsUpdated));
        }
        finally
        {
            File.Delete(path);
            File.Delete(path + ".rejects.csv");
        }
    }

    /// <summary>The rejects file goes beside the input, so the shared dataset is imported from a temp copy.</summary>
    static string CopyOf(string source)
    {
        var copy = Path.Combine(Path.GetTempPath(), $"valora-{Guid.NewGuid():N}-{Path.GetFileName(source)}");
        File.Copy(source, copy);
        return copy;
    }

    static async Task AssertTotals(TestDatabase t, int orders, int customers, long quantity, decimal revenue)
    {
        await using var db = t.Database.CreateContext();
        Assert.Equal(orders, await db.Orders.CountAsync());
        Assert.Equal(orders, await db.OrderLines.CountAsync());
        Assert.Equal(customers, await db.Customers.CountAsync());
        Assert.Equal(quantity, await db.OrderLines.SumAsync(l => (long)l.Quantity));
        Assert.Equal(revenue, (await db.OrderLines.Select(l => l.LineTotal).ToListAsync()).Sum());
    }
}
