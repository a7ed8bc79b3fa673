using System.Globalization;

namespace Valora.Data.Import.Readers;

/// <summary>
/// Reads typed fields of one row through the mapping. The first failure is kept in <see cref="Error"/> (a row is
/// rejected for its first problem) and later reads return defaults.
/// </summary>
public sealed class RowParser(ColumnMapping mapping, FileImportOptions options)
{
    static readonly string[] DateFormats =
    [
        "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ssZ",
        "yyyy-MM-ddTHH:mm:ss.FFFFFFFK", "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyyMMdd", "yyyy/MM/dd", "yyyy/MM/dd HH:mm:ss",
    ];

    SourceRow _row = null!;

    public Reject? Error { get; private set; }

    public SourceRow Row => _row;

    public void Start(SourceRow row)
    {
        _row = row;
        Error = null;
    }

    public void Fail(string field, string rule, string message)
    {
        Error ??= new Reject(_row.Line, field, rule, message, _row.Raw);
    }

    public bool Has(string field) => mapping[field] is not null;

    /// <summary>The trimmed text, or null when unmapped, empty or past the end of the row.</summary>
    public string? Text(string field)
    {
        if (mapping[field] is not { } source || source.Column >= _row.Fields.Length)
        {
            return null;
        }
        var value = _row.Fields[source.Column].Trim();
        return value.Length == 0 ? null : value;
    }

    public string Required(string field)
    {
        var value = Text(field);
        if (value is null)
        {
            Fail(field, $"missing-{field}", $"{field} is required");
            return "";
        }
        return value;
    }

    /// <summary>A customer reference: <c>17850.0</c> (ids exported as floats) becomes <c>17850</c>.</summary>
    public static string CustomerId(string value)
    {
        var dot = value.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && value.AsSpan(0, dot).IndexOfAnyExceptInRange('0', '9') < 0 && value.AsSpan(dot + 1).IndexOfAnyExcept('0') < 0
            ? value[..dot]
            : value;
    }

    public decimal? Decimal(string field, bool nonNegative = false)
    {
        if (Text(field) is not { } text)
        {
            return null;
        }
        if (options.DecimalSeparator == ',')
        {
            text = text.Replace(".", "", StringComparison.Ordinal).Replace(',', '.');
        }
        if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            Fail(field, "invalid-number", $"{field} '{text}' is not a number (decimal separator '{options.DecimalSeparator}')");
            return null;
        }
        if (nonNegative && value < 0)
        {
            Fail(field, $"negative-{field}", $"{field} {text} is negative");
        }
        return value;
    }

    public int? Int(string field)
    {
        if (Decimal(field) is not { } value)
        {
            return null;
        }
        if (value != decimal.Truncate(value) || value > int.MaxValue || value < int.MinValue)
        {
            Fail(field, "invalid-number", $"{field} {Text(field)} is not a whole number");
            return null;
        }
        return (int)value;
    }

    public DateTime? Date(string field)
    {
        if (Text(field) is not { } text)
        {
            return null;
        }
        var format = mapping[field]?.Format;
        const DateTimeStyles styles = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;
        var ok = format is not null
            ? DateTime.TryParseExact(text, format, CultureInfo.InvariantCulture, styles, out var value)
            : DateTime.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, styles, out value)
              || DateTime.TryParse(text, CultureInfo.InvariantCulture, styles, out value);
        if (!ok)
        {
            Fail(field, "invalid-date", $"{field} '{text}' is not a date" + (format is null ? "" : $" in format {format}"));
            return null;
        }
        return DateTime.SpecifyKind(value, DateTimeKind.Utc);
    }

    public DateOnly? DateOnly(string field) => Date(field) is { } d ? System.DateOnly.FromDateTime(d) : null;

    public bool? Bool(string field)
    {
        if (Text(field) is not { } text)
        {
            return null;
        }
        switch (FieldCatalog.Normalize(text))
        {
            case "1" or "true" or "yes" or "y" or "t" or "x":
                return true;
            case "0" or "false" or "no" or "n" or "f":
                return false;
            default:
                Fail(field, "invalid-value", $"{field} '{text}' is not yes/no");
                return null;
        }
    }

    public TEnum? Enum<TEnum>(string field, params (string Alias, TEnum Value)[] aliases) where TEnum : struct, Enum
    {
        if (Text(field) is not { } text)
        {
            return null;
        }
        var normal = FieldCatalog.Normalize(text);
        foreach (var (alias, value) in aliases)
        {
            if (string.Equals(alias, normal, StringComparison.Ordinal))
            {
                return value;
            }
        }
        if (!int.TryParse(normal, NumberStyles.None, CultureInfo.InvariantCulture, out _)
            && System.Enum.TryParse<TEnum>(normal, ignoreCase: true, out var parsed))
        {
            return parsed;
        }
        Fail(field, "invalid-value", $"{field} '{text}' is not one of {string.Join(", ", System.Enum.GetNames<TEnum>())}");
        return null;
    }
}
