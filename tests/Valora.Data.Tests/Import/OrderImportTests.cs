using Microsoft.EntityFrameworkCore;
using Valora.Data.Import;
using Valora.Data.Import.Readers;
using Valora.Domain.Sales;
using Valora.TestSupport;
using Valora.TestSupport.Data;

namespace Valora.Data.Tests.Import;

public sealed class OrderImportTests
{
    // Line numbers count the header as line 1. Expected rejects written by hand from the rules:
    // line 3 no customer, line 4 bad date, line 5 negative quantity on a normal invoice, line 6 a non-number price,
    // line 8 (cancellation with negative quantity) is accepted, line 9 unknown customer (109 not in the database).
    const string OrdersCsv = """
        InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country
        1001,A1,Red mug,2,2011-01-02 10:00:00,2.50,101.0,UK
        1001,A2,,1,2011-01-02 10:00:00,3.00,,UK
        1002,A1,Red mug,1,2011-13-02 10:00:00,2.50,102,UK
        1002,A3,Blue mug,-4,2011-01-03 10:00:00,2.50,102,UK
        1003,POST,Postage,1,2011-01-04 09:00:00,abc,102,UK
        1003,A2,"Mug, green",3,2011-01-04 09:00:00,1.25,102,UK
        C1004,A1,Red mug,-2,2011-01-05 09:00:00,2.50,101,UK
        1005,A1,Red mug,1,2011-01-06 09:00:00,2.50,109,UK
        1001,POST,Postage,1,2011-01-02 10:00:00,5.00,101,UK
        """;

