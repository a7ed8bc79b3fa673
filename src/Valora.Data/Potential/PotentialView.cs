using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Valora.Data.Customers;
using Valora.Data.Scores;

namespace Valora.Data.Potential;

/// <summary>How potential value is grouped: by RFM segment, by cluster or by churn tier (each from its latest run).</summary>
public enum PotentialGrouping
{
    Rfm,
    Cluster,
    ChurnTier,
}

/// <summary>
/// The latest potential-value run for the API and the dashboard alike: the weights and settings it used, PV = Σ V
/// and its components per group (RFM segment, cluster or churn tier, from the latest run of that model; customers
/// that model did not score form "(none)"), and the customers of the highest potential.
/// </summary>
public static class PotentialView
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Names accepted for <see cref="PotentialGrouping"/>.</summary>
    public static readonly IReadOnlyDictionary<string, PotentialGrouping> Groupings = new Dictionary<string, PotentialGrouping>(StringComparer.OrdinalIgnoreCase)
    {
        ["rfm"] = PotentialGrouping.Rfm,
        ["cluster"] = PotentialGrouping.Cluster,
        ["churn-tier"] = PotentialGrouping.ChurnTier,
    };

    /// <summary>The latest run grouped as asked, with the <paramref name="top"/> customers of highest V; null when never run.</summary>
    public static async Task<PotentialRunView?> LoadAsync(ValoraDbContext db, PotentialGrouping by = PotentialGrouping.Rfm, int top = 20, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var queries = new ScoreQueries(db);
        var run = await queries.LatestRunAsync(Metrics.Potential.Model, ct);
        if (run is null)
        {
            return null;
        }
        var settings = JsonSerializer.Deserialize<PotentialSettingsView>(run.ParametersJson, Json)
            ?? throw new InvalidDataException($"Potential run {run.Id} has no parameters.");
        var value = await queries.NumbersAsync(run, Metrics.Potential.Value, ct: ct);
        var purchase = await queries.NumbersAsync(run, Metrics.Potential.Purchase, ct: ct);
        var referral = await queries.NumbersAsync(run, Metrics.Potential.Referral, ct: ct);
        var maintenance = await queries.NumbersAsync(run, Metrics.Potential.Maintenance, ct: ct);

        var (model, metric) = by switch
        {
            PotentialGrouping.Cluster => (Metrics.Clusters.Model, Metrics.Clusters.Name),
            PotentialGrouping.ChurnTier => (Metrics.Churn.Model, Metrics.Churn.Tier),
            _ => (Metrics.Rfm.Model, Metrics.Rfm.Segment),
        };
        var groupRun = await queries.LatestRunAsync(model, ct);
        var labels = groupRun is null ? [] : await queries.LabelsAsync(groupRun, metric, ct: ct);
        var total = value.Values.Sum();
        var groups = value.Keys
            .GroupBy(id => labels.GetValueOrDefault(id, "(none)"), StringComparer.Ordinal)
            .Select(g =>
            {
                var pv = g.Sum(id => value[id]);
                return new PotentialGroupView(g.Key, g.Count(), pv, pv / g.Count(), total == 0 ? 0 : pv / total,
                    g.Sum(id => purchase.GetValueOrDefault(id)), g.Sum(id => referral.GetValueOrDefault(id)), g.Sum(id => maintenance.GetValueOrDefault(id)));
            })
            .OrderByDescending(g => g.PotentialValue).ThenBy(g => g.Group, StringComparer.Ordinal)
            .ToList();

        var topIds = value.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key).Take(Math.Max(0, top)).Select(kv => kv.Key).ToArray();
        var names = await CustomerNames.OfAsync(db, topIds, ct);
        var topCustomers = topIds.Select(id => new PotentialCustomerView(id, names.GetValueOrDefault(id)?.ExternalId ?? "", names.GetValueOrDefault(id)?.Name,
            value[id], purchase.GetValueOrDefault(id), referral.GetValueOrDefault(id), maintenance.GetValueOrDefault(id),
            labels.GetValueOrDefault(id))).ToList();

        return new PotentialRunView(run.Version, run.AsOf, run.RanAt, value.Count, total,
            purchase.Values.Sum(), referral.Values.Sum(), maintenance.Values.Sum(), settings,
            by, groupRun is null ? null : $"{groupRun.Version} ({groupRun.AsOf:yyyy-MM-dd})", groups, topCustomers);
    }
}

/// <summary>The settings a potential run used (its stored parameters).</summary>
public sealed record PotentialSettingsView(double Alpha, double Beta, double Gamma, int HorizonYears, double AnnualDiscountRate,
    double TicketCost, double ContactCost, double ReferralPriorYears, string? ClvRun, string? ChurnRun, string? RetentionSource);

/// <summary>The latest potential-value run, grouped.</summary>
/// <param name="PotentialValue">PV = Σ V over every scored customer.</param>
/// <param name="Purchase">Σ B (unweighted).</param>
/// <param name="Referral">Σ R (unweighted).</param>
/// <param name="Maintenance">Σ M (unweighted).</param>
/// <param name="GroupRun">The run the group labels came from (null: that model never ran; every customer is in "(none)").</param>
public sealed record PotentialRunView(string Version, DateOnly AsOf, DateTime RanAt, int Customers, double PotentialValue,
    double Purchase, double Referral, double Maintenance, PotentialSettingsView Settings, PotentialGrouping GroupedBy, string? GroupRun,
    IReadOnlyList<PotentialGroupView> Groups, IReadOnlyList<PotentialCustomerView> Top);

/// <summary>One group's potential value.</summary>
/// <param name="PotentialValue">PV = Σ V of its customers.</param>
/// <param name="Share">Its PV / the PV of all.</param>
public sealed record PotentialGroupView(string Group, int Customers, double PotentialValue, double Mean, double Share,
    double Purchase, double Referral, double Maintenance);

/// <summary>One customer's potential value and components, with their group label.</summary>
public sealed record PotentialCustomerView(long CustomerId, string ExternalId, string? Name, double Value, double Purchase, double Referral,
    double Maintenance, string? Group);
