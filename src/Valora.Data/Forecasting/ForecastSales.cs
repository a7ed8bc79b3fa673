using System.Globalization;
using Valora.Analytics.Forecasting;
using Valora.Data.Analysis;
using Valora.Data.Scores;

namespace Valora.Data.Forecasting;

/// <summary>What to forecast.</summary>
/// <param name="Metric">Revenue, orders or active customers.</param>
/// <param name="By">Day, week or month.</param>
/// <param name="Horizon">Periods to forecast (1..1000, default 12).</param>
/// <param name="Holdout">Periods held out to choose the model; null: the horizon, shortened to leave two seasons.</param>
/// <param name="Season">Season length in periods; null: the natural one (7, 52, 12), or a shorter one when the history is too short for it.</param>
/// <param name="Level">Interval probability (default 0.95).</param>
/// <param name="AsOf">Last day of history; null: the last purchase's day.</param>
public sealed record ForecastRequest(
    SeriesMetric Metric = SeriesMetric.Revenue,
    SeriesGranularity By = SeriesGranularity.Week,
    int Horizon = 12,
    int? Holdout = null,
    int? Season = null,
    double Level = 0.95,
    DateOnly? AsOf = null);

/// <summary>A forecast run: the history, the holdout comparison and the forecast with the first day of each period.</summary>
/// <param name="Version">The run's stored version (<c>hw1-{metric}-{by}</c>).</param>
/// <param name="AsOf">The run's as-of date: the last day of the last complete period.</param>
/// <param name="History">The series the models were fitted on.</param>
/// <param name="Result">The holdout comparison, the chosen model and its forecast.</param>
/// <param name="ForecastStarts">First day of each forecast period.</param>
/// <param name="Note">Why the season is shorter than the natural one, or null.</param>
/// <param name="Currency">The currency of revenue (null for counts).</param>
public sealed record ForecastReport(
    SeriesMetric Metric,
    SeriesGranularity By,
    string Version,
    DateOnly AsOf,
    IReadOnlyList<SeriesPoint> History,
    ForecastResult Result,
    IReadOnlyList<DateOnly> ForecastStarts,
    string? Note,
    string? Currency);

/// <summary>
/// Use case: builds the series (<see cref="SalesSeries"/>), compares Holt-Winters additive and multiplicative with the
/// seasonal-naive baseline on a holdout (<see cref="ForecastSelection"/>), and stores the run (model "forecast", version
/// per metric and granularity, as-of the last day of the history) with the series, the holdout errors and the forecast
/// in its summary.
/// </summary>
public sealed class ForecastSales(ValoraDatabase database, CustomerDataset? dataset = null)
{
    /// <summary>The algorithm's version, part of the stored version.</summary>
    public const string AlgorithmVersion = "hw1";

    CustomerDataset? _dataset = dataset;

    /// <summary>The stored version of a metric by a granularity, e.g. <c>hw1-revenue-week</c>.</summary>
    public static string VersionOf(SeriesMetric metric, SeriesGranularity by) =>
        $"{AlgorithmVersion}-{SalesSeries.Name(metric)}-{SalesSeries.Name(by)}";

    /// <summary>The series a stored version names (the inverse of <see cref="VersionOf"/>), or null when it names none.</summary>
    public static (SeriesMetric Metric, SeriesGranularity By)? SeriesOf(string version)
    {
        ArgumentNullException.ThrowIfNull(version);
        var parts = version.Split('-');
        return parts.Length == 3 && SalesSeries.TryParseMetric(parts[1], out var m) && SalesSeries.TryParseGranularity(parts[2], out var b) ? (m, b) : null;
    }

