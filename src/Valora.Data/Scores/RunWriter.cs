using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Valora.Data.Bulk;
using Valora.Domain.Scores;

namespace Valora.Data.Scores;

/// <summary>What a scoring run is: the model, the version written on its scores, the as-of date and its metrics.</summary>
/// <param name="Metrics">Every metric the run may write; earlier scores of these metrics for the same version and date are replaced.</param>
/// <param name="Customers">Customers scored.</param>
/// <param name="Parameters">The settings used, serialised as JSON (null: none).</param>
/// <param name="Summary">Run-level results worth keeping, serialised as JSON (null: none).</param>
public sealed record ScoringRun(
    string Model,
    string Version,
    DateOnly AsOf,
    IReadOnlyList<ScoreMetric> Metrics,
    int Customers,
    object? Parameters = null,
    object? Summary = null);

/// <summary>
/// The one way a model's results are stored: the run (<see cref="AnalysisRun"/>) and its per-customer scores in one
/// transaction. A re-run of the same model, version and date replaces both, so re-runs are idempotent; runs with
/// another version or date are kept (history). While an exclusive bulk load holds the database the write is refused
/// (<see cref="DatabaseBusyException"/>, see <see cref="BulkLock"/>).
/// </summary>
public static class RunWriter
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <returns>The stored run and the number of score rows written.</returns>
    public static async Task<(AnalysisRun Run, int Scores)> WriteAsync(
        ValoraDatabase database, ScoringRun run, IEnumerable<ScoreRow> scores, TimeProvider? time = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(scores);
        if (run.Metrics.Count == 0)
        {
            throw new ArgumentException("A scoring run needs at least one metric.", nameof(run));
        }
        if (run.Metrics.FirstOrDefault(m => m.Model != run.Model) is { } foreign)
        {
            throw new ArgumentException($"Metric '{foreign.Name}' belongs to model '{foreign.Model}', not '{run.Model}'.", nameof(run));
        }
        var names = run.Metrics.Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
        var stored = new AnalysisRun
        {
            Model = run.Model,
            Version = run.Version,
            AsOf = run.AsOf,
            RanAt = (time ?? TimeProvider.System).GetUtcNow().UtcDateTime,
            Customers = run.Customers,
            ParametersJson = JsonSerializer.Serialize(run.Parameters ?? new { }, Json),
            SummaryJson = JsonSerializer.Serialize(run.Summary ?? new { }, Json),
        };

        await using var db = database.CreateContext();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await BulkLock.SharedAsync(db, ct);
        await db.AnalysisRuns
            .Where(r => r.Model == run.Model && r.Version == run.Version && r.AsOf == run.AsOf)
            .ExecuteDeleteAsync(ct);
        var written = await ScoreWriter.ReplaceAsync(db, run.AsOf, run.Version, names, Checked(scores, names), ct);
        db.AnalysisRuns.Add(stored);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return (stored, written);
    }

    /// <summary>
    /// Stores a run that has no per-customer results (a series model such as the forecast): the run alone, its results in
    /// <see cref="ScoringRun.Summary"/>. Like <see cref="WriteAsync"/>, a re-run of the same model, version and date
    /// replaces it.
    /// </summary>
    public static async Task<AnalysisRun> WriteSummaryAsync(ValoraDatabase database, ScoringRun run, TimeProvider? time = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(run);
        if (run.Metrics.Count != 0)
        {
            throw new ArgumentException("A run with per-customer metrics is written with WriteAsync.", nameof(run));
        }
        var stored = new AnalysisRun
        {
            Model = run.Model,
            Version = run.Version,
            AsOf = run.AsOf,
            RanAt = (time ?? TimeProvider.System).GetUtcNow().UtcDateTime,
            Customers = run.Customers,
            ParametersJson = JsonSerializer.Serialize(run.Parameters ?? new { }, Json),
            SummaryJson = JsonSerializer.Serialize(run.Summary ?? new { }, Json),
        };
        await using var db = database.CreateContext();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await BulkLock.SharedAsync(db, ct);
        await db.AnalysisRuns
            .Where(r => r.Model == run.Model && r.Version == run.Version && r.AsOf == run.AsOf)
            .ExecuteDeleteAsync(ct);
        db.AnalysisRuns.Add(stored);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return stored;
    }

    /// <summary>A score of a metric the run did not declare would never be replaced by a re-run: refuse it.</summary>
    static IEnumerable<ScoreRow> Checked(IEnumerable<ScoreRow> scores, HashSet<string> names)
    {
        foreach (var row in scores)
        {
            if (!names.Contains(row.Metric))
            {
                throw new ArgumentException($"Score metric '{row.Metric}' is not one of the run's metrics ({string.Join(", ", names)}).");
            }
            yield return row;
        }
    }
}
