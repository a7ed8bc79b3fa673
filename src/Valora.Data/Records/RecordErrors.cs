namespace Valora.Data.Records;

/// <summary>Collects the broken rules of one record, field by field, and throws them together.</summary>
public sealed class RecordErrors
{
    readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

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

    /// <summary>Throws a <see cref="RecordValidationException"/> when any rule was broken.</summary>
    public void ThrowIfAny()
    {
        if (Any)
        {
            throw new RecordValidationException(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));
        }
    }
}
