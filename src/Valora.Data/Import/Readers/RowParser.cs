using System.Globalization;

namespace Valora.Data.Import.Readers;

/// <summary>
/// Reads typed fields of one row through the mapping. The first failure is kept in <see cref="Error"/> (a row is
/// rejected for its first problem) and later reads return defaults.
/// </summary>
public sealed class RowParser
{
    readonly ColumnMapping _mapping;
    readonly FileImportOptions _options;

    public RowParser(ColumnMapping mapping, FileImportOptions options, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(options);
        _mapping = mapping;
        _options = options;
        Today = today;
        _earliest = (options.EarliestDate ?? FileImportOptions.DefaultEarliestDate).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        _latestExclusive = (options.LatestDate ?? today.AddYears(1)).AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        _stringLookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    // Field names are literals (one instance each): looked up by reference, then by value once per instance.
    readonly Dictionary<string, FieldSource?> _sources = new(ReferenceEqualityComparer.Instance);

    FieldSource? Source(string field)
    {
        if (!_sources.TryGetValue(field, out var source))
        {
            source = _mapping[field];
            _sources[field] = source;
        }
        return source;
    }

    static readonly string[] DateFormats =
    [
        "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ssZ",
        "yyyy-MM-ddTHH:mm:ss.FFFFFFFK", "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyyMMdd", "yyyy/MM/dd", "yyyy/MM/dd HH:mm:ss",
    ];

    SourceRow _row = null!;
    readonly DateTime _earliest;
    readonly DateTime _latestExclusive;

    /// <summary>Today (UTC), for rules such as "a birth date is not in the future".</summary>
    public DateOnly Today { get; }

    // Text values repeat (skus, descriptions, countries, the order id of consecutive lines): one string each.
    readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);
    readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _stringLookup;

    // The date format that matched last is tried first.
    int _lastFormat;

    /// <summary>Values longer than this are not pooled (free text rarely repeats).</summary>
    const int PooledLength = 64;

    public Reject? Error { get; private set; }

    public SourceRow Row => _row;

    /// <summary>Fields every row must have (the header's count, or the first row's without a header); 0 = any.</summary>
    public int Width { get; init; }

    /// <summary>
    /// Starts a row. A row the reader could not split (see <see cref="SourceRow.Problem"/>) or with more or fewer fields
    /// than <see cref="Width"/> (<c>ragged-row</c>: a decimal comma in an unquoted field, a missing delimiter) fails at
    /// once, on field <c>row</c>: its fields cannot be trusted to be in their columns.
    /// </summary>
    public void Start(SourceRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        _row = row;
        Error = null;
        if (row.Problem is { } problem)
        {
            Fail("row", problem.Rule, problem.Message);
        }
        else if (Width > 0 && row.Count != Width)
        {
            Fail("row", "ragged-row", string.Create(CultureInfo.InvariantCulture, $"the row has {row.Count} fields where the header has {Width}"));
        }
    }

    public void Fail(string field, string rule, string message)
    {
        Error ??= new Reject(_row.Line, field, rule, message, _row.Raw);
    }

    public bool Has(string field) => Source(field) is not null;

    /// <summary>The trimmed text, or null when unmapped, empty or past the end of the row.</summary>
    public string? Text(string field)
    {
        var span = Span(field);
        if (span.IsEmpty)
        {
            return null;
        }
        if (span.Length > PooledLength)
        {
            return span.ToString();
        }
        if (!_stringLookup.TryGetValue(span, out var value))
        {
            if (_strings.Count >= 1 << 16)
            {
                _strings.Clear();
            }
            value = span.ToString();
            _strings[value] = value;
        }
        return value;
    }

    /// <summary>
    /// The trimmed field as it stands in the row (empty when unmapped or past the end of the row, and once the row
    /// has failed: a rejected row is not parsed further).
    /// </summary>
    ReadOnlySpan<char> Span(string field) =>
        Error is null && Source(field) is { } source && source.Column < _row.Count ? _row.Span(source.Column).Trim() : default;

    public string Required(string field)
    {
        var value = Text(field);
        if (value is null)
        {
            if (Error is null)
            {
                if (!_missing.TryGetValue(field, out var missing))
                {
                    missing = ($"missing-{field}", $"{field} is required");
                    _missing[field] = missing;
                }
                Fail(field, missing.Rule, missing.Message);
            }
            return "";
        }
        return value;
    }

    // Rule and message of a missing required field, made once per field (files can miss one in every row).
    readonly Dictionary<string, (string Rule, string Message)> _missing = new(ReferenceEqualityComparer.Instance);

    string _lastCustomerText = "";
    string _lastCustomerId = "";

    /// <summary>
    /// The required customer reference in <paramref name="field"/>, as <see cref="CustomerId(string)"/> reads it; the
    /// last one is reused (consecutive lines of an order name the same customer).
    /// </summary>
    public string CustomerIdOf(string field)
    {
        var text = Required(field);
        if (!ReferenceEquals(text, _lastCustomerText))
        {
            _lastCustomerText = text;
            _lastCustomerId = CustomerId(text);
        }
        return _lastCustomerId;
    }

    /// <summary>A customer reference: <c>17850.0</c> (ids exported as floats) becomes <c>17850</c>.</summary>
    public static string CustomerId(string value)
    {
        var dot = value.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && value.AsSpan(0, dot).IndexOfAnyExceptInRange('0', '9') < 0 && value.AsSpan(dot + 1).IndexOfAnyExcept('0') < 0
            ? value[..dot]
            : value;
    }

