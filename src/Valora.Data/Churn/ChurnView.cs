using System.Text.Json;
using Valora.Analytics.Churn;
using Valora.Data.Scores;

namespace Valora.Data.Churn;

/// <summary>
/// The latest stored churn run, aggregated for display (API and dashboard): tier counts with value at risk, the
/// distribution of probabilities in ten bins of 0.1, the customers most at risk with their reasons, the expected catch
/// of every threshold 0, 0.01, …, 1 and the run's global permutation importance.
/// </summary>
public static class ChurnView
{
    /// <summary>Loads the latest run, or a view with a null <see cref="ChurnScoresView.Version"/> when churn never ran.</summary>
    /// <param name="db">The database.</param>
    /// <param name="top">How many of the riskiest customers to list (1–1000).</param>
    /// <param name="ct">Cancellation.</param>
    public static async Task<ChurnScoresView?> LoadAsync(ValoraDbContext db, int top, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(top, 1000);
        var queries = new ScoreQueries(db);
        var run = await queries.LatestRunAsync(Metrics.Churn.Model, ct);
        if (run is null) return null;
        var p = await queries.NumbersAsync(run, Metrics.Churn.Probability, ct: ct);
        var tiers = await queries.LabelsAsync(run, Metrics.Churn.Tier, ct: ct);
        var atRisk = await queries.NumbersAsync(run, Metrics.Churn.ValueAtRisk, ct: ct);
        var riskiest = p.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key).Take(top).Select(kv => kv.Key).ToArray();
        var reasons = await queries.LabelsAsync(run, Metrics.Churn.Reasons, riskiest, ct);
        var bins = new int[10];
        foreach (var v in p.Values) bins[Math.Clamp((int)(v * 10), 0, 9)]++;
        var tierRows = new[] { "high", "medium", "low" }.Select(t =>
        {
            var ids = tiers.Where(kv => string.Equals(kv.Value, t, StringComparison.Ordinal)).Select(kv => kv.Key).ToArray();
            return new ChurnTierView(t, ids.Length, ids.Sum(id => p.GetValueOrDefault(id)), atRisk.Count == 0 ? null : ids.Sum(id => atRisk.GetValueOrDefault(id)));
        }).ToArray();
        using var summary = JsonDocument.Parse(run.SummaryJson);
        double? auc = summary.RootElement.TryGetProperty("metrics", out var m) && m.TryGetProperty("cv_roc_auc", out var a) && a.ValueKind == JsonValueKind.Number
            ? a.GetDouble() : null;
        using var parameters = JsonDocument.Parse(run.ParametersJson);
        var trainer = parameters.RootElement.TryGetProperty("trainer", out var tr) ? tr.GetString() : null;
        var window = parameters.RootElement.TryGetProperty("windowDays", out var w) && w.ValueKind == JsonValueKind.Number ? w.GetInt32() : (int?)null;
        var highRisk = parameters.RootElement.TryGetProperty("highRisk", out var h) && h.ValueKind == JsonValueKind.Number ? h.GetDouble() : (double?)null;
        return new ChurnScoresView(run.Version, run.AsOf, run.RanAt, run.Customers, trainer, window, auc, tierRows,
            [.. bins.Select((n, i) => new ChurnBin(i / 10.0, (i + 1) / 10.0, n))],
            [.. riskiest.Select(id => new ChurnAtRisk(id, p[id], tiers.GetValueOrDefault(id) ?? "", reasons.GetValueOrDefault(id) ?? "",
                atRisk.TryGetValue(id, out var v) ? v : null))],
            Importance(summary.RootElement),
            ExpectedCatch.At([.. p.Values], ThresholdGrid), highRisk);
    }

    /// <summary>The thresholds of <see cref="ChurnScoresView.Thresholds"/>: k ÷ 100 for k = 0 … 100.</summary>
    public static IReadOnlyList<double> ThresholdGrid { get; } = [.. Enumerable.Range(0, 101).Select(k => k / 100.0)];

    /// <summary>
    /// The run summary's <c>importance</c> array in its stored order (largest drop first). Runs stored before churn
    /// computed it have none: an empty list, as is any entry that is not a column with numeric drop and deviation.
    /// </summary>
    static IReadOnlyList<ColumnImportance> Importance(JsonElement summary)
    {
        if (summary.ValueKind != JsonValueKind.Object || !summary.TryGetProperty("importance", out var importance) || importance.ValueKind != JsonValueKind.Array)
        {
            return [];
        }
        var columns = new List<ColumnImportance>();
        foreach (var e in importance.EnumerateArray())
        {
            if (e.ValueKind == JsonValueKind.Object
                && e.TryGetProperty("column", out var column) && column.ValueKind == JsonValueKind.String
                && e.TryGetProperty("aucDrop", out var drop) && drop.ValueKind == JsonValueKind.Number
                && e.TryGetProperty("standardDeviation", out var sd) && sd.ValueKind == JsonValueKind.Number)
            {
                columns.Add(new ColumnImportance(column.GetString()!, drop.GetDouble(), sd.GetDouble()));
            }
        }
        return columns;
    }
}

/// <summary>The latest churn run for display.</summary>
/// <param name="Importance">Global permutation importance of each feature for the run's learner (ROC AUC lost when the
/// feature is shuffled, on a held-out fold of the training customers), largest drop first; empty for runs stored before
/// churn computed it.</param>
/// <param name="Thresholds">For each threshold k ÷ 100 (k = 0 … 100), the customers whose stored probability is ≥ it,
/// the churners expected among them (Σ P) and the expected precision and recall (<see cref="ExpectedCatch"/>).</param>
/// <param name="HighRisk">The run's high-tier threshold (null for runs that did not store it).</param>
public sealed record ChurnScoresView(string Version, DateOnly AsOf, DateTime RanAt, int Customers, string? Trainer, int? WindowDays,
    double? CrossValidatedRocAuc, IReadOnlyList<ChurnTierView> Tiers, IReadOnlyList<ChurnBin> Distribution, IReadOnlyList<ChurnAtRisk> Riskiest,
    IReadOnlyList<ColumnImportance> Importance, IReadOnlyList<ExpectedCatchPoint> Thresholds, double? HighRisk = null);

/// <summary>One tier: customers, expected churners Σ P and value at risk Σ P × CLV (null without CLV scores).</summary>
public sealed record ChurnTierView(string Tier, int Customers, double ExpectedChurners, double? ValueAtRisk);

/// <summary>Customers whose probability is in [From, To) (the last bin includes 1).</summary>
public sealed record ChurnBin(double From, double To, int Customers);

/// <summary>One customer at risk.</summary>
public sealed record ChurnAtRisk(long CustomerId, double Probability, string Tier, string Reasons, double? ValueAtRisk);
