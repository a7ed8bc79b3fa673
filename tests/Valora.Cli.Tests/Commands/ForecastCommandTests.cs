namespace Valora.Cli.Tests.Commands;

/// <summary><c>valora forecast</c> on the demo database, and its parameter errors.</summary>
public sealed class ForecastCommandTests : IDisposable
{
    readonly string _db = Path.Combine(Path.GetTempPath(), $"valora-cli-forecast-{Guid.NewGuid():N}.db");

    public void Dispose()
    {
        foreach (var f in new[] { _db, _db + "-wal", _db + "-shm" })
        {
            File.Delete(f);
        }
    }

    [Fact]
    public async Task Forecast_OnTheDemo_PrintsHoldoutErrorsAndTwelveWeeksAndStoresTheRun()
    {
        var demo = await ValoraProcess.RunAsync("--db", _db, "demo", "--customers", "400", "--seed", "7");
        Assert.True(demo.Code == 0, demo.Err);

        var (code, stdout, stderr) = await ValoraProcess.RunAsync("--db", _db, "forecast", "--metric", "revenue", "--by", "week", "--horizon", "12", "--format", "csv");

        Assert.True(code == 0, stderr);
        // Two years of demo history are 104 weeks: too few for two seasons of 52 plus 12 held out, so the season is 13.
        Assert.Contains("the season is 13", stderr, StringComparison.Ordinal);
        Assert.Contains("stored the forecast as hw1-revenue-week", stderr, StringComparison.Ordinal);
        Assert.Contains("seasonal-naive", stdout, StringComparison.Ordinal);
        Assert.Contains("hw-additive", stdout, StringComparison.Ordinal);
        // 12 forecast rows, one per week, each with forecast, lower, upper and the seasonal-naive value.
        Assert.Equal(12, stdout.Split('\n').Count(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\d{4}-\d{2}-\d{2},")));
    }

    [Theory]
    [InlineData("--metric", "profit", "--metric: 'profit' is not one of revenue, orders, active.")]
    [InlineData("--by", "year", "--by: 'year' is not one of day, week, month.")]
    public async Task Forecast_BadParameter_NamesIt(string option, string value, string message)
    {
        // Checked before the database is opened, so none is needed.
        var (code, _, stderr) = await ValoraProcess.RunAsync("--db", _db, "forecast", option, value);

        Assert.Equal(1, code);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
    }
}
