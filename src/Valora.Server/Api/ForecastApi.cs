using Microsoft.AspNetCore.Http.HttpResults;
using Valora.Data;
using Valora.Data.Forecasting;
using Valora.Server.Jobs;
using Valora.Server.Security;

namespace Valora.Server.Api;

/// <summary>Revenue, order and active-customer forecasts: run one as a job, read the latest stored one of a series.</summary>
public static class ForecastApi
{
    /// <summary>Job kind.</summary>
    public const string RunJob = "forecast-run";

    public static RouteGroupBuilder MapForecastApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/forecast").WithTags("Forecast");
        var analyses = group.MapGroup("").RequireAuthorization(Policies.RunAnalyses);
        analyses.MapPost("/run", Run)
            .WithName("RunForecast")
            .WithSummary("Start forecasting revenue, orders or active customers by day, week or month: Holt-Winters additive and multiplicative compared with seasonal naive on a holdout, the best with its prediction interval stored as a run; returns the job")
            .ProducesValidationProblem();
        group.MapGet("/", GetLatest)
            .WithName("GetForecast")
            .WithSummary("The latest stored forecast of a series (metric and by; default: the latest of any): the history, the holdout errors of each method, the chosen one's parameters and the forecast with its interval beside seasonal naive")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    static Results<Accepted<JobStatus>, ValidationProblem> Run(ForecastRunBody? body, ValoraDatabase database, JobQueue jobs)
    {
        body ??= new ForecastRunBody();
        var (parsedMetric, parsedBy, problem) = ParseSeries(body.Metric ?? "revenue", body.By ?? "week");
        if (problem is not null)
        {
            return problem;
        }
        var (metric, by) = (parsedMetric!.Value, parsedBy!.Value);
        var d = new ForecastRequest();
        var request = new ForecastRequest(metric, by, body.Horizon ?? d.Horizon, body.Holdout, body.Season, body.Level ?? d.Level, body.AsOf);
        if (ForecastSales.Check(request) is { } bad)
        {
            return Problems.BadInput(bad.Field, bad.Rule);
        }
        return JobsApi.Accepted(jobs.Enqueue(RunJob, async (progress, ct) =>
        {
            progress.Report($"forecasting {SalesSeries.Describe(metric, by)}");
            var report = await new ForecastSales(database).ExecuteAsync(request, save: true, ct);
            var r = report.Result;
            return new ForecastRunResult(report.Version, report.AsOf, ForecastSales.Name(r.Chosen), r.BeatsBaseline, report.History.Count, r.Forecast.Count, report.Note);
        }));
    }

    static async Task<Results<Ok<ForecastRunView>, ValidationProblem, ProblemHttpResult>> GetLatest(ValoraDbContext db, CancellationToken ct,
        string? metric = null, string? by = null)
    {
        if ((metric is null) != (by is null))
        {
            return Problems.BadInput(metric is null ? nameof(metric) : nameof(by), "metric and by go together: give both, or neither (the latest forecast of any series).");
        }
        SeriesMetric? m = null;
        SeriesGranularity? b = null;
        if (metric is not null)
        {
            var parsed = ParseSeries(metric, by!);
            if (parsed.Problem is { } problem)
            {
                return problem;
            }
            (m, b) = (parsed.Metric, parsed.By);
        }
        var view = await ForecastView.LoadAsync(db, m, b, ct);
        if (view is not null)
        {
            return TypedResults.Ok(view);
        }
        var which = m is { } mm && b is { } bb ? $" of {SalesSeries.Describe(mm, bb)}" : "";
        var stored = await ForecastView.VersionsAsync(db, ct);
        return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No forecast yet",
            detail: $"No forecast{which} is stored: POST /api/forecast/run (or valora forecast --metric {metric ?? "revenue"} --by {by ?? "week"}), then follow the job."
                + (stored.Count == 0 ? "" : $" Stored: {string.Join(", ", stored)}."));
    }

    static (SeriesMetric? Metric, SeriesGranularity? By, ValidationProblem? Problem) ParseSeries(string metric, string by)
    {
        if (!SalesSeries.TryParseMetric(metric, out var m))
        {
            return (null, null, Problems.BadInput(nameof(metric), $"'{metric}' is not a metric: use revenue, orders or active."));
        }
        if (!SalesSeries.TryParseGranularity(by, out var b))
        {
            return (null, null, Problems.BadInput(nameof(by), $"'{by}' is not a granularity: use day, week or month."));
        }
        return (m, b, null);
    }
}

/// <summary>Forecast request; every field optional (revenue by week, 12 periods, 95 % interval, season and holdout chosen).</summary>
public sealed record ForecastRunBody(string? Metric = null, string? By = null, int? Horizon = null, int? Holdout = null, int? Season = null,
    double? Level = null, DateOnly? AsOf = null);

/// <summary>What a forecast job produced.</summary>
/// <param name="Chosen">hw-additive or hw-multiplicative.</param>
/// <param name="BeatsBaseline">Whether it beat seasonal naive on the holdout (MASE).</param>
/// <param name="Periods">Complete periods of history fitted on.</param>
/// <param name="Horizon">Periods forecast.</param>
/// <param name="Note">Why the season is shorter than the natural one, or null.</param>
public sealed record ForecastRunResult(string Version, DateOnly AsOf, string Chosen, bool BeatsBaseline, int Periods, int Horizon, string? Note);
