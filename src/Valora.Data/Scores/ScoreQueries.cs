using Microsoft.EntityFrameworkCore;
using Valora.Domain.Scores;

namespace Valora.Data.Scores;

/// <summary>One customer's score of one metric, with the run it came from.</summary>
/// <param name="Value">Numeric score; null for labels (and for values that were not finite).</param>
/// <param name="Label">Text score such as an RFM segment.</param>
/// <param name="Model">The model that wrote it (from the catalogue; null for a metric it does not list).</param>
/// <param name="Description">What the metric means (from the catalogue).</param>
public sealed record CustomerScoreView(
    string Metric, double? Value, string? Label, DateOnly AsOf, string ModelVersion, string? Model, string? Description);

/// <summary>How many customers of a run carry each label of a metric (e.g. customers per RFM segment).</summary>
public sealed record LabelCount(string Label, int Customers);

/// <summary>
/// The read side of runs and scores, used by the API, the dashboard, the CLI and the scorers alike: the latest run
/// of a model, the scores of a run, and the latest score of every metric of one customer.
/// </summary>
public sealed class ScoreQueries(ValoraDbContext db)
{
    /// <summary>The most recently made run of a model (ids grow with every run), or null when it never ran.</summary>
    public Task<AnalysisRun?> LatestRunAsync(string model, CancellationToken ct = default) =>
        db.AnalysisRuns.AsNoTracking().Where(r => r.Model == model).OrderByDescending(r => r.Id).FirstOrDefaultAsync(ct);

    /// <summary>Every run of a model, newest first.</summary>
    public Task<List<AnalysisRun>> RunsAsync(string model, CancellationToken ct = default) =>
        db.AnalysisRuns.AsNoTracking().Where(r => r.Model == model).OrderByDescending(r => r.Id).ToListAsync(ct);

    /// <summary>The finite numeric scores of one metric in a run, by customer (all customers, or only those given).</summary>
    public async Task<Dictionary<long, double>> NumbersAsync(
        AnalysisRun run, ScoreMetric metric, IReadOnlyCollection<long>? customers = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(metric);
        return await Of(run, metric, customers).Where(s => s.Value != null)
            .ToDictionaryAsync(s => s.CustomerId, s => s.Value!.Value, ct);
    }

    /// <summary>The labels of one metric in a run, by customer (all customers, or only those given).</summary>
    public async Task<Dictionary<long, string>> LabelsAsync(
        AnalysisRun run, ScoreMetric metric, IReadOnlyCollection<long>? customers = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(metric);
        return await Of(run, metric, customers).Where(s => s.Label != null)
            .ToDictionaryAsync(s => s.CustomerId, s => s.Label!, ct);
    }

    /// <summary>Customers per label of one metric in a run, largest first (ties by label).</summary>
    public async Task<List<LabelCount>> LabelCountsAsync(AnalysisRun run, ScoreMetric metric, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(metric);
        var counts = await Of(run, metric, null).GroupBy(s => s.Label)
            .Select(g => new { Label = g.Key, Customers = g.Count() })
            .ToListAsync(ct);
        return [.. counts
            .Select(c => new LabelCount(c.Label ?? "(none)", c.Customers))
            .OrderByDescending(c => c.Customers).ThenBy(c => c.Label, StringComparer.Ordinal)];
    }

    /// <summary>
    /// The latest score of every metric of one customer: the latest as-of date, then the most recently written row.
    /// </summary>
    public async Task<List<CustomerScoreView>> OfCustomerAsync(long customerId, CancellationToken ct = default)
    {
        var rows = await db.CustomerScores.AsNoTracking().Where(s => s.CustomerId == customerId).ToListAsync(ct);
        return [.. rows
            .GroupBy(s => s.Metric, StringComparer.Ordinal)
            .Select(g => g.OrderByDescending(s => s.AsOf).ThenByDescending(s => s.Id).First())
            .OrderBy(s => s.Metric, StringComparer.Ordinal)
            .Select(s =>
            {
                var metric = Metrics.Find(s.Metric);
                return new CustomerScoreView(s.Metric, s.Value, s.Label, s.AsOf, s.ModelVersion, metric?.Model, metric?.Description);
            })];
    }

    IQueryable<CustomerScore> Of(AnalysisRun run, ScoreMetric metric, IReadOnlyCollection<long>? customers)
    {
        var query = db.CustomerScores.AsNoTracking()
            .Where(s => s.Metric == metric.Name && s.AsOf == run.AsOf && s.ModelVersion == run.Version);
        return customers is null ? query : query.Where(s => customers.Contains(s.CustomerId));
    }
}
