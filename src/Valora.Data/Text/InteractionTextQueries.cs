using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Valora.Data.Scores;

namespace Valora.Data.Text;

/// <summary>One customer's message classes as the latest interaction-text run stored them (<see cref="ScoreInteractionText"/>).</summary>
/// <param name="ModelVersion">The text model's version the run wrote on its scores.</param>
/// <param name="AsOf">Messages before this day were classified.</param>
/// <param name="ClassShares">Share of the messages in each class, in the model's class order.</param>
/// <param name="NegativeClass">The run's negative class (null: it had none, and <paramref name="NegativeShare"/> is null).</param>
/// <param name="LastAt">When the latest classified message occurred (UTC).</param>
public sealed record CustomerInteractionText(
    long CustomerId,
    string ModelVersion,
    DateOnly AsOf,
    int Messages,
    IReadOnlyList<ClassShare> ClassShares,
    string TopClass,
    double TopShare,
    string? NegativeClass,
    double? NegativeShare,
    string LastClass,
    double LastProbability,
    DateTime? LastAt);

/// <summary>A class and the share of a customer's messages predicted in it.</summary>
public sealed record ClassShare(string Class, double Share);

/// <summary>
/// The read side of <see cref="Metrics.InteractionText"/> for one customer, used by the API and the dashboard: the
/// scores of the customer's latest run (the latest as-of date, then the most recently written), all from that one run.
/// </summary>
public sealed class InteractionTextQueries(ValoraDbContext db)
{
    /// <summary>Whether the customer exists (to tell "no such customer" from "not scored yet").</summary>
    public Task<bool> CustomerExistsAsync(long customerId, CancellationToken ct = default) => db.Customers.AnyAsync(c => c.Id == customerId, ct);

    /// <summary>The customer's latest interaction-text scores, or null when no run scored them.</summary>
    public async Task<CustomerInteractionText?> OfCustomerAsync(long customerId, CancellationToken ct = default)
    {
        var messages = Metrics.InteractionText.Messages.Name;
        var latest = await db.CustomerScores.AsNoTracking()
            .Where(s => s.CustomerId == customerId && s.Metric == messages)
            .OrderByDescending(s => s.AsOf).ThenByDescending(s => s.Id)
            .Select(s => new { s.AsOf, s.ModelVersion })
            .FirstOrDefaultAsync(ct);
        if (latest is null)
        {
            return null;
        }
        var names = Metrics.InteractionText.All.Select(m => m.Name).ToArray();
        var rows = await db.CustomerScores.AsNoTracking()
            .Where(s => s.CustomerId == customerId && s.AsOf == latest.AsOf && s.ModelVersion == latest.ModelVersion && names.Contains(s.Metric))
            .ToDictionaryAsync(s => s.Metric, s => (s.Value, s.Label), StringComparer.Ordinal, ct);
        var parameters = await db.AnalysisRuns.AsNoTracking()
            .Where(r => r.Model == Metrics.InteractionText.Model && r.Version == latest.ModelVersion && r.AsOf == latest.AsOf)
            .OrderByDescending(r => r.Id)
            .Select(r => r.ParametersJson)
            .FirstOrDefaultAsync(ct);

        double? Number(ScoreMetric m) => rows.TryGetValue(m.Name, out var r) ? r.Value : null;
        string? Label(ScoreMetric m) => rows.TryGetValue(m.Name, out var r) ? r.Label : null;
        var at = Label(Metrics.InteractionText.LastAt) is { } stamp
            && DateTime.TryParseExact(stamp, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed
            : (DateTime?)null;
        return new CustomerInteractionText(
            customerId,
            latest.ModelVersion,
            latest.AsOf,
            (int)(Number(Metrics.InteractionText.Messages) ?? 0),
            ParseShares(Label(Metrics.InteractionText.ClassShares)),
            Label(Metrics.InteractionText.TopClass) ?? "",
            Number(Metrics.InteractionText.TopShare) ?? 0,
            NegativeClassOf(parameters),
            Number(Metrics.InteractionText.NegativeShare),
            Label(Metrics.InteractionText.LastClass) ?? "",
            Number(Metrics.InteractionText.LastProbability) ?? 0,
            at);
    }

    /// <summary>Reads <see cref="ScoreInteractionText.FormatShares"/>' "class share; …" back (a class name may hold spaces: the share is after the last one).</summary>
    public static IReadOnlyList<ClassShare> ParseShares(string? stored)
    {
        if (string.IsNullOrWhiteSpace(stored))
        {
            return [];
        }
        var shares = new List<ClassShare>();
        foreach (var part in stored.Split("; ", StringSplitOptions.RemoveEmptyEntries))
        {
            var at = part.LastIndexOf(' ');
            if (at > 0 && double.TryParse(part[(at + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var share))
            {
                shares.Add(new ClassShare(part[..at], share));
            }
        }
        return shares;
    }

    static string? NegativeClassOf(string? parametersJson)
    {
        if (parametersJson is null)
        {
            return null;
        }
        using var json = JsonDocument.Parse(parametersJson);
        return json.RootElement.TryGetProperty("negativeClass", out var negative) && negative.ValueKind == JsonValueKind.String ? negative.GetString() : null;
    }
}
