using Microsoft.EntityFrameworkCore;
using Valora.Data.Customers;
using Valora.Domain.Customers;
using Valora.TestSupport;
using Valora.TestSupport.Data;

namespace Valora.Data.Tests.Customers;

public sealed class ImportDuplicatesTests
{
    static readonly DateTime Now = new(2024, 7, 1, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public Task Resolve_OnSqlite_ReportsThenMergesNewCustomersIntoStoredOnes() => Resolve(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Resolve_OnPostgres_ReportsThenMergesNewCustomersIntoStoredOnes() => Resolve(DatabaseProvider.Postgres);

    /// <summary>
    /// Stored: Ada and Bob. New: Ada again (same name and e-mail → 1), Cy (no match), and Cy's twin (matches Cy, but
    /// both are new, so it is not resolved here). Report changes nothing; merge merges the new Ada into the stored one.
    /// </summary>
    static async Task Resolve(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await using var db = test.Database.CreateContext();
        db.Customers.AddRange(new Customer { ExternalId = "A-1", Name = "Ada Quinn", Email = "ada@example.org" }, new Customer { ExternalId = "B-2", Name = "Bob Other" });
        await db.SaveChangesAsync();
        var before = await ImportDuplicates.ExternalIdsAsync(db);
        db.Customers.AddRange(
            new Customer { ExternalId = "A-9", Name = "ADA QUINN", Email = "Ada@Example.org", Phone = "020 7946 0958" },
            new Customer { ExternalId = "C-3", Name = "Cy New", Email = "cy@example.org" },
            new Customer { ExternalId = "C-4", Name = "Cy New", Email = "cy@example.org" });
        await db.SaveChangesAsync();

        Assert.Empty(await ImportDuplicates.ResolveAsync(db, before, OnDuplicate.Keep, 0.75, "sam", Now));
        var report = Assert.Single(await ImportDuplicates.ResolveAsync(db, before, OnDuplicate.Report, 0.75, "sam", Now));
        Assert.Equal(("A-9", "A-1", 1.0, null), (report.New.ExternalId, report.Existing.ExternalId, report.Score, report.MergeId));
        Assert.Equal(5, await db.Customers.CountAsync());

        var merged = Assert.Single(await ImportDuplicates.ResolveAsync(db, before, OnDuplicate.Merge, 0.75, "sam", Now));
        Assert.NotNull(merged.MergeId);
        db.ChangeTracker.Clear();
        Assert.Equal(["A-1", "B-2", "C-3", "C-4"], await db.Customers.OrderBy(c => c.ExternalId).Select(c => c.ExternalId).ToListAsync());
        // Most complete: the stored Ada had no phone, so she takes the newcomer's.
        Assert.Equal("020 7946 0958", (await db.Customers.SingleAsync(c => c.ExternalId == "A-1")).Phone);
        Assert.Equal(merged.MergeId, (await db.CustomerMerges.SingleAsync()).Id);
    }
}
