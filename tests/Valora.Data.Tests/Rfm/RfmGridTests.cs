using Valora.Data.Rfm;
using Valora.Data.Scores;
using Valora.Domain.Customers;
using Valora.TestSupport;
using Valora.TestSupport.Data;

namespace Valora.Data.Tests.Rfm;

public sealed class RfmGridTests
{
    [Fact]
    public Task Latest_OnSqlite_CountsAndSumsCustomersPerFrequencyAndRecencyScore() => CountsAndSums(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Latest_OnPostgres_CountsAndSumsCustomersPerFrequencyAndRecencyScore() => CountsAndSums(DatabaseProvider.Postgres);

    [Fact]
    public async Task Latest_WithoutARun_IsNull()
    {
        await using var test = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var db = test.Database.CreateContext();

        Assert.Null(await RfmGrid.LatestAsync(db));
    }

    /// <summary>Four customers on 3 bands: (R, F, M) = (3, 1, 10), (3, 1, 5), (1, 2, 7), (2, 3, 100).</summary>
    static async Task CountsAndSums(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        (int R, int F, double M, string Segment)[] rows = [(3, 1, 10, "New"), (3, 1, 5, "New"), (1, 2, 7, "Lost"), (2, 3, 100, "Loyal")];
        var ids = new List<long>();
        await using (var db = test.Database.CreateContext())
        {
            var customers = rows.Select((_, i) => new Customer { ExternalId = $"C{i}" }).ToList();
            db.AddRange(customers);
            await db.SaveChangesAsync();
            ids.AddRange(customers.Select(c => c.Id));
        }
        var scores = rows.SelectMany((r, i) => new[]
        {
            Metrics.Rfm.RecencyScore.Of(ids[i], r.R), Metrics.Rfm.FrequencyScore.Of(ids[i], r.F),
            Metrics.Rfm.Monetary.Of(ids[i], r.M), Metrics.Rfm.Segment.OfLabel(ids[i], r.Segment),
        });
        await RunWriter.WriteAsync(test.Database, new ScoringRun(Metrics.Rfm.Model, "rfm-b3-total", new DateOnly(2025, 6, 30), Metrics.Rfm.All, rows.Length), scores);

        await using var read = test.Database.CreateContext();
        var grid = (await RfmGrid.LatestAsync(read))!;

        Assert.Equal(3, grid.Bands);
        Assert.Equal(4, grid.Total);
        // [F − 1][R − 1]
        Assert.Equal([[0, 0, 2], [1, 0, 0], [0, 1, 0]], grid.Customers);
        Assert.Equal([[0, 0, 15], [7, 0, 0], [0, 100, 0]], grid.Monetary);
        Assert.Equal([new RfmSegmentCount("New", 2), new RfmSegmentCount("Lost", 1), new RfmSegmentCount("Loyal", 1)], grid.Segments);
        Assert.Equal(new DateOnly(2025, 6, 30), grid.AsOf);
    }
}