    /// <summary>
    /// Money fields (prices, totals, costs, income) hold at most ±999,999,999.9999: PostgreSQL stores them as
    /// numeric(19,4) (below 10^15), and a billion per value keeps a customer's sum of a million lines inside it too.
    /// </summary>
    public const decimal MoneyLimit = 1_000_000_000m;

    /// <summary>Decimal places kept: more are rounded half away from zero, as PostgreSQL's numeric(19,4) does, on both databases.</summary>
    public const int MoneyScale = 4;

    /// <summary>A money field (see <see cref="MoneyLimit"/>), rounded to <see cref="MoneyScale"/> places.</summary>
    public decimal? Decimal(string field, bool nonNegative = false)
    {
        if (Number(field) is not { } value)
        {
            return null;
        }
        if (Math.Abs(value) >= MoneyLimit)
        {
            Fail(field, "out-of-range", string.Create(CultureInfo.InvariantCulture,
                $"{field} {Span(field)} is outside the range ±999,999,999.9999 that money fields hold"));
            return null;
        }
        if (nonNegative && value < 0)
        {
            Fail(field, $"negative-{field}", $"{field} {Span(field)} is negative");
        }
        return Math.Round(value, MoneyScale, MidpointRounding.AwayFromZero);
    }

    decimal? Number(string field)
    {
        var span = Span(field);
        if (span.IsEmpty)
        {
            return null;
        }
        var text = _options.DecimalSeparator == ','
            ? span.ToString().Replace(".", "", StringComparison.Ordinal).Replace(',', '.')
            : null;
        var ok = text is null
            ? decimal.TryParse(span, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            : decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        if (ok)
        {
            return value;
        }
        // A number too large for a decimal (1e30) is out of range, not "not a number".
        var isNumber = text is null
            ? double.TryParse(span, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
            : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out d);
        Fail(field, isNumber && double.IsFinite(d) ? "out-of-range" : "invalid-number", isNumber && double.IsFinite(d)
            ? $"{field} '{span}' is too large for any numeric field"
            : $"{field} '{span}' is not a number (decimal separator '{_options.DecimalSeparator}')");
        return null;
    }

    /// <summary>A whole number in <paramref name="min"/>..<paramref name="max"/>.</summary>
    public int? Int(string field, int min = int.MinValue, int max = int.MaxValue)
    {
        if (Number(field) is not { } value)
        {
            return null;
        }
        if (value != decimal.Truncate(value))
        {
            Fail(field, "invalid-number", $"{field} {Text(field)} is not a whole number");
            return null;
        }
        if (value < min || value > max)
        {
            Fail(field, "out-of-range", string.Create(CultureInfo.InvariantCulture, $"{field} {Text(field)} is outside {min}..{max}"));
            return null;
        }
        return (int)value;
    }

    // The last date parsed, by its text: lines of one order (and rows of one day) repeat it.
    string _lastDateField = "";
    char[] _lastDateText = new char[32];
    int _lastDateLength = -1;
    DateTime _lastDate;

    public DateTime? Date(string field)
    {
        var text = Span(field);
        if (text.IsEmpty)
        {
            return null;
        }
        if (ReferenceEquals(field, _lastDateField) && text.SequenceEqual(_lastDateText.AsSpan(0, Math.Max(0, _lastDateLength))))
        {
            return _lastDate;
        }
        var parsed = ParseDate(field, text);
        if (parsed is { } value && text.Length <= _lastDateText.Length)
        {
            text.CopyTo(_lastDateText);
            _lastDateLength = text.Length;
            _lastDateField = field;
            _lastDate = value;
        }
        return parsed;
    }

    DateTime? ParseDate(string field, ReadOnlySpan<char> text)
    {
        var format = Source(field)?.Format;
        const DateTimeStyles styles = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;
        var ok = format is not null
            ? DateTime.TryParseExact(text, format, CultureInfo.InvariantCulture, styles, out var value)
            : TryKnownFormats(text, styles, out value) || DateTime.TryParse(text, CultureInfo.InvariantCulture, styles, out value);
        if (!ok)
        {
            Fail(field, "invalid-date", $"{field} '{text}' is not a date" + (format is null ? "" : $" in format {format}"));
            return null;
        }
        value = DateTime.SpecifyKind(value, DateTimeKind.Utc);
        if (value < _earliest || value >= _latestExclusive)
        {
            Fail(field, "implausible-date", string.Create(CultureInfo.InvariantCulture,
                $"{field} {value:yyyy-MM-dd} is outside the plausible window {_earliest:yyyy-MM-dd} .. {_latestExclusive.AddDays(-1):yyyy-MM-dd} (--earliest-date / --latest-date)"));
            return null;
        }
        return value;
    }

    bool TryKnownFormats(ReadOnlySpan<char> text, DateTimeStyles styles, out DateTime value)
    {
        if (DateTime.TryParseExact(text, DateFormats[_lastFormat], CultureInfo.InvariantCulture, styles, out value))
        {
            return true;
        }
        for (var i = 0; i < DateFormats.Length; i++)
        {
            if (i != _lastFormat && DateTime.TryParseExact(text, DateFormats[i], CultureInfo.InvariantCulture, styles, out value))
            {
                _lastFormat = i;
                return true;
            }
        }
        return false;
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

    public TEnum? Enum<TEnum>(string field, params ReadOnlySpan<(string Alias, TEnum Value)> aliases) where TEnum : struct, Enum
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
