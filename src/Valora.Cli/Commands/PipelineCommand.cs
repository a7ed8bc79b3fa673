using System.CommandLine;
using System.Globalization;
using Valora.Analytics.Pipeline;
using Valora.Data.Pipeline;

namespace Valora.Cli.Commands;

/// <summary>
/// <c>valora pipeline report [--as-of D] [--period month|quarter] [--stale-days 30] [--window-days 365]</c>: the sales
/// pipeline at the end of a day — open and weighted amount per stage and per expected-close period, win rate and cycle
/// length, owners and stale deals.
/// </summary>
public static class PipelineCommand
{
    /// <summary>Stale deals listed in the table form.</summary>
    public const int StaleListed = 20;

    public static Command Create()
    {
        var asOf = new Option<DateOnly?>("--as-of") { Description = "Report the pipeline as it stood at the end of this day (yyyy-MM-dd); default: the latest day with pipeline activity" };
        var period = new Option<string>("--period") { Description = "Forecast by month or quarter", DefaultValueFactory = _ => "month" };
        var stale = new Option<int>("--stale-days") { Description = "An open deal with no activity in more than this many days is stale", DefaultValueFactory = _ => 30 };
        var window = new Option<int>("--window-days") { Description = "Win rate and cycle length over deals closed in this many days up to the as-of day", DefaultValueFactory = _ => 365 };
        var report = new Command("report", "The pipeline: weighted forecast by month or quarter, win rate, cycle length, owners and stale deals")
        {
            asOf, period, stale, window,
        };
        report.SetAction(async (result, ct) =>
        {
            var p = result.GetValue(period) switch
            {
                "month" => ForecastPeriod.Month,
                "quarter" => ForecastPeriod.Quarter,
                var other => throw new ArgumentException($"--period: must be month or quarter but was '{other}'."),
            };
            var options = new PipelineReportOptions(DateOnly.MinValue, p, result.GetValue(stale), result.GetValue(window));
            if (options.Problem() is { } problem)
            {
                throw new ArgumentException(problem.StartsWith("staleDays", StringComparison.Ordinal) ? "--stale-days: " + problem : "--window-days: " + problem);
            }
            var database = CliOptions.ExistingDatabaseFrom(result);
            await using var db = database.CreateContext();
            var day = result.GetValue(asOf) ?? await PipelineReport.DefaultAsOfAsync(db, DateOnly.FromDateTime(DateTime.UtcNow), ct);
            var summary = await PipelineReport.RunAsync(db, new PipelineStages(), options with { AsOf = day }, ct);
            Print(summary, result.GetValue(CliOptions.Format));
            return 0;
        });
        return new Command("pipeline", "The sales pipeline") { report };
    }

    /// <summary>The summary, stages, forecast, owners and the longest-idle deals (JSON: the whole summary).</summary>
    public static void Print(PipelineSummary s, OutputFormat format)
    {
        ArgumentNullException.ThrowIfNull(s);
        if (format == OutputFormat.Json)
        {
            ResultWriter.WriteObject(s, format);
            return;
        }
        ResultWriter.WriteObject(new
        {
            s.AsOf,
            s.OpenDeals,
            s.OpenAmount,
            s.Weighted,
            s.WinRate.Won,
            s.WinRate.Lost,
            WinRateByCount = s.WinRate.ByCount,
            WinRateByAmount = s.WinRate.ByAmount,
            s.MeanCycleDays,
            s.MedianCycleDays,
            StaleDeals = s.Stale.Count,
            s.ClosedUndated,
        }, format, string.Create(CultureInfo.InvariantCulture, $"Pipeline at the end of {s.AsOf:yyyy-MM-dd}"));
        ResultWriter.WriteRows(s.Stages, format, "Open deals per stage (weighted = amount × probability)");
        ResultWriter.WriteRows(s.Forecast, format, "Weighted forecast by expected close");
        ResultWriter.WriteRows(s.Owners, format, "Owners");
        ResultWriter.WriteRows(s.Stale.Take(StaleListed), format, string.Create(CultureInfo.InvariantCulture,
            $"Stale deals ({Math.Min(StaleListed, s.Stale.Count)} of {s.Stale.Count}), longest idle first"));
    }
}
