using System.Globalization;
using Valora.Domain.Sales;

namespace Valora.Data.Forecasting;

/// <summary>What a sales series counts per period.</summary>
public enum SeriesMetric
{
    /// <summary>Revenue of the completed orders placed in the period.</summary>
    Revenue,

    /// <summary>Completed orders placed in the period.</summary>
    Orders,

    /// <summary>Distinct customers with a completed order in the period.</summary>
    Active,
}

/// <summary>The length of one period of a sales series.</summary>
public enum SeriesGranularity
{
    /// <summary>Calendar days (UTC).</summary>
    Day,

    /// <summary>ISO weeks, Monday to Sunday.</summary>
    Week,

    /// <summary>Calendar months.</summary>
    Month,
}

/// <summary>One period of a series: its first day and its value.</summary>
public sealed record SeriesPoint(DateOnly Start, double Value);

/// <summary>
/// Sales series (revenue, orders, active customers) by day, week or month from the completed purchases of
/// <see cref="Analysis.CustomerDataset"/> (one per order, money in one currency). Every period from the first purchase's
/// to the last complete one on or before the as-of date is listed, empty periods as 0; a period that ends after the
/// as-of date is left out, since a partial period would look like a drop.
/// </summary>
public static class SalesSeries
{
    /// <summary>The stable names used by the CLI and the API: revenue, orders, active.</summary>
    public static string Name(SeriesMetric metric) => metric.ToString().ToLowerInvariant();

    /// <summary>The stable names used by the CLI and the API: day, week, month.</summary>
    public static string Name(SeriesGranularity by) => by.ToString().ToLowerInvariant();

    /// <summary>Parses revenue|orders|active (case-insensitive).</summary>
    public static bool TryParseMetric(string? text, out SeriesMetric metric) =>
        Enum.TryParse(text, true, out metric) && Enum.IsDefined(metric) && !int.TryParse(text, out _);

    /// <summary>Parses day|week|month (case-insensitive).</summary>
    public static bool TryParseGranularity(string? text, out SeriesGranularity by) =>
        Enum.TryParse(text, true, out by) && Enum.IsDefined(by) && !int.TryParse(text, out _);

    /// <summary>The first day of the period containing <paramref name="day"/>.</summary>
    public static DateOnly PeriodStart(DateOnly day, SeriesGranularity by) => by switch
    {
        SeriesGranularity.Day => day,
        SeriesGranularity.Week => day.AddDays(-(((int)day.DayOfWeek + 6) % 7)),
        _ => new DateOnly(day.Year, day.Month, 1),
    };

    /// <summary>The first day of the period after the one starting on <paramref name="start"/>.</summary>
    public static DateOnly Next(DateOnly start, SeriesGranularity by) => by switch
    {
        SeriesGranularity.Day => start.AddDays(1),
        SeriesGranularity.Week => start.AddDays(7),
        _ => start.AddMonths(1),
    };

    /// <summary>
    /// The natural season length first (7 days, 52 weeks, 12 months), then shorter ones tried when the history is too
    /// short for two natural seasons (13 or 4 weeks; 6 or 3 months).
    /// </summary>
    public static IReadOnlyList<int> SeasonCandidates(SeriesGranularity by) => by switch
    {
        SeriesGranularity.Day => [7],
        SeriesGranularity.Week => [52, 13, 4],
        _ => [12, 6, 3],
    };

    /// <summary>The series of <paramref name="metric"/> by <paramref name="by"/> up to <paramref name="asOf"/> (see the class).</summary>
    public static IReadOnlyList<SeriesPoint> Build(IReadOnlyList<Purchase> purchases, SeriesMetric metric, SeriesGranularity by, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(purchases);
        var inRange = purchases.Where(p => DateOnly.FromDateTime(p.OccurredAtUtc) <= asOf).ToList();
        if (inRange.Count == 0)
        {
            return [];
        }
        var first = PeriodStart(DateOnly.FromDateTime(inRange.Min(p => p.OccurredAtUtc)), by);
        var starts = new List<DateOnly>();
        for (var s = first; Next(s, by).AddDays(-1) <= asOf; s = Next(s, by))
        {
            starts.Add(s);
        }
        var index = new Dictionary<DateOnly, int>();
        for (var i = 0; i < starts.Count; i++)
        {
            index[starts[i]] = i;
        }
        var values = new double[starts.Count];
        var active = metric == SeriesMetric.Active ? starts.Select(_ => new HashSet<long>()).ToArray() : null;
        foreach (var p in inRange)
        {
            if (!index.TryGetValue(PeriodStart(DateOnly.FromDateTime(p.OccurredAtUtc), by), out var i))
            {
                continue;
            }
            switch (metric)
            {
                case SeriesMetric.Revenue:
                    values[i] += (double)p.Revenue;
                    break;
                case SeriesMetric.Orders:
                    values[i] += 1;
                    break;
                default:
                    active![i].Add(p.CustomerId);
                    break;
            }
        }
        if (active is not null)
        {
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = active[i].Count;
            }
        }
        return [.. starts.Select((s, i) => new SeriesPoint(s, values[i]))];
    }

    /// <summary>"revenue by week" and the like, for messages.</summary>
    public static string Describe(SeriesMetric metric, SeriesGranularity by) =>
        string.Create(CultureInfo.InvariantCulture, $"{Name(metric)} by {Name(by)}");
}
