using Microsoft.EntityFrameworkCore;
using Valora.Data.Import.Readers;
using Valora.TestSupport;
using Valora.TestSupport.Data;

namespace Valora.Data.Tests.Import;

/// <summary>
/// Every numeric and date field has a documented range that both databases and the analytics can hold, checked per
/// row like every other rule (issue 10 items 5 and 7): values outside it are rejected and the good rows still load.
/// </summary>
[Trait("Issue", "10")]
public sealed class ValueRangeImportTests
{
    [Fact]
    public Task OutOfRangeNumbers_RejectedPerRow_Sqlite() => OutOfRange(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task OutOfRangeNumbers_RejectedPerRow_Postgres() => OutOfRange(DatabaseProvider.Postgres);

    static async Task OutOfRange(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        using var files = new TempFiles();
        var path = files.CopyOf("import/orders-out-of-range.csv");
        var s = (await new FileImporter(t.Database).ImportAsync(ImportKind.Orders, path, new FileImportOptions { CreateMissingCustomers = true })).Summary;

        Assert.Equal((7L, 5L, 2L), (s.Read, s.Rejected, s.Inserted));
        Assert.Equal(
            [(2L, "unit-price", "out-of-range"), (3L, "unit-price", "out-of-range"), (4L, "unit-price", "out-of-range"),
             (5L, "unit-price", "out-of-range"), (6L, "quantity", "out-of-range")],
            TempFiles.Rejects(path).Select(r => (r.Line, r.Field, r.Rule)));
        await using var db = t.Database.CreateContext();
        var lines = (await db.OrderLines.Select(l => new { l.UnitPrice, l.LineTotal }).ToListAsync()).OrderBy(l => l.UnitPrice).ToList();
        // 2.123456 rounds half away from zero to 4 places, as PostgreSQL's numeric(19,4) stores it: the same on SQLite.
        Assert.Equal([(2.1235m, 4.2470m), (999_999_999.9999m, 999_999_999.9999m)], lines.Select(l => (l.UnitPrice, l.LineTotal)));
    }

    [Fact]
    public Task ImplausibleDates_RejectedUnlessTheWindowIsWidened_Sqlite() => Dates(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task ImplausibleDates_RejectedUnlessTheWindowIsWidened_Postgres() => Dates(DatabaseProvider.Postgres);

    static async Task Dates(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        using var files = new TempFiles();
        var path = files.CopyOf("import/orders-implausible-dates.csv");
        var options = new FileImportOptions { CreateMissingCustomers = true };
        var s = (await new FileImporter(t.Database).ImportAsync(ImportKind.Orders, path, options)).Summary;

        Assert.Equal((4L, 3L, 1L), (s.Read, s.Rejected, s.Inserted));
        Assert.Equal([2L, 3L, 5L], TempFiles.Rejects(path).Select(r => r.Line));
        Assert.All(TempFiles.Rejects(path), r => Assert.Equal(("ordered-at", "implausible-date"), (r.Field, r.Rule)));
        await using (var db = t.Database.CreateContext())
        {
            Assert.Equal(new DateTime(2011, 1, 2, 10, 0, 0, DateTimeKind.Utc), await db.Orders.MaxAsync(o => o.OrderedAt));
        }

        // The window is configurable: widened to 3000, the order of year 3000 loads and only 0001 and 1899 stay out.
        var wide = options with { LatestDate = new DateOnly(3000, 12, 31), EarliestDate = new DateOnly(1899, 12, 31) };
        var again = (await new FileImporter(t.Database).ImportAsync(ImportKind.Orders, path, wide)).Summary;
        Assert.Equal((2L, 1L), (again.Inserted, again.Rejected));
    }

    [Fact]
    public async Task BirthDate_InTheFutureOrImplausible_Rejected()
    {
        await using var t = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var files = new TempFiles();
        var path = files.Write("c.csv", "customer_id,birth_date\nB1,1980-05-01\nB2,2999-01-01\nB3,2026-07-01\nB4,1850-01-01\n");
        var clock = new FixedClock(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero));
        var s = (await new FileImporter(t.Database, clock).ImportAsync(ImportKind.Customers, path, new FileImportOptions())).Summary;

        Assert.Equal((1L, 3L), (s.Inserted, s.Rejected));
        Assert.Equal([(3L, "implausible-date"), (4L, "birth-date-in-future"), (5L, "implausible-date")],
            TempFiles.Rejects(path).Select(r => (r.Line, r.Rule)));
    }

    sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
