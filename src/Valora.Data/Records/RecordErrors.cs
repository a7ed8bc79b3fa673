namespace Valora.Data.Records;

/// <summary>Collects the broken rules of one record, field by field, and throws them together.</summary>
public sealed class RecordErrors
{
    readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    /// <summary>Every broken rule so far, field by field, for callers that report them per item instead of throwing.</summary>
    public IEnumerable<(string Field, string Message)> All => _errors.SelectMany(e => e.Value.Select(m => (e.Key, m)));

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }
        list.Add(message);
    }

    /// <summary>A text field: trimmed, empty as null; at most <paramref name="maxLength"/> characters, no control characters.</summary>
    public string? Text(string field, string? value, int maxLength, bool required = false)
    {
        var trimmed = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        if (trimmed is null)
        {
            if (required)
            {
                Add(field, "is required.");
            }
            return null;
        }
        if (trimmed.Length > maxLength)
        {
            Add(field, $"must be at most {maxLength} characters (got {trimmed.Length}).");
        }
        if (trimmed.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t'))
        {
            Add(field, "must not contain control characters.");
        }
        return trimmed;
    }

    /// <summary>
    /// A money amount as one canonical decimal: 52000.50 and 52000.5 are the same amount, so dividing by 1 with 28 zeros
    /// drops the trailing zeros of the scale (and two equal bodies hash alike for idempotency).
    /// </summary>
    public static decimal Plain(decimal value) => value / 1.0000000000000000000000000000m;

    /// <inheritdoc cref="Plain(decimal)"/>
    public static decimal? Plain(decimal? value) => value / 1.0000000000000000000000000000m;

    /// <summary>Throws a <see cref="RecordValidationException"/> when any rule was broken.</summary>
    public void ThrowIfAny()
    {
        if (Any)
        {
            throw new RecordValidationException(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));
        }
    }
}
