using System.Globalization;
using Microsoft.Data.Sqlite;
using Valora.Data;
using Valora.Data.Bulk;

namespace Valora.Data.Tests.Bulk;

/// <summary>
/// Values bound through SQLite's C API must be stored exactly as Microsoft.Data.Sqlite (and so EF) stores them: the
/// reference here is the same value bound as an ADO.NET parameter and read back as text.
/// </summary>
public sealed class SqliteStatementTests
{
    static readonly Column[] Columns =
    [
        new("Id", ColumnType.Int64), new("M", ColumnType.Decimal, true), new("T", ColumnType.DateTime, true),
        new("D", ColumnType.Date, true), new("B", ColumnType.Bool, true), new("S", ColumnType.Text, true), new("I", ColumnType.Int32, true),
    ];

    public static TheoryData<decimal> Decimals =>
    [
        0m, 1m, -1m, 2.55m, -2.5m, 6.00m, 0.0001m, -0.0001m, 1234567.8900m, 17850.0m, 999_999_999.9999m, 1_000_000_000m,
        -12345678901234.5678m, 0.1234567891m, 79228162514264337593543950335m, 1.10m, -0.0m, 0.000000000000000001m,
        123456789012345678.9m, 999999999999999999m, 1000000000000000000m, -0.5000m, 0.1234567890123456789m,
    ];

    [Theory]
    [MemberData(nameof(Decimals))]
    public void Execute_Decimal_StoredAsMicrosoftDataSqliteStoresIt(decimal value) =>
        AssertSameText(1, value);

    public static TheoryData<DateTime> Times =>
    [
        new DateTime(2010, 12, 1, 8, 26, 0, DateTimeKind.Utc),
        new DateTime(2010, 12, 1, 8, 26, 0, DateTimeKind.Utc).AddTicks(1_234_567),
        new DateTime(1, 1, 1, 0, 0, 0, DateTimeKind.Utc),
        new DateTime(9999, 12, 31, 23, 59, 59, DateTimeKind.Utc).AddTicks(9_999_990),
        new DateTime(2024, 2, 29, 0, 0, 0, DateTimeKind.Utc).AddTicks(5_000_000),
        new DateTime(2024, 2, 29, 0, 0, 0, DateTimeKind.Utc).AddTicks(10),
    ];

    [Theory]
    [MemberData(nameof(Times))]
    public void Execute_Timestamp_StoredAsMicrosoftDataSqliteStoresIt(DateTime value) => AssertSameText(2, value);

    [Fact]
    public void Execute_DateBoolTextInt_StoredAsMicrosoftDataSqliteStoresThem()
    {
        AssertSameText(3, new DateOnly(2011, 3, 4));
        AssertSameText(3, new DateOnly(1, 1, 1));
        AssertSameText(4, true);
        AssertSameText(4, false);
        AssertSameText(5, "déjà vu — 中文 \"quoted\", comma");
        AssertSameText(5, new string('x', 5000));
        AssertSameText(6, -42);
    }

    [Fact]
    public void Execute_ConstraintBroken_ThrowsSqliteExceptionAndStatementStaysUsable()
    {
        using var conn = Open();
        using var statement = new SqliteStatement(conn, "INSERT INTO t (Id, M, T, D, B, S, I) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", Columns);
        statement.Execute([1L, null, null, null, null, null, null]);
        var e = Assert.Throws<SqliteException>(() => statement.Execute([1L, null, null, null, null, null, null]));
        Assert.Contains("UNIQUE", e.Message, StringComparison.Ordinal);
        statement.Execute([2L, null, null, null, null, null, null]);
        using var count = conn.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM t";
        Assert.Equal(2L, (long)count.ExecuteScalar()!);
    }

    static void AssertSameText(int column, object value)
    {
        using var conn = Open();
        var row = new object?[Columns.Length];
        row[0] = 1L;
        row[column] = value;
        using (var statement = new SqliteStatement(conn, "INSERT INTO t (Id, M, T, D, B, S, I) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", Columns))
        {
            statement.Execute(row);
        }
        using (var reference = conn.CreateCommand())
        {
            reference.CommandText = $"INSERT INTO t (Id, {Columns[column].Name}) VALUES (2, $v)";
            reference.Parameters.AddWithValue("$v", value);
            reference.ExecuteNonQuery();
        }
        using var read = conn.CreateCommand();
        read.CommandText = $"SELECT typeof({Columns[column].Name}), CAST({Columns[column].Name} AS TEXT) FROM t ORDER BY Id";
        using var reader = read.ExecuteReader();
        Assert.True(reader.Read());
        var (ours, oursType) = (reader.GetString(1), reader.GetString(0));
        Assert.True(reader.Read());
        Assert.Equal(reader.GetString(0), oursType);
        Assert.Equal(reader.GetString(1), ours);
        if (value is decimal m)
        {
            Assert.Equal(m, decimal.Parse(ours, NumberStyles.Float, CultureInfo.InvariantCulture));
        }
    }

    static SqliteConnection Open()
    {
        var conn = new SqliteConnection(ValoraDatabase.Parse("Data Source=:memory:").ConnectionString);
        conn.Open();
        using var create = conn.CreateCommand();
        create.CommandText = "CREATE TABLE t (Id INTEGER PRIMARY KEY, M TEXT, T TEXT, D TEXT, B INTEGER, S TEXT, I INTEGER)";
        create.ExecuteNonQuery();
        return conn;
    }
}
