using Valora.Data.Records;
using Valora.Domain.Interactions;

namespace Valora.Data.Interactions;

/// <summary>
/// One contact with a customer as a caller logs it: the channel (<c>email</c>, <c>phone</c>, <c>sms</c>, <c>chat</c>,
/// <c>meeting</c>, <c>visit</c>), the direction (<c>inbound</c> or <c>outbound</c>), when (UTC; a time without an offset
/// is taken as UTC), a subject, the text and the outcome.
/// </summary>
public sealed record InteractionInput
{
    public string? ExternalId { get; init; }
    public string? Channel { get; init; }
    public string? Direction { get; init; }
    public DateTime? OccurredAt { get; init; }
    public string? Subject { get; init; }
    public string? Text { get; init; }

    /// <summary>Free-form outcome, e.g. <c>interested</c>, <c>no answer</c>, <c>call back</c>.</summary>
    public string? Outcome { get; init; }

    /// <summary>Whether the customer responded; null when not applicable.</summary>
    public bool? Responded { get; init; }

    public const int MaxText = 10_000;

    /// <summary>The channel, direction and time parsed, the text fields trimmed; or every broken rule at once.</summary>
    /// <param name="nowUtc">An interaction may not lie more than a day after this.</param>
    public (InteractionInput Input, InteractionChannel Channel, InteractionDirection Direction, DateTime OccurredAtUtc) Validate(DateTime nowUtc)
    {
        var errors = new RecordErrors();
        var externalId = errors.Text("externalId", ExternalId, 100);
        var channel = Choice<InteractionChannel>(errors, "channel", Channel, required: true);
        var direction = Choice<InteractionDirection>(errors, "direction", Direction, required: true);
        var at = Utc(OccurredAt);
        if (at is null)
        {
            errors.Add("occurredAt", "is required (UTC, e.g. 2024-05-01T14:30:00Z).");
        }
        else if (at.Value.Year < 1970 || at.Value > nowUtc.AddDays(1))
        {
            errors.Add("occurredAt", "must lie between 1970 and tomorrow.");
        }
        var subject = errors.Text("subject", Subject, 200);
        var text = errors.Text("text", Text, MaxText);
        var outcome = errors.Text("outcome", Outcome, 100);
        errors.ThrowIfAny();
        return (this with { ExternalId = externalId, Channel = channel.ToString().ToLowerInvariant(), Direction = direction.ToString().ToLowerInvariant(),
            OccurredAt = at, Subject = subject, Text = text, Outcome = outcome }, channel, direction, at!.Value);
    }

    /// <summary>A time as UTC: converted when it carries an offset, taken as UTC when it has none.</summary>
    internal static DateTime? Utc(DateTime? value) => value switch
    {
        null => null,
        { Kind: DateTimeKind.Local } v => v.ToUniversalTime(),
        { Kind: DateTimeKind.Unspecified } v => DateTime.SpecifyKind(v, DateTimeKind.Utc),
        var v => v,
    };

    /// <summary>A name of <typeparamref name="T"/>, any case; numbers are refused (they would silently pick a member).</summary>
    public static T Choice<T>(RecordErrors errors, string field, string? value, bool required)
        where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                errors.Add(field, $"is required: one of {Names<T>()}.");
            }
            return default;
        }
        if (!Enum.TryParse<T>(value.Trim(), ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || value.Trim().Any(char.IsAsciiDigit))
        {
            errors.Add(field, $"must be one of {Names<T>()}.");
            return default;
        }
        return parsed;
    }

    static string Names<T>()
        where T : struct, Enum => string.Join(", ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()));
}