    /// <summary>Runs the forecast; <see cref="ArgumentException"/> names a bad parameter, <see cref="NotAnalysableException"/> too little history.</summary>
    public async Task<ForecastReport> ExecuteAsync(ForecastRequest request, bool save = true, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Check(request) is { } bad)
        {
            throw new ArgumentException(bad.Rule, bad.Field);
        }
        var probe = Options(request);
        _dataset ??= await CustomerDataset.LoadAsync(database, ct: ct);
        var purchases = _dataset.Purchases;
        if (purchases.Count == 0)
        {
            throw new NotAnalysableException(NotAnalysableReason.NoOrders, "There are no completed orders to forecast from.") { Model = Metrics.Forecast.Model };
        }
        var lastDay = request.AsOf ?? DateOnly.FromDateTime(purchases.Max(p => p.OccurredAtUtc));
        var history = SalesSeries.Build(purchases, request.Metric, request.By, lastDay);
        var n = history.Count;
        var (season, note) = ChooseSeason(request, n);
        var options = probe with { Period = season };
        if (n < 2 * season + options.HoldoutFor(n) || n - options.HoldoutFor(n) < 2 * season)
        {
            throw new NotAnalysableException(NotAnalysableReason.NotEnoughData, string.Create(CultureInfo.InvariantCulture,
                $"{SalesSeries.Describe(request.Metric, request.By)} has {n} complete periods up to {lastDay:yyyy-MM-dd}; a season of {season} needs at least {2 * season + (request.Holdout ?? 1)} (two seasons to fit on plus the holdout)."))
            { Model = Metrics.Forecast.Model };
        }
        var result = ForecastSelection.Run(history.Select(p => p.Value).ToArray(), options);
        var starts = new List<DateOnly>();
        var next = SalesSeries.Next(history[^1].Start, request.By);
        for (var h = 0; h < request.Horizon; h++, next = SalesSeries.Next(next, request.By))
        {
            starts.Add(next);
        }
        var asOf = SalesSeries.Next(history[^1].Start, request.By).AddDays(-1);
        var report = new ForecastReport(request.Metric, request.By, VersionOf(request.Metric, request.By), asOf, history, result, starts, note,
            request.Metric == SeriesMetric.Revenue ? _dataset.Currency : null);
        if (save)
        {
            await RunWriter.WriteSummaryAsync(database, new ScoringRun(Metrics.Forecast.Model, report.Version, asOf, Metrics.Forecast.All, 0,
                new { Metric = SalesSeries.Name(request.Metric), By = SalesSeries.Name(request.By), request.Horizon, Holdout = result.HoldoutLength, Season = season, request.Level },
                Summary(report)), ct: ct);
        }
        return report;
    }

    /// <summary>The first bad parameter of a request as (field, rule) — horizon, holdout, season or level — or null.</summary>
    public static (string Field, string Rule)? Check(ForecastRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Options(request).Check() is { } bad
            ? bad.Field == "period" ? ("season", bad.Rule.Replace("period", "season", StringComparison.Ordinal)) : bad
            : null;
    }

    static ForecastOptions Options(ForecastRequest request) =>
        new() { Period = request.Season ?? 7, Horizon = request.Horizon, Holdout = request.Holdout, Level = request.Level };

    static (int Season, string? Note) ChooseSeason(ForecastRequest request, int n)
    {
        if (request.Season is { } fixedSeason)
        {
            return (fixedSeason, null);
        }
        var candidates = SalesSeries.SeasonCandidates(request.By);
        foreach (var c in candidates)
        {
            if (n >= 2 * c + (request.Holdout ?? request.Horizon))
            {
                return (c, c == candidates[0] ? null : string.Create(CultureInfo.InvariantCulture,
                    $"{n} {SalesSeries.Name(request.By)}s are too few for two seasons of {candidates[0]} plus the holdout; the season is {c} {SalesSeries.Name(request.By)}s."));
            }
        }
        return (candidates[^1], null);
    }

    /// <summary>What the stored run keeps: method, parameters, holdout errors per method, history and forecast by date.</summary>
    public static ForecastSummary Summary(ForecastReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var r = report.Result;
        return new ForecastSummary(
            SalesSeries.Name(report.Metric), SalesSeries.Name(report.By), Name(r.Chosen),
            r.Fit.Parameters.Alpha, r.Fit.Parameters.Beta, r.Fit.Parameters.Gamma,
            r.Period, r.HoldoutLength, r.BeatsBaseline, report.Note, report.Currency,
            [.. r.Holdout.Select(c => new ForecastHoldoutErrors(Name(c.Method), c.Errors.Mape, c.Errors.Smape, c.Errors.Mase, c.Errors.Mae))],
            [.. r.Skipped.Select(s => new ForecastSkipped(Name(s.Method), s.Reason))],
            report.History,
            [.. r.Forecast.Select((p, i) => new ForecastPeriod(report.ForecastStarts[i], p.Mean, p.Lower, p.Upper, r.Baseline[i].Mean))]);
    }

    /// <summary>The stable method names: seasonal-naive, hw-additive, hw-multiplicative.</summary>
    public static string Name(ForecastMethod method) => method switch
    {
        ForecastMethod.SeasonalNaive => "seasonal-naive",
        ForecastMethod.HoltWintersAdditive => "hw-additive",
        _ => "hw-multiplicative",
    };
}

/// <summary>A stored forecast run's result (its summary JSON), as the API and the dashboard read it.</summary>
/// <param name="Metric">revenue, orders or active.</param>
/// <param name="By">day, week or month.</param>
/// <param name="Chosen">The Holt-Winters variant chosen on the holdout (hw-additive or hw-multiplicative).</param>
/// <param name="Period">Season length in periods.</param>
/// <param name="HoldoutLength">Periods held out to choose the model.</param>
/// <param name="BeatsBaseline">Whether the chosen variant's holdout MASE is below seasonal naive's.</param>
/// <param name="Note">Why the season is shorter than the natural one, or null.</param>
/// <param name="Currency">The currency of revenue (null for counts).</param>
/// <param name="Holdout">Each method's holdout errors.</param>
/// <param name="Skipped">Methods that could not be fitted and why.</param>
/// <param name="History">The series fitted on (first day of each period, value).</param>
/// <param name="Forecast">The forecast per period with its interval and the seasonal-naive value beside it.</param>
public sealed record ForecastSummary(
    string Metric, string By, string Chosen, double Alpha, double Beta, double Gamma, int Period, int HoldoutLength, bool BeatsBaseline,
    string? Note, string? Currency, IReadOnlyList<ForecastHoldoutErrors> Holdout, IReadOnlyList<ForecastSkipped> Skipped,
    IReadOnlyList<SeriesPoint> History, IReadOnlyList<ForecastPeriod> Forecast);

/// <summary>One method's errors on the holdout (MAPE and MASE null when undefined).</summary>
public sealed record ForecastHoldoutErrors(string Method, double? Mape, double Smape, double? Mase, double Mae);

/// <summary>A method left out and why.</summary>
public sealed record ForecastSkipped(string Method, string Reason);

/// <summary>One forecast period: its first day, the mean with its interval, and seasonal naive.</summary>
public sealed record ForecastPeriod(DateOnly Start, double Mean, double Lower, double Upper, double Baseline);
