using System.Globalization;
using System.Text.Json;
using Valora.Data;
using Valora.TestSupport.Data;

namespace Valora.Cli.Tests.Commands;

/// <summary>
/// <c>valora duplicates</c>, <c>valora merge … [--preview]</c>, <c>valora merge list</c> and <c>valora merge undo</c> on a
/// database holding <see cref="MergeData"/>: the pair found, the preview changing nothing, the merge, the undo leaving
/// every row where it was, and the errors.
/// </summary>
public sealed class MergeCommandTests : IDisposable
{
    readonly string _db = Path.Combine(Path.GetTempPath(), $"valora-cli-merge-{Guid.NewGuid():N}.db");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var f in new[] { _db, _db + "-wal", _db + "-shm" })
        {
            File.Delete(f);
        }
    }

    [Fact]
    public async Task DuplicatesMergeUndo_OnADatabase_FindsMergesAndRestores()
    {
        var database = ValoraDatabase.Parse(_db);
        await database.MigrateAsync();
        var data = await MergeData.SeedAsync(database);
        var before = await data.SnapshotAsync(database);
        string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

        // Same name, different e-mail (the Gmail address is not the other one) and one phone missing:
        // 0.4 / (0.4 + 0.175) = 0.696 — under the default 0.75, found at 0.6.
        var strict = await ValoraProcess.RunAsync("duplicates", "--db", _db, "--format", "json");
        Assert.True(strict.Code == 0, strict.Err);
        Assert.Equal(0, JsonDocument.Parse(strict.Out).RootElement.GetProperty("found").GetInt32());
        var loose = await ValoraProcess.RunAsync("duplicates", "--threshold", "0.6", "--db", _db, "--format", "json");
        Assert.True(loose.Code == 0, loose.Err);
        var pair = JsonDocument.Parse(loose.Out).RootElement.GetProperty("pairs").EnumerateArray().Single();
        Assert.Equal((data.Survivor, data.Merged), (pair.GetProperty("first").GetProperty("id").GetInt64(), pair.GetProperty("second").GetProperty("id").GetInt64()));
        Assert.Equal(0.4 / 0.575, pair.GetProperty("score").GetDouble(), 12);
        var table = await ValoraProcess.RunAsync("duplicates", "--threshold", "0.6", "--db", _db);
        Assert.True(table.Code == 0, table.Err);
        Assert.Contains("1 of 1 pairs scoring 0.6 or more among 5 customers", table.Out, StringComparison.Ordinal);

        var preview = await ValoraProcess.RunAsync("merge", Id(data.Survivor), Id(data.Merged), "--field", "email=mostRecent", "--preview", "--db", _db, "--format", "json");
        Assert.True(preview.Code == 0, preview.Err);
        var fields = JsonDocument.Parse(preview.Out).RootElement.GetProperty("fields").EnumerateArray().ToDictionary(f => f.GetProperty("field").GetString()!, StringComparer.Ordinal);
        Assert.Equal(("mostRecent", "merged"), (fields["email"].GetProperty("rule").GetString(), fields["email"].GetProperty("winner").GetString()));
        Assert.Equal(before, await data.SnapshotAsync(database));

        var merge = await ValoraProcess.RunAsync("merge", Id(data.Survivor), Id(data.Merged), "--field", "email=mostRecent", "--db", _db);
        Assert.True(merge.Code == 0, merge.Err);
        Assert.Contains($"customer {data.Merged} merged into {data.Survivor}", merge.Out, StringComparison.Ordinal);
        Assert.Null(await MergeData.CountAsync(database, data.Merged));
        var list = await ValoraProcess.RunAsync("merge", "list", "--db", _db, "--format", "json");
        Assert.True(list.Code == 0, list.Err);
        var recorded = JsonDocument.Parse(list.Out).RootElement.EnumerateArray().Single();
        // 12 rows moved and 5 dropped (MergeData.Expected).
        Assert.Equal((data.Merged, 12, 5), (recorded.GetProperty("mergedId").GetInt64(), recorded.GetProperty("moved").GetInt32(), recorded.GetProperty("dropped").GetInt32()));
        var mergeId = recorded.GetProperty("id").GetInt64();

        var undo = await ValoraProcess.RunAsync("merge", "undo", Id(mergeId), "--db", _db);
        Assert.True(undo.Code == 0, undo.Err);
        Assert.Contains($"customer {data.Merged} is back", undo.Out, StringComparison.Ordinal);
        Assert.Equal(before, await data.SnapshotAsync(database));

        var again = await ValoraProcess.RunAsync("merge", "undo", Id(mergeId), "--db", _db);
        Assert.Equal(1, again.Code);
        Assert.Contains("already undone", again.Err, StringComparison.Ordinal);
        var self = await ValoraProcess.RunAsync("merge", Id(data.Survivor), Id(data.Survivor), "--db", _db);
        Assert.Contains("cannot be merged into itself", self.Err, StringComparison.Ordinal);
        var badRule = await ValoraProcess.RunAsync("merge", Id(data.Survivor), Id(data.Merged), "--field", "city=newest", "--preview", "--db", _db);
        Assert.Contains("--field city", badRule.Err, StringComparison.Ordinal);
        var badThreshold = await ValoraProcess.RunAsync("duplicates", "--threshold", "2", "--db", _db);
        Assert.Contains("--threshold", badThreshold.Err, StringComparison.Ordinal);
        Assert.Equal(before, await data.SnapshotAsync(database));
    }

    /// <summary>
    /// <c>valora import customers --on-duplicate report|merge</c>: a new customer with the stored Ada's name and e-mail
    /// (score 1) is listed and kept; one with her name and phone in another form (score 1, and 1 against the first
    /// newcomer too — the stored Ada comes first) is merged into her, recorded, and the undo brings it back.
    /// </summary>
    [Fact]
    public async Task ImportOnDuplicate_ReportsThenMergesIntoTheStoredCustomer()
    {
        var dir = Directory.CreateTempSubdirectory("valora-import-dup-").FullName;
        try
        {
            async Task<string> Csv(string name, string rows)
            {
                var path = Path.Combine(dir, name);
                await File.WriteAllTextAsync(path, "customer_id,name,email,phone\n" + rows);
                return path;
            }
            var first = await ValoraProcess.RunAsync("import", "customers", await Csv("a.csv", "A-1,Ada Quinn,ada@example.org,+44 20 7946 0958\nB-2,Bob Other,bob@example.org,\n"), "--db", _db);
            Assert.True(first.Code == 0, first.Err);

            var report = await ValoraProcess.RunAsync("import", "customers", await Csv("b.csv", "A-9,ada quinn,ADA@example.org,\nC-3,Cy New,cy@example.org,\n"),
                "--on-duplicate", "report", "--db", _db, "--format", "json");
            Assert.True(report.Code == 0, report.Err);
            var listed = JsonDocument.Parse(report.Out).RootElement.GetProperty("duplicates").EnumerateArray().Single();
            Assert.Equal(("A-9", "A-1", 1.0, "name+email", JsonValueKind.Null), (listed.GetProperty("new").GetString(), listed.GetProperty("existing").GetString(),
                listed.GetProperty("score").GetDouble(), listed.GetProperty("matched").GetString(), listed.GetProperty("mergeId").ValueKind));

            var merge = await ValoraProcess.RunAsync("import", "customers", await Csv("c.csv", "A-7,Ada Quinn,,020 7946 0958\n"), "--on-duplicate", "merge", "--db", _db);
            Assert.True(merge.Code == 0, merge.Err);
            Assert.Contains("1 new customer(s) merged into the stored customer they duplicate", merge.Out, StringComparison.Ordinal);
            var database = ValoraDatabase.Parse(_db);
            await using (var db = database.CreateContext())
            {
                Assert.Equal(["A-1", "A-9", "B-2", "C-3"], db.Customers.OrderBy(c => c.ExternalId).Select(c => c.ExternalId).ToList());
                var record = db.CustomerMerges.Single();
                Assert.Equal(db.Customers.Single(c => c.ExternalId == "A-1").Id, record.SurvivorId);
                var undo = await ValoraProcess.RunAsync("merge", "undo", record.Id.ToString(CultureInfo.InvariantCulture), "--db", _db);
                Assert.True(undo.Code == 0, undo.Err);
            }
            await using (var db = database.CreateContext())
            {
                Assert.Equal("020 7946 0958", db.Customers.Single(c => c.ExternalId == "A-7").Phone);
                Assert.Equal("+44 20 7946 0958", db.Customers.Single(c => c.ExternalId == "A-1").Phone);
            }
            var orders = await ValoraProcess.RunAsync("import", "orders", await Csv("o.csv", "A-1,x,y,z\n"), "--on-duplicate", "merge", "--db", _db);
            Assert.Contains("--on-duplicate: only customers", orders.Err, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
