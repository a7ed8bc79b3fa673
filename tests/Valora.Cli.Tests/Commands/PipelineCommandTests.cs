using System.Globalization;
using System.Text.Json;
using Valora.Data.Demo;
using Valora.Domain.Pipeline;

namespace Valora.Cli.Tests.Commands;

/// <summary><c>valora pipeline report</c> on a generated demo, checked against the generated deals, and its parameter errors.</summary>
public sealed class PipelineCommandTests : IDisposable
{
    readonly string _db = Path.Combine(Path.GetTempPath(), $"valora-cli-pipeline-{Guid.NewGuid():N}.db");

    public void Dispose()
    {
        foreach (var f in new[] { _db, _db + "-wal", _db + "-shm" })
        {
            File.Delete(f);
        }
    }

    /// <summary>
    /// The demo's deals carry no history, so at the data's last day the report must show exactly the generated open deals:
    /// their count, amount and Σ amount × probability, and the won and lost ones closed in the 365-day window.
    /// </summary>
    [Fact]
    public async Task Report_OnTheDemo_MatchesTheGeneratedDeals()
    {
        var load = await ValoraProcess.RunAsync("--db", _db, "demo", "generate", "--customers", "300", "--seed", "7");
        Assert.True(load.Code == 0, load.Err);

        var (code, stdout, stderr) = await ValoraProcess.RunAsync("--db", _db, "pipeline", "report", "--format", "json");

        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var r = json.RootElement;
        var options = new DemoOptions { Customers = 300, Seed = 7 };
        options = options with { Start = options.End.AddYears(-2).AddDays(1) };
        var deals = new DemoGenerator(options).Opportunities().ToList();
        var asOf = DateOnly.Parse(r.GetProperty("asOf").GetString()!, CultureInfo.InvariantCulture);
        Assert.Equal(deals.Max(d => DateOnly.FromDateTime(d.ClosedAt ?? d.CreatedAt)), asOf);
        var open = deals.Where(d => d.Stage is not OpportunityStage.Won and not OpportunityStage.Lost).ToList();
        Assert.NotEmpty(open);
        Assert.Equal(open.Count, r.GetProperty("openDeals").GetInt32());
        Assert.Equal((double)open.Sum(d => d.Amount), r.GetProperty("openAmount").GetDouble(), 6);
        Assert.Equal(open.Sum(d => (double)d.Amount * d.Probability), r.GetProperty("weighted").GetDouble(), 6);
        var windowStart = asOf.AddDays(-365);
        bool InWindow(DemoOpportunity d) => DateOnly.FromDateTime(d.ClosedAt!.Value) > windowStart;
        Assert.Equal(deals.Count(d => d.Stage == OpportunityStage.Won && InWindow(d)), r.GetProperty("winRate").GetProperty("won").GetInt32());
        Assert.Equal(deals.Count(d => d.Stage == OpportunityStage.Lost && InWindow(d)), r.GetProperty("winRate").GetProperty("lost").GetInt32());
        Assert.Equal(r.GetProperty("weighted").GetDouble(), r.GetProperty("forecast").EnumerateArray().Sum(f => f.GetProperty("weighted").GetDouble()), 6);
        Assert.All(r.GetProperty("stale").EnumerateArray(), s => Assert.True(s.GetProperty("idleDays").GetInt32() > 30));

        var table = await ValoraProcess.RunAsync("--db", _db, "pipeline", "report");
        Assert.True(table.Code == 0, table.Err);
        Assert.Contains("Weighted forecast by expected close", table.Out, StringComparison.Ordinal);

        // On 31 March 2026 (deals created later left out) the forecast runs by quarter from Q1 or Q2 on.
        var quarterly = await ValoraProcess.RunAsync("--db", _db, "pipeline", "report", "--period", "quarter", "--as-of", "2026-03-31", "--format", "json");
        Assert.True(quarterly.Code == 0, quarterly.Err);
        using var q = JsonDocument.Parse(quarterly.Out);
        Assert.Equal("2026-03-31", q.RootElement.GetProperty("asOf").GetString());
        var periods = q.RootElement.GetProperty("forecast").EnumerateArray().Select(f => f.GetProperty("period").GetString()!).ToList();
        Assert.Contains("2026-Q2", periods);
        Assert.All(periods, p => Assert.Matches(@"^(overdue|unscheduled|20\d\d-Q[1-4])$", p));
        Assert.True(q.RootElement.GetProperty("openDeals").GetInt32() >= deals.Count(d => d.CreatedAt < new DateTime(2026, 4, 1, 0, 0, 0, DateTimeKind.Utc) && d.ClosedAt is null));
    }

    [Theory]
    [InlineData("--period", "week", "--period: must be month or quarter but was 'week'.")]
    [InlineData("--stale-days", "0", "--stale-days: staleDays must be between 1 and 3660 (was 0).")]
    [InlineData("--window-days", "99999", "--window-days: windowDays must be between 1 and 3660 (was 99999).")]
    public async Task Report_BadParameter_NamesIt(string option, string value, string message)
    {
        var (code, _, stderr) = await ValoraProcess.RunAsync("--db", _db, "pipeline", "report", option, value);

        Assert.Equal(1, code);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
    }
}
