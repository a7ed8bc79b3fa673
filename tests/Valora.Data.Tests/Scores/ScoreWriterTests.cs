using Microsoft.EntityFrameworkCore;
using Valora.Data;
using Valora.Data.Scores;
using Valora.Domain.Customers;
using Valora.TestSupport;
using Valora.TestSupport.Data;

namespace Valora.Data.Tests.Scores;

public sealed class ScoreWriterTests
{
    [Fact]
    public Task Replace_OnSqlite_ReplacesOnlyTheSameRun() => ReplacesOnlyTheSameRun(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Replace_OnPostgres_ReplacesOnlyTheSameRun() => ReplacesOnlyTheSameRun(DatabaseProvider.Postgres);

    static async Task ReplacesOnlyTheSameRun(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        long a, b;
        await using (var db = test.Database.CreateContext())
        {
            var ca = new Customer { ExternalId = "A" };
            var cb = new Customer { ExternalId = "B" };
            db.AddRange(ca, cb);
            await db.SaveChangesAsync();
            (a, b) = (ca.Id, cb.Id);
        }
        var day = new DateOnly(2024, 6, 30);
        await ScoreWriter.ReplaceAsync(test.Database, day, "v1", ["clv"], [new(a, "clv", 10), new(b, "clv", 20)]);
        await ScoreWriter.ReplaceAsync(test.Database, day, "v2", ["clv"], [new(a, "clv", 11)]);
        // Same run again: replaces v1 rows, keeps v2; a NaN becomes NULL; labels round-trip.
        var written = await ScoreWriter.ReplaceAsync(test.Database, day, "v1", ["clv", "segment"],
            [new(a, "clv", 12), new(b, "clv", double.NaN), new(b, "segment", null, "Champions")]);

        Assert.Equal(3, written);
        await using var check = test.Database.CreateContext();
        var v1 = await check.CustomerScores.Where(s => s.ModelVersion == "v1").OrderBy(s => s.Id).ToListAsync();
        Assert.Equal(3, v1.Count);
        Assert.Equal(12, v1.Single(s => s.CustomerId == a && s.Metric == "clv").Value);
        Assert.Null(v1.Single(s => s.CustomerId == b && s.Metric == "clv").Value);
        Assert.Equal("Champions", v1.Single(s => s.Metric == "segment").Label);
        Assert.Equal(day, v1[0].AsOf);
        Assert.Equal(11, (await check.CustomerScores.SingleAsync(s => s.ModelVersion == "v2")).Value);
    }
}
