using Microsoft.EntityFrameworkCore;
using Valora.Domain.Security;

namespace Valora.Data.Churn;

/// <summary>
/// The Churn page's read: the latest churn run (<see cref="ChurnView"/>) with the names of the customers listed and
/// the drivers behind the riskiest of them (how often each feature is among their top reasons). Null when churn
/// never ran.
/// </summary>
public static class ChurnDashboard
{
    /// <param name="db">The database.</param>
    /// <param name="top">How many of the riskiest customers to list and to count drivers over (1–1000).</param>
    /// <param name="ct">Cancellation.</param>
    /// <param name="maskNames">Names masked (<see cref="PersonalData.MaskName"/>) for a role that may not see personal data;
    /// an external id shown for want of a name is no personal data and stays.</param>
    public static async Task<ChurnDashboardView?> LoadAsync(ValoraDbContext db, int top, CancellationToken ct = default, bool maskNames = false)
    {
        ArgumentNullException.ThrowIfNull(db);
        var scores = await ChurnView.LoadAsync(db, top, ct);
        if (scores is null)
        {
            return null;
        }
        var ids = scores.Riskiest.Select(r => r.CustomerId).ToArray();
        var names = await db.Customers.AsNoTracking().Where(c => ids.Contains(c.Id))
            .Select(c => new { c.Id, c.Name, c.ExternalId }).ToListAsync(ct);
        return new ChurnDashboardView(scores,
            names.ToDictionary(c => c.Id, c => string.IsNullOrWhiteSpace(c.Name) ? c.ExternalId : maskNames ? PersonalData.MaskName(c.Name)! : c.Name!),
            Drivers(scores.Riskiest));
    }

    /// <summary>
    /// For each feature named in the customers' reasons ("recency_days = 182 (typical 40); orders = 1 …": the feature is
    /// what stands before " = "), how many of the customers have it among their reasons and how many have it first;
    /// most frequent first, ties by the feature's name.
    /// </summary>
    public static IReadOnlyList<ChurnDriver> Drivers(IEnumerable<ChurnAtRisk> customers)
    {
        ArgumentNullException.ThrowIfNull(customers);
        var any = new Dictionary<string, int>(StringComparer.Ordinal);
        var first = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var c in customers)
        {
            var features = c.Reasons.Split("; ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(FeatureOf).Where(f => f.Length > 0).ToArray();
            if (features.Length == 0)
            {
                continue;
            }
            first[features[0]] = first.GetValueOrDefault(features[0]) + 1;
            foreach (var f in features.Distinct(StringComparer.Ordinal))
            {
                any[f] = any.GetValueOrDefault(f) + 1;
            }
        }
        return [.. any.Select(kv => new ChurnDriver(kv.Key, kv.Value, first.GetValueOrDefault(kv.Key)))
            .OrderByDescending(d => d.Customers).ThenBy(d => d.Feature, StringComparer.Ordinal)];
    }

    static string FeatureOf(string reason)
    {
        var at = reason.IndexOf(" = ", StringComparison.Ordinal);
        return (at < 0 ? reason : reason[..at]).Trim();
    }
}

/// <summary>The latest churn run for the dashboard.</summary>
/// <param name="Names">Name (or external id) of each customer in <see cref="ChurnScoresView.Riskiest"/>.</param>
/// <param name="Drivers">Features among the reasons of the riskiest customers, most frequent first.</param>
public sealed record ChurnDashboardView(ChurnScoresView Scores, IReadOnlyDictionary<long, string> Names, IReadOnlyList<ChurnDriver> Drivers);

/// <summary>One feature behind the risk: among how many of the customers' reasons it is, and how often it is the first.</summary>
public sealed record ChurnDriver(string Feature, int Customers, int First);
