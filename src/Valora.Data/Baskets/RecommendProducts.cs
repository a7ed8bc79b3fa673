using System.Globalization;
using Valora.Analytics.Baskets;
using Valora.Data.Analysis;
using Valora.Data.Scores;

namespace Valora.Data.Baskets;

/// <summary>Settings of a recommendation run.</summary>
public sealed record RecommendOptions
{
    /// <summary>Least share of orders an itemset is in.</summary>
    public double MinSupport { get; init; } = ItemsetOptions.DefaultMinSupport;

    /// <summary>Least confidence of a rule used to recommend.</summary>
    public double MinConfidence { get; init; } = 0.1;

    /// <summary>Most items in a rule (antecedent + the one consequent item).</summary>
    public int MaxLength { get; init; } = 3;
}

/// <summary>A customer's next-best products.</summary>
public sealed record CustomerRecommendations(long CustomerId, IReadOnlyList<ProductRecommendation> Products);

/// <summary>One recommended SKU, with the rule that suggests it ("22697 22698 → 22699").</summary>
public sealed record ProductRecommendation(string Sku, double Confidence, double Lift, string Because);

/// <summary>What a run found.</summary>
public sealed record RecommendResult(DateOnly AsOf, int Orders, int Products, int Itemsets, int Rules,
    IReadOnlyList<CustomerRecommendations> Customers);

/// <summary>
/// Use case: mine the stored completed orders (basket = order, item = SKU) for association rules and give every
/// customer up to three products they have not bought, ranked by the confidence (then lift) of the best rule whose
/// antecedent they have wholly bought (over all their orders); saved through <see cref="RunWriter"/> as the
/// <see cref="Metrics.Baskets"/> labels. Customers no rule reaches get no scores. The as-of date is the day of the
/// latest order.
/// </summary>
public sealed class RecommendProducts(ValoraDatabase database)
{
    public async Task<RecommendResult> ExecuteAsync(RecommendOptions? options = null, bool save = true, CancellationToken ct = default)
    {
        options ??= new RecommendOptions();
        if (!(options.MinSupport > 0 && options.MinSupport <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MinSupport, "minSupport must be in (0, 1].");
        }
        if (!(options.MinConfidence >= 0 && options.MinConfidence <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MinConfidence, "minConfidence must be in [0, 1].");
        }
        if (options.MaxLength < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxLength, "maxLength must be at least 2.");
        }
        var loaded = await OrderBaskets.LoadAsync(database, ct);
        var baskets = loaded.Baskets;
        if (baskets.Count == 0)
        {
            throw new NotAnalysableException(NotAnalysableReason.NoOrders, "There are no completed orders to mine.") { Model = Metrics.Baskets.Model };
        }
        var asOf = await LatestOrderDayAsync(ct);
        var sets = ItemsetMiner.Mine(baskets, new ItemsetOptions { MinSupport = options.MinSupport, MaxLength = options.MaxLength });
        var rules = Recommender.Usable(RuleGenerator.Generate(sets, new RuleOptions { MinConfidence = options.MinConfidence, MaxLength = options.MaxLength }));

        var bought = new Dictionary<long, HashSet<int>>();
        for (var b = 0; b < baskets.Count; b++)
        {
            if (!bought.TryGetValue(loaded.Customers[b], out var items))
            {
                bought[loaded.Customers[b]] = items = [];
            }
            foreach (var i in baskets[b])
            {
                items.Add(i);
            }
        }
        var top = Metrics.Baskets.Ranks.Count;
        var customers = new List<CustomerRecommendations>();
        foreach (var (customer, items) in bought.OrderBy(p => p.Key))
        {
            var found = Recommender.Recommend(rules, items, top);
            if (found.Count > 0)
            {
                customers.Add(new CustomerRecommendations(customer, [.. found.Select(r => new ProductRecommendation(
                    baskets.ItemNames[r.Item], r.Confidence, r.Lift,
                    string.Join(' ', sets.Names(r.Rule.Antecedent).Order(StringComparer.Ordinal)) + " → " + baskets.ItemNames[r.Item]))]));
            }
        }
        var result = new RecommendResult(asOf, baskets.Count, baskets.ItemCount, sets.Itemsets.Count, rules.Length, customers);
        if (save)
        {
            var run = new ScoringRun(Metrics.Baskets.Model, VersionOf(options), asOf, Metrics.Baskets.All, customers.Count,
                options, new { result.Orders, result.Products, result.Itemsets, result.Rules });
            await RunWriter.WriteAsync(database, run, Rows(customers), ct: ct);
        }
        return result;
    }

    /// <summary>Runs with other settings are kept apart.</summary>
    public static string VersionOf(RecommendOptions options) => string.Create(CultureInfo.InvariantCulture,
        $"{Metrics.Baskets.Model}-s{options.MinSupport:R}-c{options.MinConfidence:R}-l{options.MaxLength}");

    async Task<DateOnly> LatestOrderDayAsync(CancellationToken ct)
    {
        await using var db = database.CreateContext();
        var latest = Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.MaxAsync(
            db.Orders.Where(o => o.Status == Domain.Sales.OrderStatus.Completed), o => o.OrderedAt, ct);
        return DateOnly.FromDateTime(await latest);
    }

    static IEnumerable<ScoreRow> Rows(List<CustomerRecommendations> customers)
    {
        foreach (var c in customers)
        {
            for (var k = 0; k < c.Products.Count; k++)
            {
                var (product, confidence) = Metrics.Baskets.Ranks[k];
                yield return product.OfLabel(c.CustomerId, c.Products[k].Sku);
                yield return confidence.Of(c.CustomerId, c.Products[k].Confidence);
            }
        }
    }
}
