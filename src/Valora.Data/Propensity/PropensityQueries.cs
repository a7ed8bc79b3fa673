using Microsoft.EntityFrameworkCore;
using Valora.Data.Scores;

namespace Valora.Data.Propensity;

/// <summary>Reads of the stored propensity scores (<see cref="RunPropensity"/>) for one customer.</summary>
public sealed class PropensityQueries(ValoraDbContext db)
{
    /// <summary>Whether the customer exists (to tell "no such customer" from "not scored yet").</summary>
    public Task<bool> CustomerExistsAsync(long customerId, CancellationToken ct = default) => db.Customers.AnyAsync(c => c.Id == customerId, ct);

    /// <summary>The customer's scores in the latest propensity run, or null when there is no run or it did not score them.</summary>
    public async Task<CustomerPropensity?> OfCustomerAsync(long customerId, CancellationToken ct = default)
    {
        var run = await new ScoreQueries(db).LatestRunAsync(Metrics.Propensity.Model, ct);
        if (run is null)
        {
            return null;
        }
        var names = Metrics.Propensity.All.Select(m => m.Name).ToArray();
        var rows = await db.CustomerScores.AsNoTracking()
            .Where(s => s.CustomerId == customerId && s.AsOf == run.AsOf && s.ModelVersion == run.Version && names.Contains(s.Metric))
            .ToDictionaryAsync(s => s.Metric, s => (s.Value, s.Label), StringComparer.Ordinal, ct);
        if (rows.Count == 0)
        {
            return null;
        }
        double? Number(ScoreMetric m) => rows.TryGetValue(m.Name, out var r) ? r.Value : null;
        string? Label(ScoreMetric m) => rows.TryGetValue(m.Name, out var r) ? r.Label : null;
        var top = Label(Metrics.Propensity.TopCategories) is { Length: > 0 } joined ? joined.Split("; ") : [];
        return new CustomerPropensity(customerId, run.Version, run.AsOf, Number(Metrics.Propensity.BuyProbability),
            Label(Metrics.Propensity.NextCategory), Number(Metrics.Propensity.NextCategoryProbability), top);
    }
}

/// <summary>One customer's stored propensity.</summary>
/// <param name="CustomerId">The customer.</param>
/// <param name="ModelVersion">The run's model version.</param>
/// <param name="AsOf">The run's as-of date (scores use purchases before it).</param>
/// <param name="BuyProbability">Probability of a purchase in the run's window after the date.</param>
/// <param name="NextCategory">Most likely category of the next order (null: no categorised purchase before the date).</param>
/// <param name="NextCategoryProbability">Its probability, given a next order.</param>
/// <param name="TopCategories">The three most likely next categories, most likely first.</param>
public sealed record CustomerPropensity(long CustomerId, string ModelVersion, DateOnly AsOf, double? BuyProbability,
    string? NextCategory, double? NextCategoryProbability, IReadOnlyList<string> TopCategories);
