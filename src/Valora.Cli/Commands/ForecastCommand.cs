using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Valora.Data.Forecasting;

namespace Valora.Cli.Commands;

/// <summary>
/// <c>valora forecast --metric revenue|orders|active --by day|week|month --horizon 12 [--holdout N]</c>: Holt-Winters
/// (additive or multiplicative, chosen on the holdout) with its prediction interval, the holdout errors beside seasonal
/// naive, and the run stored.
/// </summary>
public static class ForecastCommand
{
    public static Command Create()
    {
        var metric = new Option<string>("--metric") { Description = "revenue, orders or active (customers with an order in the period)", DefaultValueFactory = _ => "revenue" };
        var by = new Option<string>("--by") { Description = "day, week or month", DefaultValueFactory = _ => "week" };
        var horizon = new Option<int>("--horizon") { Description = "Periods to forecast", DefaultValueFactory = _ => 12 };
        var holdout = new Option<int?>("--holdout") { Description = "Periods held out to choose the model (default: the horizon, shortened to leave two seasons)" };
        var season = new Option<int?>("--season") { Description = "Season length in periods (default 7 days, 52 weeks, 12 months; shorter when the history is too short)" };
        var level = new Option<double>("--level") { Description = "Prediction interval probability", DefaultValueFactory = _ => 0.95 };
        var asOf = new Option<DateOnly?>("--as-of") { Description = "Last day of history (yyyy-MM-dd); default: the day of the latest purchase" };
        var noSave = new Option<bool>("--no-save") { Description = "Do not store the run" };
        var command = new Command("forecast", "Revenue, order or active-customer forecast: Holt-Winters chosen on a holdout, with intervals and errors beside seasonal naive")
        {
            metric, by, horizon, holdout, season, level, asOf, noSave,
        };
        command.SetAction(async (result, ct) =>
        {
            if (!SalesSeries.TryParseMetric(result.GetValue(metric), out var m))
            {
                throw new ArgumentException($"--metric: '{result.GetValue(metric)}' is not one of revenue, orders, active.");
            }
            if (!SalesSeries.TryParseGranularity(result.GetValue(by), out var b))
            {
                throw new ArgumentException($"--by: '{result.GetValue(by)}' is not one of day, week, month.");
            }
            var request = new ForecastRequest(m, b, result.GetValue(horizon), result.GetValue(holdout), result.GetValue(season), result.GetValue(level), result.GetValue(asOf));
            ForecastReport report;
            try
            {
                report = await new ForecastSales(CliOptions.ExistingDatabaseFrom(result)).ExecuteAsync(request, !result.GetValue(noSave), ct);
            }
            catch (ArgumentException e) when (e.ParamName is { } field)
            {
                throw new ArgumentException($"--{field}: {e.Message.Split(" (Parameter", 2)[0]}");
            }
            if (!result.GetValue(noSave))
            {
                CliRunner.Messages.WriteLine($"stored the forecast as {report.Version} as of {report.AsOf:yyyy-MM-dd}");
            }
            if (report.Note is not null)
            {
                CliRunner.Messages.WriteLine(report.Note);
            }
            Print(report, result.GetValue(CliOptions.Format));
            return 0;
        });
        return command;
    }

    /// <summary>The holdout comparison, then the forecast with its interval beside seasonal naive.</summary>
    public static void Print(ForecastReport report, OutputFormat format)
    {
        ArgumentNullException.ThrowIfNull(report);
        var r = report.Result;
        var what = SalesSeries.Name(report.Metric) + (report.Currency is null ? "" : $" ({report.Currency})");
        ResultWriter.WriteRows(r.Holdout.Select(c => new
            {
                Method = ForecastSales.Name(c.Method),
                Chosen = c.Method == r.Chosen,
                Mape = c.Errors.Mape is { } mape ? Math.Round(mape, 2) : (double?)null,
                Smape = Math.Round(c.Errors.Smape, 2),
                Mase = c.Errors.Mase is { } mase ? Math.Round(mase, 3) : (double?)null,
                Mae = Math.Round(c.Errors.Mae, 2),
                Alpha = c.Parameters?.Alpha is { } a ? Math.Round(a, 3) : (double?)null,
                Beta = c.Parameters?.Beta is { } be ? Math.Round(be, 3) : (double?)null,
                Gamma = c.Parameters?.Gamma is { } g ? Math.Round(g, 3) : (double?)null,
            }),
            format, string.Create(CultureInfo.InvariantCulture,
                $"Holdout: last {r.HoldoutLength} {SalesSeries.Name(report.By)}s of {report.History.Count}, season {r.Period}; {ForecastSales.Name(r.Chosen)} chosen, {(r.BeatsBaseline ? "beats" : "does NOT beat")} seasonal naive{string.Concat(r.Skipped.Select(s => $"; {ForecastSales.Name(s.Method)} skipped: {s.Reason}"))}"));
        ResultWriter.WriteRows(r.Forecast.Select((p, i) => new
            {
                Period = report.ForecastStarts[i].ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                Forecast = Math.Round(p.Mean, 2),
                Lower = Math.Round(p.Lower, 2),
                Upper = Math.Round(p.Upper, 2),
                SeasonalNaive = Math.Round(r.Baseline[i].Mean, 2),
            }),
            format, string.Create(CultureInfo.InvariantCulture,
                $"Forecast of {what} by {SalesSeries.Name(report.By)} after {report.AsOf:yyyy-MM-dd} ({r.Level:P0} interval)"));
    }
}
