using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Valora.Data.Customers;
using Valora.Data.Scores;

namespace Valora.Data.Propensity;

/// <summary>Customers whose most likely next category is one category, and how likely they are to buy at all.</summary>
/// <param name="ExpectedBuyers">Σ P(buy) of those customers: how many of them are expected to buy in the window.</param>
/// <param name="MeanProbability">Mean probability of that category among them (given they buy).</param>
public sealed record PropensityCategoryView(string Category, int Customers, double ExpectedBuyers, double MeanProbability);

/// <summary>A customer likely to buy, and what.</summary>
public sealed record PropensityTopCustomer(long CustomerId, string ExternalId, string? Name, double BuyProbability, string? NextCategory, double? CategoryProbability, string? TopCategories);

/// <summary>
/// The latest propensity run (<see cref="RunPropensity"/>) for the dashboard: how many customers are expected to buy in
/// the window (Σ P(buy)), the distribution of P(buy) in tenths, the customers per most likely next category, and the
/// customers most likely to buy.
/// </summary>
/// <param name="Histogram">Customers with P(buy) in [0, 0.1), [0.1, 0.2) … [0.9, 1].</param>
public sealed record PropensityView(
    string Version,
    DateOnly AsOf,
    int WindowDays,
    string CategoryTrainer,
    string BuyTrainer,
    int Customers,
    double ExpectedBuyers,
    IReadOnlyList<int> Histogram,
    IReadOnlyList<PropensityCategoryView> Categories,
    IReadOnlyList<PropensityTopCustomer> Top)
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The latest run with its <paramref name="top"/> customers most likely to buy; null when never run.</summary>
    public static async Task<PropensityView?> LoadAsync(ValoraDbContext db, int top = 20, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var queries = new ScoreQueries(db);
        var run = await queries.LatestRunAsync(Metrics.Propensity.Model, ct);
        if (run is null)
        {
            return null;
        }
        var parameters = JsonSerializer.Deserialize<StoredParameters>(run.ParametersJson, Json)
            ?? throw new InvalidDataException($"Propensity run {run.Id} has no parameters.");
        var buy = await queries.NumbersAsync(run, Metrics.Propensity.BuyProbability, ct: ct);
        var next = await queries.LabelsAsync(run, Metrics.Propensity.NextCategory, ct: ct);
        var nextP = await queries.NumbersAsync(run, Metrics.Propensity.NextCategoryProbability, ct: ct);
        var top3 = await queries.LabelsAsync(run, Metrics.Propensity.TopCategories, ct: ct);

        var histogram = new int[10];
        foreach (var p in buy.Values)
        {
            histogram[Math.Clamp((int)Math.Floor(p * 10), 0, 9)]++;
        }
        var categories = next
            .GroupBy(kv => kv.Value, StringComparer.Ordinal)
            .Select(g => new PropensityCategoryView(g.Key, g.Count(), g.Sum(kv => buy.GetValueOrDefault(kv.Key)), g.Average(kv => nextP.GetValueOrDefault(kv.Key))))
            .OrderByDescending(c => c.Customers).ThenBy(c => c.Category, StringComparer.Ordinal)
            .ToArray();
        var topIds = buy.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key).Take(top).Select(kv => kv.Key).ToArray();
        var names = await CustomerNames.OfAsync(db, topIds, ct);
        return new PropensityView(run.Version, run.AsOf, parameters.WindowDays, parameters.Trainer, parameters.BuyTrainer, buy.Count, buy.Values.Sum(), histogram, categories,
            [.. topIds.Select(id => new PropensityTopCustomer(id, names.GetValueOrDefault(id)?.ExternalId ?? "", names.GetValueOrDefault(id)?.Name, buy[id],
                next.GetValueOrDefault(id), nextP.TryGetValue(id, out var p) ? p : null, top3.GetValueOrDefault(id)))]);
    }

    sealed record StoredParameters(int WindowDays, string Trainer, string BuyTrainer);
}
