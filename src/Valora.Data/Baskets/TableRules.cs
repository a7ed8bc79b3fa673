using System.Diagnostics;
using System.Globalization;
using Valora.Analytics.Baskets;
using Valora.Data.Tables;

namespace Valora.Data.Baskets;

/// <summary>
/// Association rules from a user's own table of lines (<c>valora rules --data lines.csv --basket invoice --item sku</c>):
/// one row per (basket, item), in any order; repeats of an item in a basket count once. The table is read by
/// <see cref="TableFile"/>; a row with an empty basket or item is an error naming its line and column (a silently
/// dropped line would change every support).
/// </summary>
public static class TableRules
{
    /// <summary>Reads the baskets of <paramref name="table"/>.</summary>
    /// <param name="basketOption">What named the basket column (e.g. "--basket"), for messages.</param>
    /// <param name="itemOption">What named the item column, for messages.</param>
    /// <param name="excludeItems">Items to leave out (e.g. POST, DOT, BANK CHARGES), compared exactly.</param>
    public static BasketData ReadBaskets(TableFile table, string basketColumn, string itemColumn,
        IReadOnlyCollection<string>? excludeItems = null, string basketOption = "--basket", string itemOption = "--item")
    {
        ArgumentNullException.ThrowIfNull(table);
        var b = table.Require(basketColumn, basketOption);
        var i = table.Require(itemColumn, itemOption);
        var excluded = new HashSet<string>(excludeItems ?? [], StringComparer.Ordinal);
        var builder = new BasketBuilder();
        for (var r = 0; r < table.Rows.Count; r++)
        {
            var row = table.Rows[r];
            var basket = row[b].Trim();
            var item = row[i].Trim();
            if (basket.Length == 0 || item.Length == 0)
            {
                var column = basket.Length == 0 ? table.Columns[b] : table.Columns[i];
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                    $"'{table.Path}' line {table.Lines[r]}: column '{column}' is empty; every line needs a basket and an item."));
            }
            if (excluded.Contains(item))
            {
                builder.AddBasket(basket);
                continue;
            }
            builder.Add(basket, item);
        }
        if (builder.BasketCount == 0)
        {
            throw new InvalidDataException($"'{table.Path}' has no data rows: there are no baskets to mine.");
        }
        return builder.Build();
    }

    /// <summary>Mines <paramref name="baskets"/> and generates the rules, timing each step.</summary>
    public static RulesResult Mine(BasketData baskets, ItemsetOptions itemsets, RuleOptions rules)
    {
        ArgumentNullException.ThrowIfNull(baskets);
        var clock = Stopwatch.StartNew();
        var sets = ItemsetMiner.Mine(baskets, itemsets);
        var mining = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var found = RuleGenerator.Generate(sets, rules);
        return new RulesResult(baskets, sets, found, mining, clock.Elapsed.TotalSeconds);
    }
}

/// <summary>Itemsets and rules with the seconds mining and rule generation took.</summary>
public sealed record RulesResult(BasketData Baskets, FrequentItemsets Itemsets, IReadOnlyList<AssociationRule> Rules,
    double MiningSeconds, double RuleSeconds);
