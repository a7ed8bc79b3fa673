using System.Globalization;
using System.Text;

namespace Valora.Data.Import.Readers;

/// <summary>
/// One source row: its 1-based line number in the file (counting the header), its raw text, and its fields as
/// ranges of a character buffer (the reader's own, unless quoting had to be undone), so that numbers and dates are
/// parsed in place and only the fields that become text are ever copied. A row from <see cref="DelimitedFile.Next"/>
/// is valid until the next call: the reader refills the same row and buffer.
/// </summary>
public sealed class SourceRow
{
    char[] _chars = [];
    int _start;
    int _length;
    (int Start, int Length)[] _ranges = [];
    string? _raw;
    string[]? _fields;

    internal SourceRow()
    {
    }

    public SourceRow(long line, string raw, string[] fields) => Set(line, raw, fields);

    public long Line { get; private set; }

    /// <summary>
    /// Why the reader could not read this row as fields (an unterminated quote, bytes not valid in the encoding, a NUL
    /// character), or null. A row with a problem carries its first physical line as <see cref="Raw"/> and must be
    /// rejected with this rule; its fields are not to be trusted.
    /// </summary>
    public RowProblem? Problem { get; private set; }

    /// <summary>The line as it stands in the file (created on first use: only rejected rows need it).</summary>
    public string Raw => _raw ??= new string(_chars, _start, _length);

    public int Count { get; private set; }

    /// <summary>Field <paramref name="index"/> (0-based), as it stands in the row.</summary>
    public ReadOnlySpan<char> Span(int index) => _chars.AsSpan(_ranges[index].Start, _ranges[index].Length);

    /// <summary>All fields as strings (allocated on first use).</summary>
    public string[] Fields => _fields ??= [.. Enumerable.Range(0, Count).Select(i => Span(i).ToString())];

    /// <summary>A row read in place: <paramref name="count"/> field ranges into <paramref name="chars"/>.</summary>
    internal void Set(long line, char[] chars, int start, int length, (int Start, int Length)[] ranges, int count)
    {
        Line = line;
        _chars = chars;
        _start = start;
        _length = length;
        _ranges = ranges;
        Count = count;
        _raw = null;
        _fields = null;
        Problem = null;
    }

    internal void SetProblem(RowProblem? problem) => Problem = problem;

    /// <summary>A row whose fields had to be rebuilt (quotes undone, quoted line breaks joined).</summary>
    internal void Set(long line, string raw, string[] fields)
    {
        var text = string.Concat(fields);
        var ranges = new (int, int)[fields.Length];
        var at = 0;
        for (var i = 0; i < fields.Length; i++)
        {
            ranges[i] = (at, fields[i].Length);
            at += fields[i].Length;
        }
        Set(line, text.ToCharArray(), 0, 0, ranges, fields.Length);
        _raw = raw;
        _fields = fields;
    }
}

