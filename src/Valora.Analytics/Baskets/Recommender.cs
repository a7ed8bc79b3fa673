namespace Valora.Analytics.Baskets;

/// <summary>One next-best item for a customer: the item and the best rule that leads to it.</summary>
/// <param name="Item">The recommended item id (not yet bought).</param>
/// <param name="Confidence">P(item | antecedent) of the rule chosen.</param>
/// <param name="Lift">Lift of that rule.</param>
/// <param name="Rule">The rule: its antecedent is wholly among the customer's items, its consequent is the item.</param>
public sealed record Recommendation(int Item, double Confidence, double Lift, AssociationRule Rule);

/// <summary>
/// Next-best items from association rules: for each item a customer has not bought, the best rule A → {item} whose
/// antecedent A the customer has wholly bought, ranked by confidence, then lift, then item id. Only rules with one item
/// as consequent are used, so the confidence is exactly P(item | A) (a rule A → {x, y} only bounds P(x | A) from below).
/// </summary>
public static class Recommender
{
    /// <summary>The rules fit to recommend with (one consequent item), best first.</summary>
    public static AssociationRule[] Usable(IEnumerable<AssociationRule> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        return [.. rules.Where(r => r.Consequent.Length == 1)
            .OrderByDescending(r => r.Confidence).ThenByDescending(r => r.Lift).ThenBy(r => r.Consequent[0])];
    }

    /// <summary>At most <paramref name="top"/> items for someone who bought <paramref name="bought"/>.</summary>
    /// <param name="usable">Rules from <see cref="Usable"/> (best first: the first rule reaching an item is its best).</param>
    /// <param name="bought">Item ids the customer has bought.</param>
    /// <param name="top">Most items to return (at least 1).</param>
    public static List<Recommendation> Recommend(IReadOnlyList<AssociationRule> usable, IReadOnlySet<int> bought, int top)
    {
        ArgumentNullException.ThrowIfNull(usable);
        ArgumentNullException.ThrowIfNull(bought);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        var found = new List<Recommendation>(top);
        var seen = new HashSet<int>();
        foreach (var rule in usable)
        {
            var item = rule.Consequent[0];
            if (bought.Contains(item) || seen.Contains(item) || !AllIn(rule.Antecedent, bought))
            {
                continue;
            }
            seen.Add(item);
            found.Add(new Recommendation(item, rule.Confidence, rule.Lift, rule));
            if (found.Count == top)
            {
                break;
            }
        }
        return found;
    }

    static bool AllIn(int[] items, IReadOnlySet<int> bought)
    {
        foreach (var i in items)
        {
            if (!bought.Contains(i))
            {
                return false;
            }
        }
        return true;
    }
}
