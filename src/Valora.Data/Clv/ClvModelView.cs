using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Valora.Analytics.Clv;
using Valora.Domain.Sales;

namespace Valora.Data.Clv;

/// <summary>One fitted model as the CLV model page shows it: what, when, on which data, and its estimates.</summary>
public sealed record ClvModelSummary(
    string Kind, string Version, DateTime TrainedAtUtc, DateOnly? DataFrom, DateOnly DataTo, DateOnly? HoldoutTo,
    double DaysPerUnit, double? LogLikelihood, int? Customers, IReadOnlyList<ClvEstimate> Estimates);

/// <summary>
/// P(alive) for every pair of repeat purchases x (rows, 0..<see cref="MaxFrequency"/>) and repeat span tₓ (columns:
/// the midpoints <see cref="RecencyEdges"/> of equal bins of 0..T, in model time units, so that tₓ &gt; 0), for a customer observed for the longest span T the data allows
/// (first purchase on the first day of the data) — the frequency × recency matrix of Fader, Hardie &amp; Lee (2005).
/// </summary>
public sealed record AliveMatrix(double ObservationSpan, int MaxFrequency, IReadOnlyList<double> RecencyEdges, double[][] ProbabilityAlive);

/// <summary>Query: the latest purchase and spend models with their parameters, and the P(alive) matrix.</summary>
public sealed record ClvModelView(ClvModelSummary? Purchase, ClvModelSummary? Spend, AliveMatrix? Alive)
{
    /// <summary>Columns of the P(alive) matrix.</summary>
    public const int RecencyColumns = 12;

    /// <summary>Largest number of repeat purchases shown (the data's maximum, capped here).</summary>
    public const int FrequencyCap = 20;

    public static async Task<ClvModelView> LatestAsync(ValoraDbContext db, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var purchaseRun = await db.ModelRuns.AsNoTracking().Where(r => r.Kind == "bgnbd" || r.Kind == "paretonbd")
            .OrderByDescending(r => r.Id).FirstOrDefaultAsync(ct);
        var spendRun = await db.ModelRuns.AsNoTracking().Where(r => r.Kind == "gammagamma")
            .OrderByDescending(r => r.Id).FirstOrDefaultAsync(ct);
        var purchase = purchaseRun is null ? null : Summary(purchaseRun);
        AliveMatrix? alive = null;
        if (purchaseRun is not null && purchase!.DataFrom is { } from)
        {
            var stored = StoredClvModel.FromJson(purchaseRun.ParametersJson);
            // Repeat purchases = purchase days − 1; the busiest customer's order count bounds it from above.
            var maxOrders = await db.Orders.AsNoTracking().Where(o => o.Status == OrderStatus.Completed)
                .GroupBy(o => o.CustomerId).Select(g => g.Count()).OrderByDescending(n => n).FirstOrDefaultAsync(ct);
            var span = (purchase.DataTo.DayNumber - from.DayNumber) / stored.DaysPerUnit;
            alive = Matrix(stored.ToPurchaseModel(), span, Math.Clamp(maxOrders - 1, 1, FrequencyCap));
        }
        return new ClvModelView(purchase, spendRun is null ? null : Summary(spendRun), alive);
    }

    /// <summary>The P(alive) matrix of a model for customers observed for <paramref name="observationSpan"/> units.</summary>
    public static AliveMatrix Matrix(IPurchaseModel model, double observationSpan, int maxFrequency)
    {
        ArgumentNullException.ThrowIfNull(model);
        var edges = Enumerable.Range(0, RecencyColumns).Select(i => observationSpan * (i + 0.5) / RecencyColumns).ToArray();
        var rows = new double[maxFrequency + 1][];
        for (var x = 0; x <= maxFrequency; x++)
        {
            rows[x] = new double[edges.Length];
            for (var j = 0; j < edges.Length; j++)
            {
                // No repeat purchase means no repeat span: every column of row 0 is the same customer.
                var history = new CustomerHistory(0, x, x == 0 ? 0 : edges[j], observationSpan);
                rows[x][j] = model.ProbabilityAlive(history);
            }
        }
        return new AliveMatrix(observationSpan, maxFrequency, edges, rows);
    }

    static ClvModelSummary Summary(Domain.Scores.ModelRun run)
    {
        var stored = StoredClvModel.FromJson(run.ParametersJson);
        var metrics = JsonSerializer.Deserialize<StoredMetrics>(run.MetricsJson, Json);
        var estimates = metrics?.Estimates is { Count: > 0 } e
            ? e
            : [.. stored.Names.Select((n, i) => new ClvEstimate(n, stored.Values[i], double.NaN, double.NaN, double.NaN))];
        return new ClvModelSummary(run.Kind, run.Version, run.TrainedAt, run.DataFrom, run.DataTo, run.HoldoutTo,
            stored.DaysPerUnit, metrics?.LogLikelihood, metrics?.Customers, estimates);
    }

    sealed record StoredMetrics(double? LogLikelihood, int? Customers, List<ClvEstimate>? Estimates);

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
