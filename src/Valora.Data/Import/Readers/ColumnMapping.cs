using System.Globalization;
using System.Text.Json;

namespace Valora.Data.Import.Readers;

/// <summary>Where one field comes from: a 0-based column index, plus an optional parse format (e.g. <c>yyyyMMdd</c>).</summary>
public sealed record FieldSource(int Column, string? Format);

/// <summary>
/// Field → column. Specs read <c>field=column[:format]</c> (column: header name or 1-based index; the format is
/// everything after the first colon, so <c>yyyy-MM-dd HH:mm</c> works); a mapping file is a JSON object
/// <c>{"field": "column[:format]", …}</c> — the same form <see cref="ToJson"/> prints, so a printed mapping can be
/// saved, edited and passed back with <c>--mapping</c>. Unmapped fields are matched by header name (see
/// <see cref="FieldCatalog"/>).
/// </summary>
public sealed class ColumnMapping
{
    readonly Dictionary<string, FieldSource> _fields;

    ColumnMapping(Dictionary<string, FieldSource> fields) => _fields = fields;

    public IReadOnlyDictionary<string, FieldSource> Fields => _fields;

    public FieldSource? this[string field] => _fields.GetValueOrDefault(field);

    /// <summary>Reads a mapping file's entries as specs.</summary>
    public static IEnumerable<string> ReadFile(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        if (doc.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException($"Mapping file {path} must hold a JSON object {{\"field\": \"column[:format]\"}}.");
        }
        return doc.RootElement.EnumerateObject().Select(p => p.Value.ValueKind == JsonValueKind.Number
            ? $"{p.Name}={p.Value.GetInt32().ToString(CultureInfo.InvariantCulture)}"
            : $"{p.Name}={p.Value.GetString()}").ToList();
    }

    /// <summary>Builds the mapping; throws <see cref="ArgumentException"/> on unknown fields/columns or missing required fields.</summary>
    public static ColumnMapping Resolve(ImportKind kind, IReadOnlyList<string>? header, int columnCount, IEnumerable<string> specs,
        string? defaultDateFormat)
    {
        ArgumentNullException.ThrowIfNull(specs);
        var catalog = FieldCatalog.For(kind);
        var byName = catalog.ToDictionary(f => FieldCatalog.Normalize(f.Name), f => f.Name, StringComparer.Ordinal);
        var fields = new Dictionary<string, FieldSource>(StringComparer.Ordinal);
        foreach (var spec in specs)
        {
            var eq = spec.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new ArgumentException($"Bad mapping '{spec}': expected field=column[:format].");
            }
            var fieldName = spec[..eq].Trim();
            if (!byName.TryGetValue(FieldCatalog.Normalize(fieldName), out var field))
            {
                throw new ArgumentException($"Bad mapping '{spec}': unknown field '{fieldName}' for {kind.ToString().ToLowerInvariant()} (known: {string.Join(", ", catalog.Select(f => f.Name))}).");
            }
            var rest = spec[(eq + 1)..];
            var colon = rest.IndexOf(':', StringComparison.Ordinal);
            var column = (colon >= 0 ? rest[..colon] : rest).Trim();
            var format = colon >= 0 ? rest[(colon + 1)..] : null;
            fields[field] = new FieldSource(ColumnIndex(column, header, columnCount, spec), string.IsNullOrEmpty(format) ? null : format);
        }
        if (header is not null)
        {
            var used = fields.Values.Select(f => f.Column).ToHashSet();
            for (var i = 0; i < header.Count; i++)
            {
                var name = FieldCatalog.Normalize(header[i]);
                var match = catalog.FirstOrDefault(f => FieldCatalog.Normalize(f.Name) == name || f.Aliases.Contains(name, StringComparer.Ordinal));
                if (match is not null && !fields.ContainsKey(match.Name) && !used.Contains(i))
                {
                    fields[match.Name] = new FieldSource(i, null);
                    used.Add(i);
                }
            }
        }
        if (defaultDateFormat is not null)
        {
            foreach (var (name, source) in fields.ToList())
            {
                if (source.Format is null && IsDateField(name))
                {
                    fields[name] = source with { Format = defaultDateFormat };
                }
            }
        }
        var missing = catalog.Where(f => f.Required && !fields.ContainsKey(f.Name)).Select(f => f.Name).ToList();
        if (missing.Count > 0)
        {
            throw new ArgumentException($"Bad mapping: no column for required field(s) {string.Join(", ", missing)}; use --map field=column.");
        }
        return new ColumnMapping(fields);
    }

    static bool IsDateField(string name) => name.EndsWith("-at", StringComparison.Ordinal)
        || name.EndsWith("-date", StringComparison.Ordinal) || name.EndsWith("-on", StringComparison.Ordinal);

    static int ColumnIndex(string column, IReadOnlyList<string>? header, int columnCount, string spec)
    {
        if (header is not null)
        {
            for (var i = 0; i < header.Count; i++)
            {
                if (string.Equals(header[i].Trim(), column, StringComparison.OrdinalIgnoreCase))
                {
                    return i;
                }
            }
        }
        if (int.TryParse(column, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index >= 1)
        {
            if (index > columnCount)
            {
                throw new ArgumentException($"Bad mapping '{spec}': the file has {columnCount} column(s).");
            }
            return index - 1;
        }
        throw new ArgumentException($"Bad mapping '{spec}': no column '{column}'" + (header is null ? " (the file has no header; use a 1-based index)." : "."));
    }

    /// <summary>The mapping as the JSON object <c>--mapping</c> reads (columns by header name when there is one).</summary>
    public string ToJson(IReadOnlyList<string>? header)
    {
        var map = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (field, source) in _fields)
        {
            var column = header is not null && source.Column < header.Count
                ? header[source.Column].Trim()
                : (source.Column + 1).ToString(CultureInfo.InvariantCulture);
            map[field] = source.Format is null ? column : $"{column}:{source.Format}";
        }
        return JsonSerializer.Serialize(map, new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }
}
