using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Valora.Data.Customers;
using Valora.Data.Scores;

namespace Valora.Data.Potential;

/// <summary>One learner on one component of the holdout, as the run stored it.</summary>
public sealed record LearnedHoldoutRow(string Regressor, string Target, double Mae, double Rmse, double? R2, string Baseline, double BaselineRmse, bool BeatsBaseline);

/// <summary>A customer of high learned potential.</summary>
public sealed record LearnedPotentialTop(long CustomerId, string ExternalId, string? Name, double Value, double Purchase, double Referral, double Maintenance);

/// <summary>The latest learned-potential run (<see cref="LearnPotential"/>) for the API and the dashboard alike.</summary>
/// <param name="Scoring">The learner that scored each component (purchase, referral, maintenance).</param>
/// <param name="Holdout">Every learner on every component of the holdout, beside its naive baseline.</param>
/// <param name="PotentialValue">Σ V of the learned components over the scored customers.</param>
public sealed record LearnedPotentialView(
    string Version,
    DateOnly AsOf,
    int WindowDays,
    DateOnly HoldoutCutoff,
    DateOnly TrainingCutoff,
    int TrainingRows,
    int HoldoutRows,
    double Alpha,
    double Beta,
    double Gamma,
    IReadOnlyList<string> Scoring,
    IReadOnlyList<LearnedHoldoutRow> Holdout,
    int Customers,
    double PotentialValue,
    IReadOnlyList<LearnedPotentialTop> Top)
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The latest run with its <paramref name="top"/> customers of highest learned V; null when never run.</summary>
    public static async Task<LearnedPotentialView?> LoadAsync(ValoraDbContext db, int top = 20, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var queries = new ScoreQueries(db);
        var run = await queries.LatestRunAsync(Metrics.LearnedPotential.Model, ct);
        if (run is null)
        {
            return null;
        }
        var parameters = JsonSerializer.Deserialize<StoredParameters>(run.ParametersJson, Json)
            ?? throw new InvalidDataException($"Learned-potential run {run.Id} has no parameters.");
        var summary = JsonSerializer.Deserialize<StoredSummary>(run.SummaryJson, Json)
            ?? throw new InvalidDataException($"Learned-potential run {run.Id} has no summary.");
        var value = await queries.NumbersAsync(run, Metrics.LearnedPotential.Value, ct: ct);
        var purchase = await queries.NumbersAsync(run, Metrics.LearnedPotential.Purchase, ct: ct);
        var referral = await queries.NumbersAsync(run, Metrics.LearnedPotential.Referral, ct: ct);
        var maintenance = await queries.NumbersAsync(run, Metrics.LearnedPotential.Maintenance, ct: ct);
        var topIds = value.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key).Take(top).Select(kv => kv.Key).ToArray();
        var names = await CustomerNames.OfAsync(db, topIds, ct);
        return new LearnedPotentialView(run.Version, run.AsOf, parameters.WindowDays, parameters.HoldoutCutoff, parameters.TrainingCutoff,
            summary.TrainingRows, summary.HoldoutRows, parameters.Alpha, parameters.Beta, parameters.Gamma, summary.Scoring, summary.Holdout,
            value.Count, value.Values.Sum(),
            [.. topIds.Select(id => new LearnedPotentialTop(id, names.TryGetValue(id, out var c) ? c.ExternalId : id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                names.TryGetValue(id, out var n) ? n.Name : null, value[id], purchase.GetValueOrDefault(id), referral.GetValueOrDefault(id), maintenance.GetValueOrDefault(id)))]);
    }

    sealed record StoredParameters(int WindowDays, double Alpha, double Beta, double Gamma, DateOnly HoldoutCutoff, DateOnly TrainingCutoff);

    sealed record StoredSummary(int TrainingRows, int HoldoutRows, IReadOnlyList<string> Scoring, IReadOnlyList<LearnedHoldoutRow> Holdout);
}
