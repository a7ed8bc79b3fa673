using System.Buffers.Binary;
using System.Text;

namespace Valora.Data.Bulk;

/// <summary>
/// Encodes rows in PostgreSQL's binary COPY format (header, tuples, trailer) into a buffer that is handed to a raw
/// COPY stream when full. Each value is written by its <see cref="ColumnType"/> straight into the buffer — Npgsql's
/// <c>NpgsqlBinaryImporter</c> resolves a converter and runs an async state machine per value, which made COPY the
/// slowest part of a PostgreSQL load.
/// </summary>
/// <remarks>
/// Wire formats (PostgreSQL <c>*_send</c>/<c>*_recv</c>): integers big-endian; <c>boolean</c> one byte;
/// <c>float8</c> IEEE big-endian; <c>text</c> UTF-8; <c>timestamptz</c> microseconds and <c>date</c> days since
/// 2000-01-01 (UTC), as Npgsql writes them (ticks truncated to the microsecond); <c>numeric</c> as sign, weight,
/// display scale and base-10000 digits.
/// </remarks>
internal sealed class PgCopyEncoder(Action<ReadOnlySpan<byte>> flush, int capacity = 1 << 16)
{
    /// <summary><c>PGCOPY\n\xff\r\n\0</c> (0xff is a byte, not a character).</summary>
    static ReadOnlySpan<byte> Signature => [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', 0x0A, 0xFF, 0x0D, 0x0A, 0x00];

    const long PostgresEpochTicks = 630_822_816_000_000_000; // 2000-01-01T00:00:00Z
    const int PostgresEpochDay = 730_119; // DateOnly(2000, 1, 1).DayNumber

    byte[] _buffer = new byte[capacity];
    int _length;

    /// <summary>The signature, flags and header extension length that start a binary COPY.</summary>
    public void WriteHeader()
    {
        Span<byte> span = Reserve(19);
        Signature.CopyTo(span);
        BinaryPrimitives.WriteInt32BigEndian(span[11..], 0);
        BinaryPrimitives.WriteInt32BigEndian(span[15..], 0);
        _length += 19;
    }

    /// <summary>One row, typed by <paramref name="columns"/>.</summary>
    public void WriteRow(IReadOnlyList<Column> columns, object?[] row)
    {
        WriteInt16((short)columns.Count);
        for (var i = 0; i < columns.Count; i++)
        {
            var value = row[i];
            if (value is null)
            {
                WriteInt32(-1);
                continue;
            }
            switch (columns[i].Type)
            {
                case ColumnType.Int64:
                    WriteInt32(8);
                    WriteInt64(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
                    break;
                case ColumnType.Int32:
                    WriteInt32(4);
                    WriteInt32(Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture));
                    break;
                case ColumnType.Double:
                    WriteInt32(8);
                    WriteInt64(BitConverter.DoubleToInt64Bits((double)value));
                    break;
                case ColumnType.Bool:
                    WriteInt32(1);
                    Reserve(1)[0] = (bool)value ? (byte)1 : (byte)0;
                    _length++;
                    break;
                case ColumnType.Decimal:
                    WriteNumeric((decimal)value);
                    break;
                case ColumnType.DateTime:
                    WriteInt32(8);
                    WriteInt64(Microseconds((DateTime)value));
                    break;
                case ColumnType.Date:
                    WriteInt32(4);
                    WriteInt32(Days((DateOnly)value));
                    break;
                default:
                    WriteText((string)value);
                    break;
            }
        }
    }

    /// <summary>The end-of-data marker; then hands over what is buffered.</summary>
    public void Complete()
    {
        WriteInt16(-1);
        Flush();
    }

    public void Flush()
    {
        if (_length > 0)
        {
            flush(_buffer.AsSpan(0, _length));
            _length = 0;
        }
    }

    /// <summary>As Npgsql: the extreme values are PostgreSQL's infinities.</summary>
    static long Microseconds(DateTime value) =>
        value == DateTime.MinValue ? long.MinValue
        : value == DateTime.MaxValue ? long.MaxValue
        : ((value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value).Ticks - PostgresEpochTicks) / 10;

    static int Days(DateOnly value) =>
        value == DateOnly.MinValue ? int.MinValue
        : value == DateOnly.MaxValue ? int.MaxValue
        : value.DayNumber - PostgresEpochDay;

    void WriteText(string value)
    {
        var max = Encoding.UTF8.GetMaxByteCount(value.Length);
        var span = Reserve(4 + max);
        var n = Encoding.UTF8.GetBytes(value, span[4..]);
        BinaryPrimitives.WriteInt32BigEndian(span, n);
        _length += 4 + n;
    }

    /// <summary>
    /// <c>numeric</c>: digit count, weight (of the first base-10000 digit), sign (0 or 0x4000), display scale (the
    /// decimal's scale, as Npgsql sends it), then the digits with leading and trailing zero groups left out.
    /// </summary>
    void WriteNumeric(decimal value)
    {
        Span<short> digits = stackalloc short[16];
        var scale = value.Scale;
        var magnitude = Math.Abs(value);
        var whole = decimal.Truncate(magnitude);
        var fraction = magnitude - whole;

        // Whole part, least significant group first, then reversed.
        var count = 0;
        while (whole > 0)
        {
            var next = decimal.Truncate(whole / 10_000);
            digits[count++] = (short)(whole - (next * 10_000));
            whole = next;
        }
        digits[..count].Reverse();
        var weight = count - 1;
        for (var groups = (scale + 3) / 4; groups > 0; groups--)
        {
            fraction *= 10_000;
            var digit = decimal.Truncate(fraction);
            digits[count++] = (short)digit;
            fraction -= digit;
        }

        var start = 0;
        while (start < count && digits[start] == 0)
        {
            start++;
            weight--;
        }
        var end = count;
        while (end > start && digits[end - 1] == 0)
        {
            end--;
        }
        var n = end - start;
        if (n == 0)
        {
            weight = 0;
        }
        WriteInt32(8 + (2 * n));
        WriteInt16((short)n);
        WriteInt16((short)weight);
        WriteInt16(value < 0 && n > 0 ? (short)0x4000 : (short)0);
        WriteInt16((short)scale);
        for (var i = start; i < end; i++)
        {
            WriteInt16(digits[i]);
        }
    }

    void WriteInt16(short value)
    {
        BinaryPrimitives.WriteInt16BigEndian(Reserve(2), value);
        _length += 2;
    }

    void WriteInt32(int value)
    {
        BinaryPrimitives.WriteInt32BigEndian(Reserve(4), value);
        _length += 4;
    }

    void WriteInt64(long value)
    {
        BinaryPrimitives.WriteInt64BigEndian(Reserve(8), value);
        _length += 8;
    }

    /// <summary>Room for <paramref name="size"/> bytes at the end of the buffer (flushing or growing it first).</summary>
    Span<byte> Reserve(int size)
    {
        if (_length + size > _buffer.Length)
        {
            Flush();
            if (size > _buffer.Length)
            {
                _buffer = new byte[Math.Max(size, _buffer.Length * 2)];
            }
        }
        return _buffer.AsSpan(_length);
    }
}
