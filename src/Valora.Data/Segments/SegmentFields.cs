using Microsoft.EntityFrameworkCore;
using Valora.Analytics.Segments;
using Valora.Data.Analysis;
using Valora.Data.Scores;
using Valora.Domain.Sales;

namespace Valora.Data.Segments;

/// <summary>
/// The fields a segment rule may name, and every customer's values of them as of a date: measures computed from the
/// completed purchases up to the date, the customer's own fields, their tags, and the latest stored score of every
/// catalogued metric from runs on or before the date (<see cref="Metrics.All"/>, e.g. <c>clv</c>, <c>churn_tier</c>,
/// <c>rfm_segment</c>, <c>lifecycle_stage</c>).
/// </summary>
public static class SegmentFields
{
    /// <summary>The measures and customer fields, with what they mean.</summary>
    public static IReadOnlyList<(string Name, FieldType Type, string Description)> Own { get; } =
    [
        ("orders", FieldType.Number, "Completed orders up to the date"),
        ("orders_12m", FieldType.Number, "Completed orders in the 365 days up to the date"),
        ("revenue", FieldType.Number, "Revenue up to the date"),
        ("revenue_12m", FieldType.Number, "Revenue in the 365 days up to the date"),
        ("monthly_avg_spend", FieldType.Number, "Revenue of the 365 days up to the date ÷ 12"),
        ("avg_order_value", FieldType.Number, "Revenue ÷ orders (none without orders)"),
        ("days_since_last_purchase", FieldType.Number, "Days from the last purchase to the date (none without orders)"),
        ("tenure_days", FieldType.Number, "Days from the first purchase to the date (none without orders)"),
        ("income", FieldType.Number, "The customer's income"),
        ("age", FieldType.Number, "Age in whole years at the date, from the birth date"),
        ("acquisition_cost", FieldType.Number, "What acquiring the customer cost"),
        ("country", FieldType.Text, "Country"),
        ("region", FieldType.Text, "Region"),
        ("city", FieldType.Text, "City"),
        ("gender", FieldType.Text, "Gender (female, male, other, unknown)"),
        ("acquisition_channel", FieldType.Text, "Acquisition channel"),
        ("email_consent", FieldType.Boolean, "Consents to e-mail"),
        ("sms_consent", FieldType.Boolean, "Consents to SMS"),
        ("phone_consent", FieldType.Boolean, "Consents to calls"),
        ("tag", FieldType.TextSet, "The customer's tags: tag = 'vip' means has the tag vip"),
    ];

    /// <summary>Every field by name: the own ones and every catalogued score metric.</summary>
    public static IReadOnlyDictionary<string, FieldType> All { get; } = Own.Select(f => (f.Name, f.Type))
        .Concat(Metrics.All.Where(m => m.Model != Metrics.Segments.Model).Select(m => (m.Name, m.Kind == MetricKind.Number ? FieldType.Number : FieldType.Text)))
        .ToDictionary(f => f.Item1, f => f.Item2, StringComparer.OrdinalIgnoreCase);

