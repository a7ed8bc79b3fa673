namespace Valora.Data.Records;

/// <summary>
/// A record a caller sent breaks a rule: <see cref="Errors"/> names each field (camel case, as the JSON names it) and
/// the rule it breaks. The API answers 400 with these errors; nothing is written.
/// </summary>
public sealed class RecordValidationException : ArgumentException
{
    public RecordValidationException(IReadOnlyDictionary<string, string[]> errors)
        : base(Describe(errors)) => Errors = errors;

    public RecordValidationException(string field, string message)
        : this(new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [message] })
    {
    }

    public RecordValidationException()
        : this(new Dictionary<string, string[]>(StringComparer.Ordinal))
    {
    }

    public RecordValidationException(string message)
        : this("record", message)
    {
    }

    public RecordValidationException(string message, Exception innerException)
        : base(message, innerException) => Errors = new Dictionary<string, string[]>(StringComparer.Ordinal) { ["record"] = [message] };

    public IReadOnlyDictionary<string, string[]> Errors { get; }

    static string Describe(IReadOnlyDictionary<string, string[]> errors) =>
        errors.Count == 0 ? "The record is not valid." : string.Join(" ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"));
}
