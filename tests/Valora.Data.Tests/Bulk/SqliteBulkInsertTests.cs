using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Valora.Data.Bulk;
using Valora.Data.Import;
using Valora.Data.Import.Records;
using Valora.TestSupport.Data;

namespace Valora.Data.Tests.Bulk;

/// <summary>
/// A large SQLite insert is a pipeline (rows encoded on another thread, bound and stepped on the connection's): rows
/// arrive complete and in order from a source that refills one array, and a failure mid-way stops both sides and
/// leaves nothing of the batch once it is rolled back.
/// </summary>
public sealed class SqliteBulkInsertTests
{
    const int Count = 5_000;

    [Fact]
    public async Task InsertAsync_ManyRowsFromOneReusedArray_AllStoredInOrder()
    {
        await using var t = await TestDatabase.CreateSqliteAsync();
        await using (var session = await BulkSession.OpenAsync(t.Database, CancellationToken.None))
        {
            await session.BeginAsync(CancellationToken.None);
            await session.InsertAsync(TableSpec.Customers, Customers(), CancellationToken.None);
            await session.CommitAsync(CancellationToken.None);
        }

        await using var db = t.Database.CreateContext();
        var stored = await db.Customers.OrderBy(c => c.Id).Select(c => new { c.Id, c.ExternalId, c.Income, c.EmailConsent }).ToListAsync();
        Assert.Equal(Count, stored.Count);
        for (var i = 0; i < Count; i++)
        {
            Assert.Equal((i + 1L, $"c{i}", i * 0.25m, i % 2 == 0), (stored[i].Id, stored[i].ExternalId, stored[i].Income, stored[i].EmailConsent));
        }
    }

    [Fact]
    public async Task InsertAsync_RowBreaksAConstraintMidway_FailsAndTheBatchRollsBack()
    {
        await using var t = await TestDatabase.CreateSqliteAsync();
        await using (var session = await BulkSession.OpenAsync(t.Database, CancellationToken.None))
        {
            await session.BeginAsync(CancellationToken.None);
            var e = await Assert.ThrowsAsync<SqliteException>(() =>
                session.InsertAsync(TableSpec.Customers, Customers(duplicateAt: 3_000), CancellationToken.None));
            Assert.Contains("UNIQUE", e.Message, StringComparison.Ordinal);
            await session.RollbackAsync();
        }

        await using var db = t.Database.CreateContext();
        Assert.Equal(0, await db.Customers.CountAsync());
    }

    /// <summary>Customer rows through one array; with <paramref name="duplicateAt"/>, that row repeats an external id.</summary>
    static IEnumerable<object?[]> Customers(int duplicateAt = -1)
    {
        var row = new object?[TableSpec.Customers.Columns.Count];
        for (var i = 0; i < Count; i++)
        {
            var r = ImportRows.Customer(new CustomerRecord(i == duplicateAt ? "c0" : $"c{i}") { Income = i * 0.25m, EmailConsent = i % 2 == 0 });
            r[0] = i + 1L;
            Array.Copy(r, row, row.Length);
            yield return row;
        }
    }
}
