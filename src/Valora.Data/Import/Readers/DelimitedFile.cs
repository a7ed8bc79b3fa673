using System.Text;

namespace Valora.Data.Import.Readers;

/// <summary>
/// One source row: its 1-based line number in the file (counting the header), its raw text, and its fields as
/// ranges of <c>text</c> (the raw line itself unless quoting had to be undone), so that numbers and dates are parsed
/// in place and only the fields that become text are ever copied.
/// </summary>
public sealed class SourceRow
{
    readonly string _text;
    readonly (int Start, int Length)[] _ranges;
    string[]? _fields;

    public SourceRow(long line, string raw, string text, (int Start, int Length)[] ranges)
    {
        Line = line;
        Raw = raw;
        _text = text;
        _ranges = ranges;
    }

    public SourceRow(long line, string raw, string[] fields)
        : this(line, raw, string.Concat(fields), Ranges(fields)) => _fields = fields;

    public long Line { get; }

    public string Raw { get; }

    public int Count => _ranges.Length;

    /// <summary>Field <paramref name="index"/> (0-based), as it stands in the row.</summary>
    public ReadOnlySpan<char> Span(int index) => _text.AsSpan(_ranges[index].Start, _ranges[index].Length);

    /// <summary>All fields as strings (allocated on first use).</summary>
    public string[] Fields => _fields ??= [.. Enumerable.Range(0, Count).Select(i => Span(i).ToString())];

    static (int, int)[] Ranges(string[] fields)
    {
        var ranges = new (int, int)[fields.Length];
        var at = 0;
        for (var i = 0; i < fields.Length; i++)
        {
            ranges[i] = (at, fields[i].Length);
            at += fields[i].Length;
        }
        return ranges;
    }
}

/// <summary>
/// Reads delimited text: comma, semicolon, tab, pipe (RFC 4180 quoting: <c>"a,b"</c>, <c>""</c> for a quote, quoted
/// line breaks) or whitespace (runs of spaces/tabs separate fields, leading/trailing blanks ignored — fixed-width files
/// such as CDNOW). Encoding: UTF-8 by default; a byte-order mark wins over the given encoding.
/// </summary>
public sealed class DelimitedFile : IDisposable
{
    /// <summary>The delimiter value meaning "runs of whitespace".</summary>
    public const char Whitespace = ' ';

    readonly StreamReader _reader;
    long _line;

    public DelimitedFile(string path, char? delimiter, Encoding? encoding)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        _reader = new StreamReader(stream, encoding ?? new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true, 1 << 16);
        Delimiter = delimiter ?? Detect(path, encoding);
        _length = stream.Length;
    }

    public char Delimiter { get; }

    /// <summary>Bytes consumed so far / file length (0..1), for progress.</summary>
    public double Fraction => _length == 0 ? 1 : Math.Min(1.0, (double)_reader.BaseStream.Position / _length);

    readonly long _length;

    /// <summary>
    /// Picks the delimiter from up to 50 leading lines: the first of tab, semicolon, comma, pipe that occurs in every
    /// sampled line the same number of times (quotes respected); else the most frequent of them; else whitespace.
    /// </summary>
    public static char Detect(string path, Encoding? encoding)
    {
        using var reader = new StreamReader(path, encoding ?? new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
        var lines = new List<string>();
        while (lines.Count < 50 && reader.ReadLine() is { } line)
        {
            if (line.Trim().Length > 0)
            {
                lines.Add(line);
            }
        }
        char[] candidates = ['\t', ';', ',', '|'];
        var counts = candidates.Select(c => lines.Select(l => CountOutsideQuotes(l, c)).ToList()).ToList();
        for (var i = 0; i < candidates.Length; i++)
        {
            if (lines.Count > 0 && counts[i][0] > 0 && counts[i].All(n => n == counts[i][0]))
            {
                return candidates[i];
            }
        }
        var best = Enumerable.Range(0, candidates.Length).MaxBy(i => counts[i].Sum());
        return counts[best].Sum() > 0 ? candidates[best] : Whitespace;
    }

    static int CountOutsideQuotes(string line, char c)
    {
        var n = 0;
        var quoted = false;
        foreach (var ch in line)
        {
            if (ch == '"')
            {
                quoted = !quoted;
            }
            else if (ch == c && !quoted)
            {
                n++;
            }
        }
        return n;
    }

    /// <summary>The next non-blank row, or null at the end.</summary>
    public SourceRow? Next()
    {
        while (true)
        {
            var line = _reader.ReadLine();
            if (line is null)
            {
                return null;
            }
            _line++;
            if (line.Length == 0 || (Delimiter == Whitespace && string.IsNullOrWhiteSpace(line)))
            {
                continue;
            }
            var start = _line;
            if (Delimiter == Whitespace)
            {
                return new SourceRow(start, line, line, SplitWhitespace(line));
            }
            if (!line.Contains('"', StringComparison.Ordinal))
            {
                return new SourceRow(start, line, line, Split(line, Delimiter));
            }
            var raw = line;
            var fields = new List<string>();
            var field = new StringBuilder();
            var quoted = false;
            var i = 0;
            while (true)
            {
                if (i == raw.Length)
                {
                    if (quoted && _reader.ReadLine() is { } more)
                    {
                        _line++;
                        field.Append('\n');
                        raw += "\n" + more;
                        continue;
                    }
                    break;
                }
                var ch = raw[i++];
                if (quoted)
                {
                    if (ch == '"')
                    {
                        if (i < raw.Length && raw[i] == '"')
                        {
                            field.Append('"');
                            i++;
                        }
                        else
                        {
                            quoted = false;
                        }
                    }
                    else
                    {
                        field.Append(ch);
                    }
                }
                else if (ch == '"')
                {
                    quoted = true;
                }
                else if (ch == Delimiter)
                {
                    fields.Add(field.ToString());
                    field.Clear();
                }
                else
                {
                    field.Append(ch);
                }
            }
            fields.Add(field.ToString());
            return new SourceRow(start, raw, [.. fields]);
        }
    }

    static (int, int)[] Split(string line, char delimiter)
    {
        var ranges = new (int, int)[line.AsSpan().Count(delimiter) + 1];
        var at = 0;
        for (var i = 0; i < ranges.Length; i++)
        {
            var end = line.IndexOf(delimiter, at);
            if (end < 0)
            {
                end = line.Length;
            }
            ranges[i] = (at, end - at);
            at = end + 1;
        }
        return ranges;
    }

    static (int, int)[] SplitWhitespace(string line)
    {
        var ranges = new List<(int, int)>(8);
        var i = 0;
        while (true)
        {
            while (i < line.Length && char.IsWhiteSpace(line[i]))
            {
                i++;
            }
            if (i == line.Length)
            {
                return [.. ranges];
            }
            var start = i;
            while (i < line.Length && !char.IsWhiteSpace(line[i]))
            {
                i++;
            }
            ranges.Add((start, i - start));
        }
    }

    public void Dispose() => _reader.Dispose();
}
