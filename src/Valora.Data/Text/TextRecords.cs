using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Valora.Data.Tables;

namespace Valora.Data.Text;

/// <summary>Which of Valora's own records a text model learns from (<c>valora text train --records …</c>).</summary>
public enum TextRecordSource
{
    /// <summary>Ticket texts; labels: kind (Complaint, Inquiry, Feedback), priority, status.</summary>
    Tickets,

    /// <summary>Interaction texts; labels: outcome (the response a message got), responded, channel, direction.</summary>
    Interactions,

    /// <summary>Survey free text; labels: score, instrument, nps_group (promoter, passive, detractor on a 0–10 scale).</summary>
    Surveys,
}

/// <summary>
/// Valora's own labelled records laid out as a table, so a text model learns from them exactly as from a user's file
/// (<see cref="TrainTextFromTable"/>: same folds, filter, calibration and model file). Each source has an id column,
/// the customer's external id, the date, a <c>text</c> column and its label columns; only records with a text that
/// occurred before the as-of date are read, so a model trained as of a past date knows only what was known then.
/// </summary>
public static class TextRecords
{
    /// <summary>The text column of every source.</summary>
    public const string TextColumn = "text";

    /// <summary>The label a source is trained on when none is given: ticket kind, interaction outcome, survey NPS group.</summary>
    public static string DefaultLabel(TextRecordSource source) => source switch
    {
        TextRecordSource.Tickets => "kind",
        TextRecordSource.Interactions => "outcome",
        _ => "nps_group",
    };

    /// <summary>The source's label columns, the default (<see cref="DefaultLabel"/>) first.</summary>
    public static IReadOnlyList<string> LabelColumns(TextRecordSource source) => source switch
    {
        TextRecordSource.Tickets => ["kind", "priority", "status"],
        TextRecordSource.Interactions => ["outcome", "responded", "channel", "direction"],
        _ => ["nps_group", "score", "instrument"],
    };

    /// <summary>The sources' names as written on the command line and in the API: tickets, interactions, surveys.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Enum.GetValues<TextRecordSource>().Select(NameOf)];

    /// <summary>Reads "tickets", "interactions" or "surveys" (any case, trimmed); false for any other value.</summary>
    public static bool TryParse(string? value, out TextRecordSource source)
    {
        var name = value?.Trim();
        var at = Enum.GetValues<TextRecordSource>().Where(s => string.Equals(NameOf(s), name, StringComparison.OrdinalIgnoreCase)).ToArray();
        source = at.FirstOrDefault();
        return at.Length == 1;
    }

    /// <summary>Parses "tickets", "interactions" or "surveys".</summary>
    /// <exception cref="ArgumentException">Any other value (the message lists the sources).</exception>
    public static TextRecordSource Parse(string value) => TryParse(value, out var source)
        ? source
        : throw new ArgumentException($"--records must be tickets, interactions or surveys (got '{value}').");

    /// <summary>Reads the source's records with a text before <paramref name="asOf"/> (UTC midnight; null: all), oldest first.</summary>
    public static async Task<TableFile> LoadAsync(ValoraDatabase database, TextRecordSource source, DateOnly? asOf = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        var end = asOf?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) ?? DateTime.MaxValue;
        var name = asOf is { } d ? string.Create(CultureInfo.InvariantCulture, $"valora {NameOf(source)} before {d:yyyy-MM-dd}") : $"valora {NameOf(source)}";
        await using var db = database.CreateContext();
        switch (source)
        {
            case TextRecordSource.Tickets:
            {
                var rows = await db.Tickets.AsNoTracking()
                    .Where(t => t.Text != null && t.Text != "" && t.OpenedAt < end)
                    .Join(db.Customers, t => t.CustomerId, c => c.Id, (t, c) => new { t.Id, t.ExternalId, Customer = c.ExternalId, t.OpenedAt, t.Subject, t.Text, t.Kind, t.Priority, t.Status })
                    .OrderBy(t => t.OpenedAt).ThenBy(t => t.Id)
                    .ToListAsync(ct);
                return TableFile.FromRows(name, ["ticket", "customer", "opened_at", "subject", TextColumn, "kind", "priority", "status"],
                    [.. rows.Select(t => new[] { t.ExternalId, t.Customer, Stamp(t.OpenedAt), t.Subject ?? "", t.Text!, t.Kind.ToString(), t.Priority.ToString(), t.Status.ToString() })]);
            }
            case TextRecordSource.Interactions:
            {
                var rows = await db.Interactions.AsNoTracking()
                    .Where(i => i.Text != null && i.Text != "" && i.OccurredAt < end)
                    .Join(db.Customers, i => i.CustomerId, c => c.Id, (i, c) => new { i.Id, i.ExternalId, Customer = c.ExternalId, i.OccurredAt, i.Channel, i.Direction, i.Subject, i.Text, i.Outcome, i.Responded })
                    .OrderBy(i => i.OccurredAt).ThenBy(i => i.Id)
                    .ToListAsync(ct);
                return TableFile.FromRows(name, ["interaction", "customer", "occurred_at", "channel", "direction", "subject", TextColumn, "outcome", "responded"],
                    [.. rows.Select(i => new[]
                    {
                        i.ExternalId, i.Customer, Stamp(i.OccurredAt), i.Channel.ToString(), i.Direction.ToString(), i.Subject ?? "", i.Text!, i.Outcome ?? "",
                        i.Responded is { } r ? (r ? "yes" : "no") : "",
                    })]);
            }
            default:
            {
                var rows = await db.SurveyResponses.AsNoTracking()
                    .Where(s => s.Text != null && s.Text != "" && s.AnsweredAt < end)
                    .Join(db.Customers, s => s.CustomerId, c => c.Id, (s, c) => new { s.Id, s.ExternalId, Customer = c.ExternalId, s.AnsweredAt, s.Instrument, s.Question, s.Score, s.ScaleMin, s.ScaleMax, s.Text })
                    .OrderBy(s => s.AnsweredAt).ThenBy(s => s.Id)
                    .ToListAsync(ct);
                return TableFile.FromRows(name, ["response", "customer", "answered_at", "instrument", "question", TextColumn, "score", "nps_group"],
                    [.. rows.Select(s => new[]
                    {
                        s.ExternalId, s.Customer, Stamp(s.AnsweredAt), s.Instrument, s.Question, s.Text!,
                        s.Score?.ToString(CultureInfo.InvariantCulture) ?? "", NpsGroup(s.Score, s.ScaleMin, s.ScaleMax),
                    })]);
            }
        }
    }

    /// <summary>Promoter (9–10), passive (7–8) or detractor (0–6) for an answer on a 0–10 scale; blank otherwise.</summary>
    public static string NpsGroup(int? score, int scaleMin, int scaleMax) => (score, scaleMin, scaleMax) switch
    {
        ({ } s, 0, 10) when s >= 9 => "promoter",
        ({ } s, 0, 10) when s >= 7 => "passive",
        ({ }, 0, 10) => "detractor",
        _ => "",
    };

    /// <summary>The source's name: tickets, interactions or surveys.</summary>
    public static string NameOf(TextRecordSource source) => source.ToString().ToLowerInvariant();

    static string Stamp(DateTime at) => at.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