    [Fact]
    public Task ImportOrders_BadRows_GoToRejectsFileAndGoodRowsLoad_Sqlite() => BadRows(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task ImportOrders_BadRows_GoToRejectsFileAndGoodRowsLoad_Postgres() => BadRows(DatabaseProvider.Postgres);

    static async Task SeedCustomers(ValoraDatabase database, params string[] ids) =>
        await new ImportStore(database).UpsertCustomersAsync(ids.Select(id => new Valora.Data.Import.Records.CustomerRecord(id)));

    static async Task BadRows(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        using var files = new TempFiles();
        await SeedCustomers(t.Database, "101", "102");
        var path = files.Write("orders.csv", OrdersCsv);
        var result = await new FileImporter(t.Database).ImportAsync(ImportKind.Orders, path, new FileImportOptions { Currency = "GBP" });

        var rejects = TempFiles.Rejects(path);
        Assert.Equal(
        [
            (3L, "customer-id", "missing-customer-id", "1001,A2,,1,2011-01-02 10:00:00,3.00,,UK"),
            (4L, "ordered-at", "invalid-date", "1002,A1,Red mug,1,2011-13-02 10:00:00,2.50,102,UK"),
            (5L, "quantity", "negative-quantity", "1002,A3,Blue mug,-4,2011-01-03 10:00:00,2.50,102,UK"),
            (6L, "unit-price", "invalid-number", "1003,POST,Postage,1,2011-01-04 09:00:00,abc,102,UK"),
            (9L, "customer-id", "unknown-customer", "1005,A1,Red mug,1,2011-01-06 09:00:00,2.50,109,UK"),
        ], rejects);
        var s = result.Summary;
        Assert.Equal(9, s.Read);
        Assert.Equal(5, s.Rejected);
        Assert.Equal(1, s.RejectedByRule["unknown-customer"]);
        Assert.Equal(3, s.Inserted); // 1001 (2 lines, one of them after another order), 1003, C1004
        Assert.Equal(4, s.Lines);
        Assert.Equal(3, s.ProductsCreated); // A1, POST, A2

        await using var db = t.Database.CreateContext();
        var orders = await db.Orders.Include(o => o.Lines).OrderBy(o => o.ExternalId).ToListAsync();
        Assert.Equal(["1001", "1003", "C1004"], orders.Select(o => o.ExternalId));
        Assert.All(orders, o => Assert.Equal("GBP", o.Currency));
        var first = orders[0];
        Assert.Equal(new DateTime(2011, 1, 2, 10, 0, 0, DateTimeKind.Utc), first.OrderedAt);
        var lines = first.Lines.OrderBy(l => l.LineNumber).ToList();
        Assert.Equal([(1, "A1", 2, 5.00m, true), (2, "POST", 1, 5.00m, false)],
            lines.Select(l => (l.LineNumber, l.Sku!, l.Quantity, l.LineTotal, l.IsMerchandise)));
        Assert.Equal(OrderStatus.Cancelled, orders[2].Status);
        Assert.Equal(-5.00m, orders[2].Lines.Single().LineTotal);
        var mug = await db.Products.SingleAsync(p => p.Sku == "A2");
        Assert.Equal("Mug, green", mug.Name);
    }

    [Fact]
    public Task ImportOrders_SameFileTwice_SecondRunChangesNothing_Sqlite() => Idempotent(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task ImportOrders_SameFileTwice_SecondRunChangesNothing_Postgres() => Idempotent(DatabaseProvider.Postgres);

    static async Task Idempotent(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        using var files = new TempFiles();
        await SeedCustomers(t.Database, "101", "102");
        var path = files.Write("orders.csv", OrdersCsv);
        // Batch size 2 lines: several transactions, orders never split. Order 1001 has already been written when its
        // line 10 comes, so that line is rejected as order-split (the file is not sorted by order id).
        var options = new FileImportOptions { BatchSize = 2 };
        var first = (await new FileImporter(t.Database).ImportAsync(ImportKind.Orders, path, options)).Summary;
        var (orders, lines, products) = await Counts(t.Database);
        var second = (await new FileImporter(t.Database).ImportAsync(ImportKind.Orders, path, options)).Summary;

        Assert.Equal(3, first.Inserted);
        Assert.Equal(1, first.RejectedByRule["order-split"]);
        Assert.Contains(TempFiles.Rejects(path), r => r is (10L, "order-id", "order-split", _));
        Assert.Equal((0L, 0L, 3L), (second.Inserted, second.Updated, second.Unchanged));
        Assert.Equal(0, second.ProductsCreated + second.ProductsUpdated);
        Assert.Equal((orders, lines, products), await Counts(t.Database));
        Assert.Equal((3, 3, 2), (orders, lines, products));

        // One changed price: exactly that order is updated, its lines replaced.
        File.WriteAllText(path, OrdersCsv.Replace("1.25,102", "1.50,102", StringComparison.Ordinal));
        var third = (await new FileImporter(t.Database).ImportAsync(ImportKind.Orders, path, options)).Summary;
        Assert.Equal((0L, 1L, 2L), (third.Inserted, third.Updated, third.Unchanged));
        await using var db = t.Database.CreateContext();
        Assert.Equal(4.50m, (await db.OrderLines.SingleAsync(l => l.Sku == "A2")).LineTotal);
        Assert.Equal((3, 3, 2), await Counts(t.Database));
    }

    internal static async Task<(int Orders, int Lines, int Products)> Counts(ValoraDatabase database)
    {
        await using var db = database.CreateContext();
        return (await db.Orders.CountAsync(), await db.OrderLines.CountAsync(), await db.Products.CountAsync());
    }

    [Fact]
    public async Task ImportOrders_WhitespaceNoHeaderYyyyMMdd_OneOrderPerRowWithStableIds()
    {
        await using var t = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var files = new TempFiles();
        // CDNOW sample layout: master id, sample id, date, CDs, dollars; fixed width, CRLF; customer 00004 buys twice on one day.
        var path = files.Write("sample.txt", " 00004 0001 19970101  2   29.33\r\n 00004 0001 19970101  1   10.00\r\n 00018 0002 19970102  3   30.00\r\n");
        var options = new FileImportOptions
        {
            CreateMissingCustomers = true,
            Map = ["customer-id=1", "ordered-at=3:yyyyMMdd", "quantity=4", "line-total=5"],
        };
        var result = await new FileImporter(t.Database).ImportAsync(ImportKind.Orders, path, options);
        Assert.Equal(DelimitedFile.Whitespace, result.Delimiter);
        Assert.False(result.Header);
        Assert.Equal((3L, 3L, 2L), (result.Summary.Inserted, result.Summary.Lines, result.Summary.CustomersCreated));
        await using var db = t.Database.CreateContext();
        var orders = await db.Orders.Include(o => o.Lines).OrderBy(o => o.ExternalId).ToListAsync();
        Assert.Equal(["00004-19970101-1", "00004-19970101-2", "00018-19970102-1"], orders.Select(o => o.ExternalId));
        var line = orders[2].Lines.Single();
        Assert.Equal((3, 10.00m, 30.00m), (line.Quantity, line.UnitPrice, line.LineTotal));
        Assert.Contains("\"ordered-at\": \"3:yyyyMMdd\"", result.MappingJson, StringComparison.Ordinal);

        var again = await new FileImporter(t.Database).ImportAsync(ImportKind.Orders, path, options);
        Assert.Equal(3, again.Summary.Unchanged);
    }

    [Fact]
    public async Task ImportOrders_SemicolonDecimalCommaAndDateFormat_ParsesNumbersAndDates()
    {
        await using var t = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var files = new TempFiles();
        await SeedCustomers(t.Database, "K1");
        var path = files.Write("orders.csv", "Bestellung;Kunde;Datum;Menge;Preis\nB1;K1;31.12.2020;3;1.234,50\nB2;K1;01.01.2021;1;2,5x\n");
        var options = new FileImportOptions
        {
            DecimalSeparator = ',',
            DateFormat = "dd.MM.yyyy",
            Map = ["order-id=Bestellung", "customer-id=Kunde", "ordered-at=Datum", "quantity=Menge", "unit-price=Preis"],
        };
        var result = await new FileImporter(t.Database).ImportAsync(ImportKind.Orders, path, options);
        Assert.Equal(';', result.Delimiter);
        Assert.Equal([(3L, "unit-price", "invalid-number", "B2;K1;01.01.2021;1;2,5x")], TempFiles.Rejects(path));
        await using var db = t.Database.CreateContext();
        var order = await db.Orders.Include(o => o.Lines).SingleAsync();
        Assert.Equal(new DateTime(2020, 12, 31, 0, 0, 0, DateTimeKind.Utc), order.OrderedAt);
        Assert.Equal((1234.50m, 3703.50m), (order.Lines[0].UnitPrice, order.Lines[0].LineTotal));
    }

    [Fact]
    public async Task ImportOrders_BadMapping_ThrowsArgumentExceptionNamingTheField()
    {
        await using var t = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var files = new TempFiles();
        var path = files.Write("o.csv", "a,b\n1,2\n");
        var ex = await Assert.ThrowsAsync<ArgumentException>(() =>
            new FileImporter(t.Database).ImportAsync(ImportKind.Orders, path, new FileImportOptions { Map = ["flavour=1"] }));
        Assert.Contains("flavour", ex.Message, StringComparison.Ordinal);
        var missing = await Assert.ThrowsAsync<ArgumentException>(() =>
            new FileImporter(t.Database).ImportAsync(ImportKind.Orders, path, new FileImportOptions()));
        Assert.Contains("customer-id", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportOrders_PrintedMappingSavedAsMappingFile_ReadsTheSame()
    {
        await using var t = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var files = new TempFiles();
        // Header names that do not map themselves, so the mapping is given by --map first, then saved and reused.
        var path = files.Write("o.csv", "Ref|Who|When|N|Each\nR1|K1|20200105|2|1.5\n");
        var options = new FileImportOptions
        {
            CreateMissingCustomers = true,
            Map = ["order-id=Ref", "customer-id=Who", "ordered-at=When:yyyyMMdd", "quantity=N", "unit-price=Each"],
        };
        var first = await new FileImporter(t.Database).ImportAsync(ImportKind.Orders, path, options);
        Assert.Equal('|', first.Delimiter);
        Assert.True(first.Header); // no known names, but the first row has no numbers and the file does
        var mappingFile = files.Write("mapping.json", first.MappingJson);
        var second = await new FileImporter(t.Database).ImportAsync(ImportKind.Orders, path,
            new FileImportOptions { CreateMissingCustomers = true, MappingFile = mappingFile });
        Assert.Equal(first.MappingJson, second.MappingJson);
        Assert.Equal((1L, 1L), (first.Summary.Inserted, second.Summary.Unchanged));

        // --no-header: the header row is then data and fails validation as such (line 1).
        var noHeader = await new FileImporter(t.Database).ImportAsync(ImportKind.Orders, path,
            new FileImportOptions { CreateMissingCustomers = true, Header = false, Map = ["order-id=1", "customer-id=2", "ordered-at=3:yyyyMMdd", "quantity=4", "unit-price=5"] });
        Assert.Equal([(1L, "ordered-at", "invalid-date")], TempFiles.Rejects(path).Select(r => (r.Line, r.Field, r.Rule)));
        Assert.Equal(1, noHeader.Summary.Unchanged);
    }
}
