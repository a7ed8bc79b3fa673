using Microsoft.EntityFrameworkCore;
using Valora.Data.Scores;
using Valora.Domain.Sales;

namespace Valora.Data.Baskets;

/// <summary>One product offered to a customer and the stored rule that leads to it.</summary>
/// <param name="Because">The rule, "22697 22698 → 22699": its antecedent is wholly among the customer's purchases.</param>
/// <param name="Rank">The rule's rank in its run.</param>
public sealed record ProductOffer(string Sku, double Confidence, double Lift, double Support, string Because, int Rank);

/// <summary>A customer's offers from one rules run.</summary>
/// <param name="Scope">Which orders the run mined ("all orders", "country United Kingdom", …).</param>
/// <param name="Bought">Distinct merchandise SKUs of the customer's completed orders.</param>
public sealed record CustomerOffers(long CustomerId, long RunId, string Version, DateOnly AsOf, string Scope, int Bought,
    IReadOnlyList<ProductOffer> Offers);

/// <summary>
/// Next-best offers from the latest stored rules run: for each SKU the customer has not bought, the best stored rule
/// A → {SKU} whose antecedent A they have wholly bought (over all their completed orders, merchandise lines), ranked by
/// confidence, then lift, then SKU — the same ranking as <see cref="Analytics.Baskets.Recommender"/>. Only rules with one
/// consequent item are used, so the confidence is exactly P(SKU | A).
/// </summary>
public sealed class RuleOffers(ValoraDbContext db)
{
    /// <summary>Most offers one request returns.</summary>
    public const int MaxTop = 50;

    /// <summary>The customer's offers; null when rules were never mined. The customer must exist (the caller checks).</summary>
    public async Task<CustomerOffers?> ForAsync(long customerId, int top = 5, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(top, MaxTop);
        var run = await new ScoreQueries(db).LatestRunAsync(MineOrderRules.Model, ct);
        if (run is null)
        {
            return null;
        }
        var bought = await BoughtAsync(customerId, ct);
        var described = RulesView.Describe(run, []);
        var offers = new List<ProductOffer>();
        if (bought.Count > 0)
        {
            // A JSON array of one string holds no "," between two quoted strings (a comma inside a code is inside quotes).
            var rows = await db.AssociationRules.AsNoTracking()
                .Where(r => r.RunId == run.Id && !r.Consequent.Contains("\",\""))
                .ToListAsync(ct);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var rule in rows.Select(MineOrderRules.View)
                .Where(r => r.Consequent.Count == 1)
                .OrderByDescending(r => r.Confidence).ThenByDescending(r => r.Lift)
                .ThenBy(r => r.Consequent[0], StringComparer.Ordinal).ThenBy(r => r.Rank))
            {
                var sku = rule.Consequent[0];
                if (bought.Contains(sku) || seen.Contains(sku) || !rule.Antecedent.All(bought.Contains))
                {
                    continue;
                }
                seen.Add(sku);
                offers.Add(new ProductOffer(sku, rule.Confidence, rule.Lift, rule.Support, rule.ToString(), rule.Rank));
                if (offers.Count == top)
                {
                    break;
                }
            }
        }
        return new CustomerOffers(customerId, run.Id, run.Version, run.AsOf, described.Options.Scope.Describe(), bought.Count, offers);
    }

    /// <summary>The merchandise SKUs of the customer's completed orders (the line's SKU, else its product's), as baskets are read.</summary>
    async Task<HashSet<string>> BoughtAsync(long customerId, CancellationToken ct)
    {
        var lines = await (from l in db.OrderLines
                           join o in db.Orders on l.OrderId equals o.Id
                           where o.CustomerId == customerId && o.Status == OrderStatus.Completed && l.IsMerchandise
                           join p in db.Products on l.ProductId equals p.Id into products
                           from p in products.DefaultIfEmpty()
                           select l.Sku ?? (p == null ? null : p.Sku)).Distinct().ToListAsync(ct);
        return new HashSet<string>(lines.OfType<string>(), StringComparer.Ordinal);
    }
}
