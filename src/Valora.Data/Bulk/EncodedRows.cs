using System.Globalization;
using System.Text;

namespace Valora.Data.Bulk;

/// <summary>
/// A block of rows already turned into what SQLite binds — an integer, a real, or UTF-8 text in one shared buffer —
/// so that a second thread can prepare rows (build them, format decimals and timestamps, encode text) while the
/// connection's thread only binds and steps (<see cref="SqliteStatement.ExecuteMany(EncodedRows, int, int)"/>).
/// Text forms are <see cref="SqliteStatement"/>'s (those Microsoft.Data.Sqlite stores); the statement binds object rows
/// through a one-row block too, so there is one encoding.
/// </summary>
internal sealed class EncodedRows
{
    internal enum Kind : byte
    {
        Null,
        Integer,
        Real,
        Text,
    }

    /// <summary>One value: an integer (or a real's bits), or a range of <see cref="Bytes"/>.</summary>
    internal readonly record struct Value(Kind Kind, long Integer, int Offset, int Length);

    readonly IReadOnlyList<Column> _columns;
    int _used;

    public EncodedRows(IReadOnlyList<Column> columns, int capacity)
    {
        _columns = columns;
        Capacity = capacity;
        Values = new Value[capacity * columns.Count];
        Bytes = Pinned(capacity * 32);
    }

    public int Capacity { get; }

    /// <summary>Rows in the block; row r's values are <see cref="Values"/>[r × columns … (r + 1) × columns − 1].</summary>
    public int Count { get; private set; }

    public Value[] Values { get; }

    /// <summary>
    /// The text of the block's values. Pinned (allocated on the pinned heap), because SQLite binds it in place
    /// (<c>SQLITE_STATIC</c>) instead of copying every value.
    /// </summary>
    public byte[] Bytes { get; private set; }

    public bool IsFull => Count == Capacity;

    public void Clear()
    {
        Count = 0;
        _used = 0;
    }

    /// <summary>Encodes one row (typed by the columns); the row array can be reused at once.</summary>
    public void Add(object?[] row)
    {
        var at = Count * _columns.Count;
        for (var i = 0; i < _columns.Count; i++)
        {
            Values[at + i] = Encode(_columns[i].Type, row[i]);
        }
        Count++;
    }

    Value Encode(ColumnType type, object? value)
    {
        if (value is null)
        {
            return default;
        }
        switch (type)
        {
            case ColumnType.Int64:
            case ColumnType.Int32:
                return new(Kind.Integer, value is long l ? l : Convert.ToInt64(value, CultureInfo.InvariantCulture), 0, 0);
            case ColumnType.Bool:
                return new(Kind.Integer, (bool)value ? 1 : 0, 0, 0);
            case ColumnType.Double:
                return new(Kind.Real, BitConverter.DoubleToInt64Bits((double)value), 0, 0);
            case ColumnType.Decimal:
                return Text(SqliteStatement.FormatDecimal((decimal)value, Reserve(64)));
            case ColumnType.DateTime:
                return Text(SqliteStatement.FormatTimestamp((DateTime)value, Reserve(32)));
            case ColumnType.Date:
                return Text(SqliteStatement.FormatDate((DateOnly)value, Reserve(16)));
            default:
                var text = (string)value;
                return Text(Encoding.UTF8.GetBytes(text, Reserve(Encoding.UTF8.GetMaxByteCount(text.Length))));
        }
    }

    Value Text(int length)
    {
        var value = new Value(Kind.Text, 0, _used, length);
        _used += length;
        return value;
    }

    /// <summary>Room for <paramref name="size"/> more bytes (the buffer doubles when needed; ranges stay valid).</summary>
    Span<byte> Reserve(int size)
    {
        if (_used + size > Bytes.Length)
        {
            var grown = Pinned(Math.Max(Bytes.Length * 2, _used + size));
            Bytes.AsSpan(0, _used).CopyTo(grown);
            Bytes = grown;
        }
        return Bytes.AsSpan(_used, size);
    }

    static byte[] Pinned(int size) => GC.AllocateUninitializedArray<byte>(size, pinned: true);
}
