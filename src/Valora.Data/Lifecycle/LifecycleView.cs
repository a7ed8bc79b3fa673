using System.Text.Json;
using Valora.Analytics.Lifecycle;
using Valora.Data.Scores;

namespace Valora.Data.Lifecycle;

/// <summary>
/// The latest stored lifecycle run for the API and the dashboard alike: customers per stage in lifecycle order (the
/// funnel), each stage's share, its lifetime value and potential value where those were scored, and what it calls for.
/// </summary>
public static class LifecycleView
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The latest run, or null when stages were never computed.</summary>
    public static async Task<LifecycleRunView?> LoadAsync(ValoraDbContext db, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var queries = new ScoreQueries(db);
        var run = await queries.LatestRunAsync(Metrics.Lifecycle.Model, ct);
        if (run is null)
        {
            return null;
        }
        var stages = await queries.LabelsAsync(run, Metrics.Lifecycle.Stage, ct: ct);
        var clvRun = await queries.LatestRunAsync(Metrics.Clv.Model, ct);
        var clv = clvRun is null ? null : await queries.NumbersAsync(clvRun, Metrics.Clv.Value, ct: ct);
        var potentialRun = await queries.LatestRunAsync(Metrics.Potential.Model, ct);
        var potential = potentialRun is null ? null : await queries.NumbersAsync(potentialRun, Metrics.Potential.Value, ct: ct);
        var byStage = stages.GroupBy(kv => kv.Value, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(kv => kv.Key).ToArray(), StringComparer.Ordinal);
        var rows = Enum.GetValues<LifecycleStage>().Select(stage =>
        {
            var ids = byStage.GetValueOrDefault(LifecycleStages.Name(stage), []);
            return new LifecycleStageView(LifecycleStages.Name(stage), ids.Length, stages.Count == 0 ? 0 : (double)ids.Length / stages.Count,
                clv is null ? null : ids.Sum(id => clv.GetValueOrDefault(id)),
                potential is null ? null : ids.Sum(id => potential.GetValueOrDefault(id)),
                LifecycleStages.Recommendation(stage));
        }).ToList();
        var options = JsonSerializer.Deserialize<LifecycleOptions>(run.ParametersJson, Json) ?? new LifecycleOptions();
        return new LifecycleRunView(run.Version, run.AsOf, run.RanAt, stages.Count, rows,
            clvRun is null ? null : $"{clvRun.Version} ({clvRun.AsOf:yyyy-MM-dd})", options);
    }
}

/// <summary>The latest lifecycle run: the stages in lifecycle order.</summary>
/// <param name="ClvRun">The CLV run the stage values come from (null: none).</param>
/// <param name="Thresholds">The thresholds the run used.</param>
public sealed record LifecycleRunView(string Version, DateOnly AsOf, DateTime RanAt, int Customers, IReadOnlyList<LifecycleStageView> Stages, string? ClvRun,
    LifecycleOptions Thresholds);

/// <summary>One stage: its customers, their share, Σ CLV and Σ potential value (null when not scored), and what to do.</summary>
public sealed record LifecycleStageView(string Stage, int Customers, double Share, double? Clv, double? PotentialValue, string Recommendation);
