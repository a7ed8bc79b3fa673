using System.Globalization;
using System.Text.Json;

namespace Valora.Cli.Tests.Commands;

/// <summary><c>valora cycle</c> on a small demo database, and its parameter errors.</summary>
public sealed class CycleCommandTests : IDisposable
{
    readonly string _db = Path.Combine(Path.GetTempPath(), $"valora-cli-cycle-{Guid.NewGuid():N}.db");

    public void Dispose()
    {
        foreach (var f in new[] { _db, _db + "-wal", _db + "-shm" })
        {
            File.Delete(f);
        }
    }

    /// <summary>
    /// Every overdue customer listed is checked against the rule by hand: days from the last purchase to the as-of date
    /// exceed mean + 2·sd, the expected day is the last purchase + the mean (rounded) and days overdue = silence − mean;
    /// the list is most overdue first and the statuses add up to the customers scored.
    /// </summary>
    [Fact]
    public async Task Cycle_OnTheDemo_ListsExactlyTheCustomersPastMeanPlusKSdAndStoresTheRun()
    {
        var demo = await ValoraProcess.RunAsync("--db", _db, "demo", "--customers", "200", "--seed", "7");
        Assert.True(demo.Code == 0, demo.Err);

        var (code, stdout, stderr) = await ValoraProcess.RunAsync("--db", _db, "cycle", "--k", "2", "--window-days", "60", "--top", "1000", "--format", "json");

        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var summary = json.RootElement.GetProperty("summary");
        var version = summary.GetProperty("version").GetString()!;
        Assert.StartsWith("cycle-k2-w60", version, StringComparison.Ordinal);
        Assert.Contains($"as {version}", stderr, StringComparison.Ordinal);
        var asOf = DateOnly.Parse(summary.GetProperty("asOf").GetString()!, CultureInfo.InvariantCulture);
        int Count(string name) => summary.GetProperty(name).GetInt32();
        Assert.Equal(Count("customers"), Count("overdue") + Count("onTrack") + Count("noRhythm"));
        var overdue = json.RootElement.GetProperty("overdueCustomers").EnumerateArray().ToList();
        Assert.Equal(Count("overdue"), overdue.Count);
        Assert.NotEmpty(overdue);
        var previous = double.MaxValue;
        foreach (var c in overdue)
        {
            var last = DateOnly.Parse(c.GetProperty("lastPurchase").GetString()!, CultureInfo.InvariantCulture);
            var mean = c.GetProperty("meanInterval").GetDouble();
            var sd = c.GetProperty("sd").GetDouble();
            var silent = asOf.DayNumber - last.DayNumber;
            Assert.True(silent > mean + 2 * sd, c.ToString());
            Assert.True(c.GetProperty("purchaseDays").GetInt32() >= 3, c.ToString());
            Assert.Equal(silent - mean, c.GetProperty("daysOverdue").GetDouble(), 9);
            Assert.Equal(last.AddDays((int)Math.Round(mean, MidpointRounding.AwayFromZero)), DateOnly.Parse(c.GetProperty("nextExpected").GetString()!, CultureInfo.InvariantCulture));
            Assert.True(c.GetProperty("daysOverdue").GetDouble() <= previous);
            previous = c.GetProperty("daysOverdue").GetDouble();
        }
    }

    [Theory]
    [InlineData("--k", "-1", "--k: k must be a number in [0, 10]")]
    [InlineData("--window-days", "0", "--window-days: windowDays must be between 1 and 3650")]
    [InlineData("--top", "0", "--top: must be between 1 and 1000 but was 0.")]
    public async Task Cycle_BadParameter_NamesIt(string option, string value, string message)
    {
        // Checked before the database is opened, so none is needed.
        var (code, _, stderr) = await ValoraProcess.RunAsync("--db", _db, "cycle", option, value);

        Assert.Equal(1, code);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
    }
}
