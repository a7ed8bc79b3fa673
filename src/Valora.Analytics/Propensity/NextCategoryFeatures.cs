namespace Valora.Analytics.Propensity;

/// <summary>
/// The one function that turns customers' category lines into next-category features as of a date, shared by
/// training and scoring so the two cannot drift. Only lines strictly before the as-of day are read (a line on the
/// as-of day or later is the future), and only customers with at least one such line are described. An order is a
/// customer's lines at one instant; its <em>category</em> is the one with the most revenue in it (ties: the first in
/// ordinal order).
/// </summary>
/// <remarks>
/// Features, in row order: <c>days_since_last_order</c> (as-of day − day of the last order), <c>orders</c>,
/// <c>revenue</c> (sum), <c>average_order_value</c>, <c>tenure_days</c> (as-of day − first order day),
/// <c>orders_last_90d</c>, then per category c of the given list <c>share_c</c> (c's share of the customer's revenue,
/// 0 when the revenue is 0) and <c>last_c</c> (1 when c is the category of the last order, else 0). A category not in
/// the list counts in the orders and revenue but has no share or last column.
/// </remarks>
public static class NextCategoryFeatures
{
    /// <summary>The columns that do not depend on the categories.</summary>
    public static readonly IReadOnlyList<string> BaseNames =
        ["days_since_last_order", "orders", "revenue", "average_order_value", "tenure_days", "orders_last_90d"];

    /// <summary>Every column name for these categories, in row order.</summary>
    public static IReadOnlyList<string> Names(IReadOnlyList<string> categories)
    {
        ArgumentNullException.ThrowIfNull(categories);
        return [.. BaseNames, .. categories.Select(c => "share_" + c), .. categories.Select(c => "last_" + c)];
    }

    /// <summary>The distinct categories of the lines before <paramref name="asOf"/>, in ordinal order.</summary>
    public static IReadOnlyList<string> Categories(IEnumerable<CategoryLine> lines, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var cutoff = Start(asOf);
        return [.. lines.Where(l => l.OccurredAtUtc < cutoff).Select(l => l.Category).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    /// <summary>Features of every customer with a line before <paramref name="asOf"/>, ordered by customer id.</summary>
    /// <param name="lines">Merchandise lines of completed orders (any order; later ones are ignored).</param>
    /// <param name="asOf">The as-of day: only lines before its start are used.</param>
    /// <param name="categories">The categories that get share and last columns (those of the training data), ordinal order.</param>
    public static NextCategoryFeatureSet From(IEnumerable<CategoryLine> lines, DateOnly asOf, IReadOnlyList<string> categories)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(categories);
        var cutoff = Start(asOf);
        var index = categories.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i, StringComparer.Ordinal);
        var byCustomer = new SortedDictionary<long, List<CategoryLine>>();
        foreach (var l in lines)
        {
            if (l.OccurredAtUtc >= cutoff) continue;
            if (!byCustomer.TryGetValue(l.CustomerId, out var list)) byCustomer[l.CustomerId] = list = [];
            list.Add(l);
        }
        var ids = new long[byCustomer.Count];
        var rows = new float[byCustomer.Count][];
        var counts = new int[byCustomer.Count][];
        var i = 0;
        foreach (var (id, list) in byCustomer)
        {
            ids[i] = id;
            (rows[i], counts[i]) = Row(list, asOf, categories, index);
            i++;
        }
        return new NextCategoryFeatureSet(asOf, categories, ids, rows, counts);
    }

