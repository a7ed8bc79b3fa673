using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Valora.Analytics.Recommendations;
using Valora.Data.Analysis;
using Valora.Data.Scores;

namespace Valora.Data.Recommendations;

/// <summary>One product offered to a customer by item-CF, with its reason.</summary>
/// <param name="Score">The blended score, in [0, 1].</param>
/// <param name="Similarity">Σ cosine similarity to the customer's products (0: offered for its popularity alone).</param>
/// <param name="Buyers">Distinct customers who bought it.</param>
/// <param name="Because">The bought SKU most similar to it; null when it is offered because it is popular.</param>
public sealed record ItemOffer(string Sku, string? Name, double Score, double Similarity, int Buyers, string? Because, string? BecauseName)
{
    /// <summary>The reason in words: "often bought with 22697 ROSES TEACUP" or "popular: 1,234 buyers".</summary>
    public string Reason => Because is null
        ? string.Create(CultureInfo.InvariantCulture, $"popular: {Buyers:N0} buyers")
        : BecauseName is null ? $"often bought with {Because}" : $"often bought with {Because} {BecauseName}";
}

/// <summary>A customer's item-CF offers.</summary>
/// <param name="Bought">Distinct products the customer bought (0: the offers are the most popular products).</param>
public sealed record CustomerItemOffers(long CustomerId, string Version, DateOnly AsOf, int Bought, IReadOnlyList<ItemOffer> Offers);

/// <summary>What a stored item-CF run found.</summary>
/// <param name="Customers">Customers with purchases, each given offers.</param>
/// <param name="SimilarPairs">(item, neighbour) similarities kept.</param>
/// <param name="ByPopularity">Offers whose reason is popularity.</param>
public sealed record RecommendRun(DateOnly AsOf, string Version, int Customers, int Products, int Purchases, int SimilarPairs,
    int Offers, int ByPopularity, int ProductsOffered, double TrainSeconds);

/// <summary>
/// Use case: item-based collaborative filtering blended with popularity (<see cref="ItemRecommender"/>) trained on all
/// stored completed orders, for every customer or for one. A run stores each customer's three best offers as
/// <see cref="Metrics.Recommend"/> scores (product, score, reason) through <see cref="RunWriter"/>, as of the day of the
/// latest order, version <c>itemcf-k{k}-w{w}</c>; a re-run of the same settings and day replaces it.
/// </summary>
public sealed class RecommendCustomers(ValoraDatabase database)
{
    /// <summary>Most offers one customer may be given.</summary>
    public const int MaxTop = 100;

    /// <summary>The version written on the scores of a run with these settings.</summary>
    public static string VersionOf(ItemRecommenderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return string.Create(CultureInfo.InvariantCulture,
            $"itemcf-k{(options.TopK is { } k ? k.ToString(CultureInfo.InvariantCulture) : "all")}-w{options.PopularityWeight:R}");
    }

    /// <summary>Offers for every customer with purchases; stored unless <paramref name="save"/> is false.</summary>
    public async Task<RecommendRun> ExecuteAsync(ItemRecommenderOptions? options = null, bool save = true, CancellationToken ct = default)
    {
        EvaluateRecommendations.Check(1, options);
        options ??= new ItemRecommenderOptions();
        var (history, model, asOf, seconds) = await TrainAsync(options, ct);
        var matrix = history.Matrix();
        var top = Metrics.Recommend.Ranks.Count;
        var lists = new List<ItemRecommendation>[history.Customers.Count];
        Parallel.For(0, lists.Length, c => lists[c] = model.Recommend(matrix.ItemsOf(c), top));
        var offered = new HashSet<int>();
        var popular = 0;
        var offers = 0;
        foreach (var list in lists)
        {
            foreach (var r in list)
            {
                offered.Add(r.Item);
                offers++;
                popular += r.Because is null ? 1 : 0;
            }
        }
        var version = VersionOf(options);
        var run = new RecommendRun(asOf, version, lists.Length, history.Items.Count, history.Purchases.Length,
            model.Similarity.PairCount, offers, popular, offered.Count, seconds);
        if (save)
        {
            var scoring = new ScoringRun(Metrics.Recommend.Model, version, asOf, Metrics.Recommend.All, lists.Length, options,
                new { run.Products, run.Purchases, run.SimilarPairs, run.Offers, run.ByPopularity, run.ProductsOffered });
            await RunWriter.WriteAsync(database, scoring, Rows(history, lists), ct: ct);
        }
        return run;
    }

