using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Valora.Cli.Tests.Commands;

/// <summary>The real CLI as a separate process: failures, and an import killed part-way then re-run.</summary>
public sealed class ImportCommandTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("valora-cli-import-").FullName;

    static Process Start(params string[] args) => ValoraProcess.Start(args);

    static Task<(int Code, string Out, string Err)> RunAsync(params string[] args) => ValoraProcess.RunAsync(args);

    [Fact]
    public async Task Import_MissingFileOrUnknownKindOrBadMapping_FailsWithOneLineReason()
    {
        var db = Path.Combine(_dir, "x.db");
        var missing = await RunAsync("import", "orders", Path.Combine(_dir, "nope.csv"), "--db", db);
        Assert.NotEqual(0, missing.Code);
        Assert.Contains("File not found", missing.Err, StringComparison.Ordinal);

        var csv = Path.Combine(_dir, "o.csv");
        await File.WriteAllTextAsync(csv, "a,b\n1,2\n");
        var kind = await RunAsync("import", "widgets", csv, "--db", db);
        Assert.NotEqual(0, kind.Code);
        Assert.Contains("Unknown kind 'widgets'", kind.Err, StringComparison.Ordinal);

        var map = await RunAsync("import", "orders", csv, "--db", db, "--map", "customer-id=7");
        Assert.NotEqual(0, map.Code);
        Assert.Contains("Bad mapping 'customer-id=7'", map.Err, StringComparison.Ordinal);
        Assert.Single(map.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("valora: error:", StringComparison.Ordinal));
    }

    [Fact]
    [Trait("Issue", "10")]
    public async Task Import_EveryRowRejected_ExitsNonZeroSayingWhy_AndRejectsGoWhereAsked()
    {
        var db = Path.Combine(_dir, "r.db");
        var csv = Path.Combine(_dir, "bad.csv");
        await File.WriteAllTextAsync(csv, "customer_id,income\nA,-1\nB,abc\n");
        var rejects = Path.Combine(_dir, "elsewhere.csv");
        var run = await RunAsync("import", "customers", csv, "--db", db, "--rejects", rejects);

        Assert.NotEqual(0, run.Code);
        Assert.Contains("no row was imported: all 2 rows were rejected", run.Err, StringComparison.Ordinal);
        Assert.Contains(rejects, run.Err, StringComparison.Ordinal);
        Assert.Equal(3, File.ReadAllLines(rejects).Length);
        Assert.False(File.Exists(csv + ".rejects.csv"));

        await File.WriteAllTextAsync(csv, "customer_id,income\nA,1\nB,abc\n");
        Assert.Equal(0, (await RunAsync("import", "customers", csv, "--db", db)).Code);
    }

    [Fact]
    [Trait("Issue", "10")]
    public async Task ReadCommands_MistypedDb_SayItDoesNotExistAndCreateNothing()
    {
        var db = Path.Combine(_dir, "typo.db");
        foreach (var args in new[] { new[] { "db", "status" }, ["rfm"], ["kpi", "--from", "2024-01-01", "--to", "2024-02-01"], ["clv", "fit", "--calibration-end", "1997-09-30"] })
        {
            var run = await RunAsync([.. args, "--db", db]);
            Assert.NotEqual(0, run.Code);
            Assert.Contains($"The database '{db}' does not exist", run.Err, StringComparison.Ordinal);
            Assert.DoesNotContain("no such table", run.Err, StringComparison.Ordinal);
            Assert.False(File.Exists(db), string.Join(' ', args));
        }
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task Import_KilledAfterFirstBatches_ReRunCompletesWithoutDuplicatesOrPartialOrders()
    {
        // 80,000 orders; order i has 1 + i % 7 lines. Closed form: 80,000 = 7 × 11,428 + 4, so the lines are
        // 11,428 × (1 + … + 7) + (1 + 2 + 3 + 4) = 319,984 + 10 = 319,994.
        const int orders = 80_000;
        const long expectedLines = 319_994;
        var csv = Path.Combine(_dir, "big.csv");
        var text = new StringBuilder("order_id,customer_id,order_date,sku,quantity,unit_price\n");
        for (var i = 0; i < orders; i++)
        {
            for (var l = 0; l < 1 + i % 7; l++)
            {
                text.Append(CultureInfo.InvariantCulture, $"O{i},C{i % 5000},2020-01-{1 + i % 28:00},S{l},{1 + l},{l}.25\n");
            }
        }
        await File.WriteAllTextAsync(csv, text.ToString());
        var db = Path.Combine(_dir, "big.db");

        using (var p = Start("import", "orders", csv, "--db", db, "--create-missing-customers", "--batch-size", "4000"))
        {
            _ = p.StandardOutput.ReadToEndAsync();
            string? line;
            var committed = false;
            while ((line = await p.StandardError.ReadLineAsync()) is not null)
            {
                if (line.StartsWith("committed batch 2:", StringComparison.Ordinal))
                {
                    committed = true;
                    break;
                }
            }
            Assert.True(committed, "no batch was committed");
            Assert.False(p.HasExited, "the import finished before it could be killed; make the file bigger");
            p.Kill(entireProcessTree: true);
            await p.WaitForExitAsync();
        }

        var (partialOrders, partialLines) = Counts(db);
        Assert.InRange(partialOrders, 1, orders - 1);
        AssertNoPartialOrders(db);

        var rerun = await RunAsync("import", "orders", csv, "--db", db, "--create-missing-customers", "--batch-size", "4000", "--format", "json");
        Assert.True(rerun.Code == 0, rerun.Err);
        using var json = JsonDocument.Parse(rerun.Out);
        var inserted = json.RootElement.GetProperty("inserted").GetInt64();
        var unchanged = json.RootElement.GetProperty("unchanged").GetInt64();
        Assert.Equal(partialOrders, unchanged);
        Assert.Equal(orders - partialOrders, inserted);
        Assert.Equal(0, json.RootElement.GetProperty("updated").GetInt64());
        Assert.Equal((orders, expectedLines), Counts(db));
        AssertNoPartialOrders(db);
        Assert.True(partialLines < expectedLines);
    }

    static (long Orders, long Lines) Counts(string db)
    {
        using var c = Open(db);
        return (Scalar(c, "SELECT COUNT(*) FROM Orders"), Scalar(c, "SELECT COUNT(*) FROM OrderLines"));
    }

    /// <summary>Order O{i} must have exactly 1 + i % 7 lines, numbered 1..n, and appear once.</summary>
    static void AssertNoPartialOrders(string db)
    {
        using var c = Open(db);
        Assert.Equal(Scalar(c, "SELECT COUNT(*) FROM Orders"), Scalar(c, "SELECT COUNT(DISTINCT ExternalId) FROM Orders"));
        Assert.Equal(0, Scalar(c, """
            SELECT COUNT(*) FROM Orders o
            WHERE (SELECT COUNT(*) FROM OrderLines l WHERE l.OrderId = o.Id) <> 1 + CAST(SUBSTR(o.ExternalId, 2) AS INTEGER) % 7
               OR (SELECT MAX(LineNumber) FROM OrderLines l WHERE l.OrderId = o.Id) <> 1 + CAST(SUBSTR(o.ExternalId, 2) AS INTEGER) % 7
            """));
    }

    static SqliteConnection Open(string db)
    {
        var c = new SqliteConnection($"Data Source={db};Pooling=False");
        c.Open();
        return c;
    }

    static long Scalar(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