    /// <summary>
    /// Labels for training as of the features' as-of day: the category of each customer's first order in the
    /// <paramref name="windowDays"/> days from the as-of day on ([asOf, asOf + window)); null when they made none.
    /// </summary>
    public static string?[] Labels(NextCategoryFeatureSet features, IEnumerable<CategoryLine> lines, int windowDays)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentOutOfRangeException.ThrowIfLessThan(windowDays, 1);
        var from = Start(features.AsOf);
        var to = from.AddDays(windowDays);
        var first = new Dictionary<long, List<CategoryLine>>();
        foreach (var l in lines)
        {
            if (l.OccurredAtUtc < from || l.OccurredAtUtc >= to) continue;
            if (!first.TryGetValue(l.CustomerId, out var list))
            {
                first[l.CustomerId] = [l];
            }
            else if (l.OccurredAtUtc < list[0].OccurredAtUtc)
            {
                list.Clear();
                list.Add(l);
            }
            else if (l.OccurredAtUtc == list[0].OccurredAtUtc)
            {
                list.Add(l);
            }
        }
        return [.. features.CustomerIds.Select(id => first.TryGetValue(id, out var order) ? CategoryOf(order) : null)];
    }

    /// <summary>The category of an order: the most revenue, ties the first in ordinal order.</summary>
    public static string CategoryOf(IEnumerable<CategoryLine> order)
    {
        ArgumentNullException.ThrowIfNull(order);
        return order.GroupBy(l => l.Category, StringComparer.Ordinal)
            .Select(g => (Category: g.Key, Revenue: g.Sum(l => l.Revenue)))
            .OrderByDescending(g => g.Revenue).ThenBy(g => g.Category, StringComparer.Ordinal)
            .First().Category;
    }

    static DateTime Start(DateOnly day) => day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

    static (float[] Row, int[] OrdersPerCategory) Row(List<CategoryLine> lines, DateOnly asOf, IReadOnlyList<string> categories,
        Dictionary<string, int> index)
    {
        static int Day(DateTime t) => DateOnly.FromDateTime(t).DayNumber;
        var today = asOf.DayNumber;
        var orders = lines.GroupBy(l => l.OccurredAtUtc).OrderBy(g => g.Key).ToArray();
        var k = categories.Count;
        var spend = new decimal[k];
        var ordersPer = new int[k];
        decimal revenue = 0;
        var last90 = 0;
        foreach (var order in orders)
        {
            if (today - Day(order.Key) <= 90) last90++;
            foreach (var c in order.Select(l => l.Category).Distinct(StringComparer.Ordinal))
            {
                if (index.TryGetValue(c, out var j)) ordersPer[j]++;
            }
            foreach (var l in order)
            {
                revenue += l.Revenue;
                if (index.TryGetValue(l.Category, out var j)) spend[j] += l.Revenue;
            }
        }
        var n = orders.Length;
        var row = new float[BaseNames.Count + 2 * k];
        row[0] = today - Day(orders[^1].Key);
        row[1] = n;
        row[2] = (float)revenue;
        row[3] = (float)(revenue / n);
        row[4] = today - Day(orders[0].Key);
        row[5] = last90;
        for (var j = 0; j < k; j++)
        {
            row[BaseNames.Count + j] = revenue == 0 ? 0 : (float)(spend[j] / revenue);
        }
        if (index.TryGetValue(CategoryOf(orders[^1]), out var lastIndex))
        {
            row[BaseNames.Count + k + lastIndex] = 1;
        }
        return (row, ordersPer);
    }
}

/// <summary>Customers' next-category features as of a date (from <see cref="NextCategoryFeatures.From"/>).</summary>
/// <param name="AsOf">The as-of day.</param>
/// <param name="Categories">The categories of the share and last columns, in their order.</param>
/// <param name="CustomerIds">Customer of each row, ascending.</param>
/// <param name="Rows">One feature vector per customer, columns as <see cref="NextCategoryFeatures.Names"/>.</param>
/// <param name="OrdersPerCategory">Per customer and category, the orders before the as-of day with a line in it (the baseline reads these).</param>
public sealed record NextCategoryFeatureSet(DateOnly AsOf, IReadOnlyList<string> Categories, IReadOnlyList<long> CustomerIds,
    IReadOnlyList<float[]> Rows, IReadOnlyList<int[]> OrdersPerCategory);