    /// <summary>
    /// The <paramref name="top"/> best offers for one customer, from all stored orders (not from a stored run, so any
    /// N can be asked); a customer with no purchase gets the most popular products.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No customer has this id.</exception>
    public async Task<CustomerItemOffers> ForCustomerAsync(long customerId, int top, ItemRecommenderOptions? options = null, CancellationToken ct = default)
    {
        if (top is < 1 or > MaxTop)
        {
            throw new ArgumentOutOfRangeException(nameof(top), top, $"top must be between 1 and {MaxTop}.");
        }
        EvaluateRecommendations.Check(1, options);
        options ??= new ItemRecommenderOptions();
        await using (var db = database.CreateContext())
        {
            if (!await db.Customers.AnyAsync(c => c.Id == customerId, ct))
            {
                throw new KeyNotFoundException($"There is no customer {customerId}.");
            }
        }
        var (history, model, asOf, _) = await TrainAsync(options, ct);
        var c = Array.IndexOf(history.CustomerIds!, customerId);
        int[] bought = c < 0 ? [] : [.. history.Purchases.Where(p => p.Customer == c).Select(p => p.Item).Distinct().Order()];
        var found = model.Recommend(bought, top);
        var skus = found.Select(r => history.Items[r.Item])
            .Concat(found.Where(r => r.Because is not null).Select(r => history.Items[r.Because!.Value])).Distinct().ToList();
        Dictionary<string, string?> names;
        await using (var db = database.CreateContext())
        {
            names = (await db.Products.AsNoTracking().Where(p => skus.Contains(p.Sku)).Select(p => new { p.Sku, p.Name }).ToListAsync(ct))
                .GroupBy(p => p.Sku, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Name, StringComparer.Ordinal);
        }
        var offers = found.Select(r =>
        {
            var sku = history.Items[r.Item];
            var because = r.Because is { } b ? history.Items[b] : null;
            return new ItemOffer(sku, names.GetValueOrDefault(sku), r.Score, r.Similarity, model.Buyers(r.Item), because,
                because is null ? null : names.GetValueOrDefault(because));
        }).ToList();
        return new CustomerItemOffers(customerId, VersionOf(options), asOf, bought.Length, offers);
    }

    async Task<(PurchaseHistory History, ItemRecommender Model, DateOnly AsOf, double Seconds)> TrainAsync(ItemRecommenderOptions options, CancellationToken ct)
    {
        var history = await PurchaseHistory.LoadAsync(database, ct);
        if (history.Purchases.Length == 0)
        {
            throw new NotAnalysableException(NotAnalysableReason.NoOrders, "There are no completed orders with products to recommend from.") { Model = Metrics.Recommend.Model };
        }
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var model = ItemRecommender.Train(history.Matrix(), options);
        return (history, model, DateOnly.FromDateTime(history.Latest!.Value), clock.Elapsed.TotalSeconds);
    }

    static IEnumerable<ScoreRow> Rows(PurchaseHistory history, List<ItemRecommendation>[] lists)
    {
        for (var c = 0; c < lists.Length; c++)
        {
            var customer = history.CustomerIds![c];
            for (var k = 0; k < lists[c].Count; k++)
            {
                var (product, score, because) = Metrics.Recommend.Ranks[k];
                var r = lists[c][k];
                yield return product.OfLabel(customer, history.Items[r.Item]);
                yield return score.Of(customer, r.Score);
                yield return because.OfLabel(customer, r.Because is { } b ? history.Items[b] : Metrics.Recommend.Popular);
            }
        }
    }
}