/// <summary>Why a row could not be read as fields: the rule (e.g. <c>unterminated-quote</c>) and a message for people.</summary>
public sealed record RowProblem(string Rule, string Message);

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

    /// <summary>
    /// A quoted field may hold line breaks, but at most this many: a quote still open after that many further lines
    /// (or at the end of the file) is an unterminated quote. Python's csv module limits a field to 128 KiB for the
    /// same reason: one stray quote must not swallow the rest of a file.
    /// </summary>
    public const int MaxQuotedLineBreaks = 100;

    // The text read so far and not yet consumed is _buffer[_pos.._end); lines are found in place.
    char[] _buffer = new char[1 << 16];
    int _pos;
    int _end;
    bool _eof;
    (int Start, int Length)[] _ranges = new (int, int)[16];
    readonly SourceRow _row = new();
    // Lines read ahead while looking for a closing quote that never came: read again, as lines of their own.
    readonly Queue<string> _replay = new();
    char[] _replayChars = [];
    // The field count of the first row (the header, or the first data row): a quoted join that gives a row of another
    // width was a stray quote, not a field with line breaks.
    int _width = -1;

    /// <summary>
    /// The next non-blank row, or null at the end. The row (and the text its fields point into) is reused by the next
    /// call; copy what must outlive it. A row the reader could not split carries a <see cref="SourceRow.Problem"/>.
    /// </summary>
    public SourceRow? Next()
    {
        while (ReadLine(out var chars, out var start, out var length))
        {
            _line++;
            var line = chars.AsSpan(start, length);
            if (length == 0 || (Delimiter == Whitespace && line.IsWhiteSpace()))
            {
                continue;
            }
            // Split first: it may replace _ranges with a longer array, which the row must then be given (arguments are
            // evaluated left to right, so passing _ranges beside the call would hand over the old, too short one).
            if (Delimiter == Whitespace || !line.Contains('"'))
            {
                var count = Delimiter == Whitespace ? SplitWhitespace(chars, start, length) : Split(chars, start, length);
                _row.Set(_line, chars, start, length, _ranges, count);
                return Checked(_row);
            }
            var first = _line;
            var raw = line.ToString();
            var firstLength = raw.Length;
            var joined = new List<string>();
            var fields = new List<string>();
            var field = new StringBuilder();
            var quoted = false;
            var unterminated = false;
            var malformed = false;
            var i = 0;
            while (true)
            {
                if (i == raw.Length)
                {
                    if (!quoted)
                    {
                        break;
                    }
                    if (joined.Count == MaxQuotedLineBreaks || !ReadLine(out var more, out var moreStart, out var moreLength))
                    {
                        unterminated = true;
                        break;
                    }
                    // The line break is part of the quoted field: it is read from the joined text like any character.
                    _line++;
                    var next = new string(more, moreStart, moreLength);
                    joined.Add(next);
                    raw += "\n" + next;
                    continue;
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
                            // RFC 4180: a closing quote ends the field. Text after it means this quote was not the
                            // closing one — together with joined lines, the sign of a stray quote further up.
                            malformed |= i < raw.Length && raw[i] != Delimiter;
                        }
                    }
                    else
                    {
                        field.Append(ch);
                    }
                }
                else if (ch == '"')
                {
                    malformed |= field.Length > 0;
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
            if (unterminated || (joined.Count > 0 && (malformed || (_width >= 0 && fields.Count != _width))))
            {
                // A stray quote: this row is its first line only, and reading resumes at the line after it.
                foreach (var later in joined)
                {
                    _replay.Enqueue(later);
                }
                _line = first;
                _row.Set(first, raw[..firstLength], [raw[..firstLength]]);
                _row.SetProblem(new RowProblem("unterminated-quote", string.Create(CultureInfo.InvariantCulture,
                    $"a quote opened on this line is not closed within {MaxQuotedLineBreaks} line breaks or by the end of the row; the next line is read on its own")));
                return _row;
            }
            _row.Set(first, raw, [.. fields]);
            return Checked(_row);
        }
        return null;
    }

    /// <summary>Marks a row holding U+FFFD (bytes the encoding could not decode) or a NUL character.</summary>
    SourceRow Checked(SourceRow row)
    {
        if (_width < 0)
        {
            _width = row.Count;
        }
        var text = row.Raw.AsSpan();
        var bad = text.IndexOfAny('\uFFFD', '\0');
        if (bad >= 0)
        {
            var column = string.Create(CultureInfo.InvariantCulture, $"character {bad + 1}");
            row.SetProblem(text[bad] == '\0'
                ? new RowProblem("nul-character", $"the line holds a NUL character ({column}), which no text field may contain")
                : new RowProblem("invalid-encoding", $"the line holds bytes that are not valid {EncodingName} ({column}); pass --encoding (e.g. latin1 or windows-1252) if the file is not {EncodingName}"));
        }
        return row;
    }

    string EncodingName => _reader.CurrentEncoding.WebName.ToUpperInvariant();

    /// <summary>
    /// The next line (a replayed one, else from the buffer, refilled and, for a line longer than it, grown as needed)
    /// without its terminator: \n, \r\n or \r, as <see cref="StreamReader.ReadLine"/> reads them. False at the end.
    /// </summary>
    bool ReadLine(out char[] chars, out int start, out int length)
    {
        if (_replay.TryDequeue(out var replayed))
        {
            // A fresh array each time: the row handed out before may still point into the previous one.
            _replayChars = replayed.ToCharArray();
            chars = _replayChars;
            start = 0;
            length = replayed.Length;
            return true;
        }
        var read = ReadBufferLine(out start, out length);
        chars = _buffer; // after the read: filling may have grown the buffer
        return read;
    }

    bool ReadBufferLine(out int start, out int length)
    {
        while (true)
        {
            var rest = _buffer.AsSpan(_pos, _end - _pos);
            var at = rest.IndexOfAny('\n', '\r');
            // A \r last in the buffer may be the first half of \r\n: read on before deciding.
            if (at >= 0 && (rest[at] == '\n' || at + 1 < rest.Length || _eof))
            {
                start = _pos;
                length = at;
                _pos += at + (rest[at] == '\r' && at + 1 < rest.Length && rest[at + 1] == '\n' ? 2 : 1);
                return true;
            }
            if (_eof)
            {
                start = _pos;
                length = _end - _pos;
                _pos = _end;
                return length > 0;
            }
            Fill();
        }
    }

    /// <summary>Moves the unread text to the front (growing the buffer when it is full of one line) and reads more.</summary>
    void Fill()
    {
        var unread = _end - _pos;
        if (unread == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }
        else if (_pos > 0)
        {
            Array.Copy(_buffer, _pos, _buffer, 0, unread);
        }
        _pos = 0;
        _end = unread;
        var read = _reader.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _eof = true;
        }
        _end += read;
    }

    /// <summary>Field ranges of the line at <paramref name="start"/> into the reused range array; returns the count.</summary>
    int Split(char[] chars, int start, int length)
    {
        var line = chars.AsSpan(start, length);
        var count = line.Count(Delimiter) + 1;
        if (_ranges.Length < count)
        {
            _ranges = new (int, int)[Math.Max(count, _ranges.Length * 2)];
        }
        var at = 0;
        for (var i = 0; i < count; i++)
        {
            var end = line[at..].IndexOf(Delimiter);
            end = end < 0 ? length : at + end;
            _ranges[i] = (start + at, end - at);
            at = end + 1;
        }
        return count;
    }

    int SplitWhitespace(char[] chars, int start, int length)
    {
        var line = chars.AsSpan(start, length);
        var count = 0;
        var i = 0;
        while (true)
        {
            while (i < line.Length && char.IsWhiteSpace(line[i]))
            {
                i++;
            }
            if (i == line.Length)
            {
                return count;
            }
            var from = i;
            while (i < line.Length && !char.IsWhiteSpace(line[i]))
            {
                i++;
            }
            if (count == _ranges.Length)
            {
                Array.Resize(ref _ranges, _ranges.Length * 2);
            }
            _ranges[count++] = (start + from, i - from);
        }
    }

    public void Dispose() => _reader.Dispose();
}
