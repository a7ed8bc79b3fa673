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
}