    /// <summary>Every customer's values as of the day (customers without purchases too: they have customer fields and tags).</summary>
    public static async Task<IReadOnlyList<CustomerFields>> LoadAsync(ValoraDatabase database, DateOnly day, IReadOnlyList<Purchase> purchases,
        IReadOnlyCollection<string>? fields = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(purchases);
        var end = day.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var yearStart = end.AddDays(-365);
        var measures = new Dictionary<long, Measures>();
        foreach (var p in purchases)
        {
            if (p.OccurredAtUtc >= end)
            {
                continue;
            }
            if (!measures.TryGetValue(p.CustomerId, out var m))
            {
                measures[p.CustomerId] = m = new Measures { First = p.OccurredAtUtc, Last = p.OccurredAtUtc };
            }
            m.Orders++;
            m.Revenue += (double)p.Revenue;
            if (p.OccurredAtUtc >= yearStart)
            {
                m.Orders12++;
                m.Revenue12 += (double)p.Revenue;
            }
            if (p.OccurredAtUtc < m.First)
            {
                m.First = p.OccurredAtUtc;
            }
            if (p.OccurredAtUtc > m.Last)
            {
                m.Last = p.OccurredAtUtc;
            }
        }

        await using var db = database.CreateContext();
        var customers = await db.Customers.AsNoTracking()
            .Select(c => new { c.Id, c.Country, c.Region, c.City, c.Gender, c.AcquisitionChannel, c.EmailConsent, c.SmsConsent, c.PhoneConsent, c.Income, c.BirthDate, c.AcquisitionCost })
            .ToListAsync(ct);
        var tags = (await db.CustomerTags.AsNoTracking().Join(db.Tags, ct2 => ct2.TagId, t => t.Id, (ct2, t) => new { ct2.CustomerId, t.Name }).ToListAsync(ct))
            .GroupBy(t => t.CustomerId).ToDictionary(g => g.Key, g => (IReadOnlyCollection<string>)g.Select(t => t.Name).ToArray());

        // The latest run of each model on or before the day, for the score metrics the rule reads.
        var wanted = Metrics.All.Where(m => m.Model != Metrics.Segments.Model && (fields is null || fields.Contains(m.Name, StringComparer.OrdinalIgnoreCase))).ToArray();
        var numbers = new Dictionary<string, Dictionary<long, double>>(StringComparer.OrdinalIgnoreCase);
        var labels = new Dictionary<string, Dictionary<long, string>>(StringComparer.OrdinalIgnoreCase);
        var queries = new ScoreQueries(db);
        foreach (var model in wanted.GroupBy(m => m.Model))
        {
            var run = await db.AnalysisRuns.AsNoTracking().Where(r => r.Model == model.Key && r.AsOf <= day).OrderByDescending(r => r.Id).FirstOrDefaultAsync(ct);
            if (run is null)
            {
                continue;
            }
            foreach (var metric in model)
            {
                if (metric.Kind == MetricKind.Number)
                {
                    numbers[metric.Name] = await queries.NumbersAsync(run, metric, ct: ct);
                }
                else
                {
                    labels[metric.Name] = await queries.LabelsAsync(run, metric, ct: ct);
                }
            }
        }

        return [.. customers.OrderBy(c => c.Id).Select(c =>
        {
            var own = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
            var texts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var m = measures.GetValueOrDefault(c.Id);
            own["orders"] = m?.Orders ?? 0;
            own["orders_12m"] = m?.Orders12 ?? 0;
            own["revenue"] = m?.Revenue ?? 0;
            own["revenue_12m"] = m?.Revenue12 ?? 0;
            own["monthly_avg_spend"] = (m?.Revenue12 ?? 0) / 12;
            if (m is not null)
            {
                own["avg_order_value"] = m.Revenue / m.Orders;
                own["days_since_last_purchase"] = day.DayNumber - DateOnly.FromDateTime(m.Last).DayNumber;
                own["tenure_days"] = day.DayNumber - DateOnly.FromDateTime(m.First).DayNumber;
            }
            if (c.Income is { } income)
            {
                own["income"] = (double)income;
            }
            if (c.AcquisitionCost is { } cost)
            {
                own["acquisition_cost"] = (double)cost;
            }
            if (c.BirthDate is { } born && born <= day)
            {
                own["age"] = day.Year - born.Year - (day < born.AddYears(day.Year - born.Year) ? 1 : 0);
            }
            foreach (var (name, value) in new[] { ("country", c.Country), ("region", c.Region), ("city", c.City), ("acquisition_channel", c.AcquisitionChannel) })
            {
                if (value is not null)
                {
                    texts[name] = value;
                }
            }
            texts["gender"] = c.Gender.ToString().ToLowerInvariant();
            foreach (var (name, values) in numbers)
            {
                if (values.TryGetValue(c.Id, out var x))
                {
                    own[name] = x;
                }
            }
            foreach (var (name, values) in labels)
            {
                if (values.TryGetValue(c.Id, out var x))
                {
                    texts[name] = x;
                }
            }
            return new CustomerFields(c.Id, own, texts, tags.GetValueOrDefault(c.Id, []),
                new Dictionary<string, bool>(StringComparer.OrdinalIgnoreCase) { ["email_consent"] = c.EmailConsent, ["sms_consent"] = c.SmsConsent, ["phone_consent"] = c.PhoneConsent });
        })];
    }

    sealed class Measures
    {
        public int Orders;
        public int Orders12;
        public double Revenue;
        public double Revenue12;
        public DateTime First;
        public DateTime Last;
    }
}

/// <summary>One customer's field values as a segment rule reads them.</summary>
public sealed class CustomerFields(long customerId, IReadOnlyDictionary<string, double> numbers, IReadOnlyDictionary<string, string> texts,
    IReadOnlyCollection<string> tags, IReadOnlyDictionary<string, bool> booleans) : ISegmentRecord
{
    public long CustomerId { get; } = customerId;

    public double? Number(string field) => numbers.TryGetValue(field, out var x) ? x : null;

    public string? Text(string field) => texts.GetValueOrDefault(field);

    public IReadOnlyCollection<string> Texts(string field) => string.Equals(field, "tag", StringComparison.OrdinalIgnoreCase) ? tags : [];

    public bool? Boolean(string field) => booleans.TryGetValue(field, out var b) ? b : null;
}
