using System.Globalization;
using System.Text;

namespace Valora.Data.Demo;

/// <summary>
/// A minimal, fast RFC 4180 writer: invariant formatting, "\n" line ends, quotes only where needed. Written by hand
/// because the demo writes millions of rows and the exact bytes must not depend on the machine.
/// </summary>
internal sealed class CsvRowWriter : IDisposable
{
    readonly StreamWriter _writer;
    bool _first = true;

    public CsvRowWriter(string path, string header)
    {
        _writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
        _writer.Write(header);
        _writer.Write('\n');
    }

    public long Rows { get; private set; }

    public CsvRowWriter Field(string? value)
    {
        Separator();
        if (string.IsNullOrEmpty(value))
        {
            return this;
        }
        if (value.AsSpan().IndexOfAny(",\"\n\r") < 0)
        {
            _writer.Write(value);
            return this;
        }
        _writer.Write('"');
        _writer.Write(value.Replace("\"", "\"\"", StringComparison.Ordinal));
        _writer.Write('"');
        return this;
    }

    public CsvRowWriter Field(int value) => Formatted(value);

    public CsvRowWriter Field(int? value) => value is { } v ? Formatted(v) : Empty();

    public CsvRowWriter Field(decimal? value) => value is { } v ? Formatted(v) : Empty();

    public CsvRowWriter Field(bool? value) => value is { } v ? Raw(v ? "true" : "false") : Empty();

    public CsvRowWriter Field(DateOnly? value) => value is { } v ? Formatted(v, "yyyy-MM-dd") : Empty();

    public CsvRowWriter Field(DateTime? value) => value is { } v ? Formatted(v, "yyyy-MM-ddTHH:mm:ssZ") : Empty();

    public CsvRowWriter Enum<T>(T value)
        where T : struct, System.Enum => Raw(value.ToString());

    public void EndRow()
    {
        _writer.Write('\n');
        _first = true;
        Rows++;
    }

    CsvRowWriter Raw(string text)
    {
        Separator();
        _writer.Write(text);
        return this;
    }

    CsvRowWriter Empty()
    {
        Separator();
        return this;
    }

    CsvRowWriter Formatted<T>(T value, string? format = null)
        where T : ISpanFormattable
    {
        Separator();
        Span<char> buffer = stackalloc char[48];
        if (value.TryFormat(buffer, out var written, format, CultureInfo.InvariantCulture))
        {
            _writer.Write(buffer[..written]);
        }
        else
        {
            _writer.Write(value.ToString(format, CultureInfo.InvariantCulture));
        }
        return this;
    }

    void Separator()
    {
        if (_first)
        {
            _first = false;
        }
        else
        {
            _writer.Write(',');
        }
    }

    public void Dispose() => _writer.Dispose();
}
