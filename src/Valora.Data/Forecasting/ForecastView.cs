using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Valora.Data.Scores;

namespace Valora.Data.Forecasting;

/// <summary>A stored forecast run: which series, when it was made, and its result.</summary>
/// <param name="Version">hw1-{metric}-{by}.</param>
/// <param name="AsOf">The last day of the history.</param>
/// <param name="RanAt">When the run was made (UTC).</param>
/// <param name="Level">The interval probability the run used.</param>
/// <param name="Result">The stored summary.</param>
public sealed record ForecastRunView(string Version, DateOnly AsOf, DateTime RanAt, double Level, ForecastSummary Result);

/// <summary>
/// The stored forecast runs (<see cref="ForecastSales"/>) for the API and the dashboard: the latest run of one series
/// (metric by granularity) or of any, and which series have a stored forecast.
/// </summary>
public static class ForecastView
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The latest stored forecast of a metric by a granularity, or of any series when both are null; null when none.</summary>
    public static async Task<ForecastRunView?> LoadAsync(ValoraDbContext db, SeriesMetric? metric = null, SeriesGranularity? by = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var runs = db.AnalysisRuns.AsNoTracking().Where(r => r.Model == Metrics.Forecast.Model);
        if (metric is { } m && by is { } b)
        {
            var version = ForecastSales.VersionOf(m, b);
            runs = runs.Where(r => r.Version == version);
        }
        var run = await runs.OrderByDescending(r => r.Id).FirstOrDefaultAsync(ct);
        if (run is null)
        {
            return null;
        }
        var summary = JsonSerializer.Deserialize<ForecastSummary>(run.SummaryJson, Json)
            ?? throw new InvalidDataException($"Forecast run {run.Id} has no summary.");
        using var parameters = JsonDocument.Parse(run.ParametersJson);
        var level = parameters.RootElement.TryGetProperty("level", out var l) ? l.GetDouble() : 0.95;
        return new ForecastRunView(run.Version, run.AsOf, run.RanAt, level, summary);
    }

    /// <summary>The versions (series) with a stored forecast, e.g. hw1-revenue-week, in order.</summary>
    public static Task<List<string>> VersionsAsync(ValoraDbContext db, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.AnalysisRuns.AsNoTracking().Where(r => r.Model == Metrics.Forecast.Model)
            .Select(r => r.Version).Distinct().OrderBy(v => v).ToListAsync(ct);
    }
}
