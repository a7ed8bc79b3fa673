using System.Buffers.Text;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Valora.Data.Bulk;

/// <summary>
/// One prepared statement driven through SQLite's C API (SQLitePCLRaw, the library under Microsoft.Data.Sqlite), on
/// the connection's current transaction: values are bound by position straight from a row, typed by its
/// <see cref="Column"/>, without ADO.NET parameter objects — the per-row cost that made bulk inserts slow.
/// </summary>
/// <remarks>
/// Values are stored exactly as Microsoft.Data.Sqlite stores them, so rows written here and by EF read back alike:
/// integers and booleans as INTEGER, doubles as REAL, decimals as TEXT <c>0.0###…</c>, timestamps as TEXT
/// <c>yyyy-MM-dd HH:mm:ss.FFFFFFF</c>, dates as <c>yyyy-MM-dd</c>, text as UTF-8.
/// Parameter <c>?n</c> of the SQL takes element n − 1 of the row.
/// </remarks>
internal sealed partial class SqliteStatement : IDisposable
{
    readonly sqlite3 _db;
    readonly sqlite3_stmt _stmt;
    readonly IntPtr _handle;
    readonly IReadOnlyList<Column> _columns;
    readonly EncodedRows _one;

    public SqliteStatement(SqliteConnection connection, string sql, IReadOnlyList<Column> columns)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        _columns = columns;
        _one = new EncodedRows(columns, 1);
        Check(raw.sqlite3_prepare_v3(_db, sql, raw.SQLITE_PREPARE_PERSISTENT, out _stmt));
        _handle = _stmt.DangerousGetHandle();
    }

    /// <summary>
    /// <c>INSERT INTO table (all columns) VALUES (?1, …), (…), …</c> with <paramref name="rows"/> rows per execution
    /// (see <see cref="ExecuteMany(EncodedRows, int, int)"/>).
    /// </summary>
    public static SqliteStatement Insert(SqliteConnection connection, TableSpec table, int rows = 1)
    {
        var columns = table.Columns;
        var values = Enumerable.Range(0, rows)
            .Select(r => $"({string.Join(", ", columns.Select((_, i) => $"?{(r * columns.Count) + i + 1}"))})");
        return new(connection,
            $"INSERT INTO \"{table.Table}\" ({string.Join(", ", columns.Select(c => $"\"{c.Name}\""))}) VALUES {string.Join(", ", values)}",
            table.Columns);
    }

    /// <summary><c>UPDATE table SET (each data column) = ?n WHERE Id = ?1</c>.</summary>
    public static SqliteStatement Update(SqliteConnection connection, TableSpec table) =>
        new(connection,
            $"UPDATE \"{table.Table}\" SET {string.Join(", ", table.Columns.Skip(1).Select((c, i) => $"\"{c.Name}\" = ?{i + 2}"))} WHERE \"Id\" = ?1",
            table.Columns);

    /// <summary>Binds the row's values (encoded as <see cref="EncodedRows"/> encodes them) and runs the statement once.</summary>
    public void Execute(object?[] row)
    {
        _one.Clear();
        _one.Add(row);
        Execute(_one, 0);
    }

    /// <summary>Binds row <paramref name="row"/> of an encoded block and runs the statement once.</summary>
    public void Execute(EncodedRows block, int row)
    {
        BindEncoded(block, row, 1);
        Step();
    }

    /// <summary>
    /// Binds <paramref name="count"/> encoded rows from <paramref name="start"/> (the statement has that many value
    /// groups) and runs the statement once: one step, and one AUTOINCREMENT bookkeeping, for several rows — about half
    /// the cost of inserting them one by one.
    /// </summary>
    public void ExecuteMany(EncodedRows block, int start, int count)
    {
        var width = _columns.Count;
        for (var r = 0; r < count; r++)
        {
            BindEncoded(block, start + r, (r * width) + 1);
        }
        Step();
    }

    void BindEncoded(EncodedRows block, int row, int firstParameter)
    {
        var width = _columns.Count;
        var values = block.Values.AsSpan(row * width, width);
        for (var i = 0; i < width; i++)
        {
            ref readonly var v = ref values[i];
            var index = firstParameter + i;
            Check(v.Kind switch
            {
                EncodedRows.Kind.Integer => Native.BindInt64(_handle, index, v.Integer),
                EncodedRows.Kind.Real => Native.BindDouble(_handle, index, BitConverter.Int64BitsToDouble(v.Integer)),
                EncodedRows.Kind.Text => Native.BindText(_handle, index, ref block.Bytes[v.Length == 0 ? 0 : v.Offset], v.Length, Native.Static),
                _ => Native.BindNull(_handle, index),
            });
        }
    }

    void Step()
    {
        var rc = raw.sqlite3_step(_stmt);
        raw.sqlite3_reset(_stmt);
        if (rc != raw.SQLITE_DONE)
        {
            Check(rc);
        }
    }

    /// <summary>
    /// The bind calls straight into the SQLite library that SQLitePCLRaw loaded, on the statement's raw handle: its
    /// own wrappers add a provider dispatch and a SafeHandle reference count per value. Binding only stores or copies
    /// a value, so the calls skip the GC transition.
    /// </summary>
    static partial class Native
    {
        /// <summary>
        /// <c>SQLITE_STATIC</c>: SQLite reads the text where it is, without a copy (one allocation, copy and free per
        /// text value fewer). Safe here because the block's bytes are pinned and stay unchanged from the bind to the
        /// end of the step, and every step binds every parameter anew.
        /// </summary>
        public static readonly IntPtr Static = IntPtr.Zero;

        [LibraryImport("e_sqlite3", EntryPoint = "sqlite3_bind_int64")]
        [SuppressGCTransition]
        public static partial int BindInt64(IntPtr stmt, int index, long value);

        [LibraryImport("e_sqlite3", EntryPoint = "sqlite3_bind_double")]
        [SuppressGCTransition]
        public static partial int BindDouble(IntPtr stmt, int index, double value);

        [LibraryImport("e_sqlite3", EntryPoint = "sqlite3_bind_null")]
        [SuppressGCTransition]
        public static partial int BindNull(IntPtr stmt, int index);

        [LibraryImport("e_sqlite3", EntryPoint = "sqlite3_bind_text")]
        [SuppressGCTransition]
        public static partial int BindText(IntPtr stmt, int index, ref byte text, int length, IntPtr destructor);
    }

    /// <summary>As <c>decimal.ToString("0.0###########################")</c>: at least one fractional digit, no trailing zeros.</summary>
    internal static int FormatDecimal(decimal value, Span<byte> span)
    {
        // The digits straight from the decimal's bits: a 96-bit integer and a power-of-ten scale.
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var scale = (bits[3] >> 16) & 0xFF;
        var units = ((ulong)(uint)bits[1] << 32) | (uint)bits[0];
        if (bits[2] != 0 || units >= 1_000_000_000_000_000_000UL || scale > 18)
        {
            return Encoding.UTF8.GetBytes(value.ToString("0.0###########################", CultureInfo.InvariantCulture), span);
        }
        var n = 0;
        if (bits[3] < 0 && units != 0)
        {
            span[n++] = (byte)'-';
        }
        var whole = units / Pow10Long[scale];
        var fraction = units % Pow10Long[scale];
        Utf8Formatter.TryFormat(whole, span[n..], out var written);
        n += written;
        span[n++] = (byte)'.';
        if (fraction == 0)
        {
            span[n++] = (byte)'0';
            return n;
        }
        while (fraction % 10 == 0)
        {
            fraction /= 10;
            scale--;
        }
        for (var i = scale - 1; i >= 0; i--)
        {
            span[n + i] = (byte)('0' + (fraction % 10));
            fraction /= 10;
        }
        return n + scale;
    }

    static readonly ulong[] Pow10Long = [.. Enumerable.Range(0, 19).Select(i => (ulong)Math.Pow(10, i))];

    /// <summary>As <c>DateTime.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF")</c> (no fraction when it is zero).</summary>
    internal static int FormatTimestamp(DateTime value, Span<byte> span)
    {
        var n = WriteDate(span, value.Year, value.Month, value.Day);
        span[n++] = (byte)' ';
        n = Write2(span, n, value.Hour);
        span[n++] = (byte)':';
        n = Write2(span, n, value.Minute);
        span[n++] = (byte)':';
        n = Write2(span, n, value.Second);
        var ticks = value.Ticks % TimeSpan.TicksPerSecond;
        if (ticks == 0)
        {
            return n;
        }
        span[n++] = (byte)'.';
        var digits = 7;
        while (ticks % 10 == 0)
        {
            ticks /= 10;
            digits--;
        }
        for (var i = digits - 1; i >= 0; i--)
        {
            span[n + i] = (byte)('0' + (ticks % 10));
            ticks /= 10;
        }
        return n + digits;
    }

    internal static int FormatDate(DateOnly value, Span<byte> span) => WriteDate(span, value.Year, value.Month, value.Day);

    static int WriteDate(Span<byte> span, int year, int month, int day)
    {
        span[0] = (byte)('0' + (year / 1000));
        span[1] = (byte)('0' + (year / 100 % 10));
        span[2] = (byte)('0' + (year / 10 % 10));
        span[3] = (byte)('0' + (year % 10));
        span[4] = (byte)'-';
        Write2(span, 5, month);
        span[7] = (byte)'-';
        Write2(span, 8, day);
        return 10;
    }

    static int Write2(Span<byte> span, int at, int value)
    {
        span[at] = (byte)('0' + (value / 10));
        span[at + 1] = (byte)('0' + (value % 10));
        return at + 2;
    }

    void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, _db);
        }
    }

    public void Dispose() => _stmt.Dispose();
}
