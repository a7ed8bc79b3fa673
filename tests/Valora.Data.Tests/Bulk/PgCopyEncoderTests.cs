using Npgsql;
using Valora.Data.Bulk;
using Valora.TestSupport;

namespace Valora.Data.Tests.Bulk;

/// <summary>
/// Values COPY'd in our own binary encoding must be stored exactly as Npgsql stores them: the reference is the same
/// value sent as an Npgsql parameter; both are read back as PostgreSQL's text form.
/// </summary>
public sealed class PgCopyEncoderTests
{
    static readonly Column[] Columns =
    [
        new("Id", ColumnType.Int64), new("M", ColumnType.Decimal, true), new("M4", ColumnType.Decimal, true),
        new("T", ColumnType.DateTime, true), new("D", ColumnType.Date, true), new("B", ColumnType.Bool, true),
        new("S", ColumnType.Text, true), new("I", ColumnType.Int32, true), new("L", ColumnType.Int64, true),
        new("X", ColumnType.Double, true),
    ];

    static readonly decimal[] Decimals =
    [
        0m, 0.00m, 1m, -1m, 2.55m, -2.5m, 6.00m, 0.0001m, -0.0001m, 0.00001m, 1234567.8900m, 17850.0m, 10000m, 100000000m,
        999_999_999.9999m, 1_000_000_000m, -12345678901234.5678m, 0.1234567891m, 79228162514264337593543950335m,
        -79228162514264337593543950335m, 1.10m, 0.0000000000000000000000000001m, 12.3456789012345678901234567m,
    ];

    static readonly DateTime[] Times =
    [
        new(2010, 12, 1, 8, 26, 0, DateTimeKind.Utc), new DateTime(2010, 12, 1, 8, 26, 0, DateTimeKind.Utc).AddTicks(1_234_560),
        new(1999, 12, 31, 23, 59, 59, DateTimeKind.Utc), new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddTicks(-10),
        new(1, 1, 1, 0, 0, 1, DateTimeKind.Utc), new DateTime(9999, 12, 31, 23, 59, 59, DateTimeKind.Utc).AddTicks(9_999_990),
        new(2024, 2, 29, 0, 0, 0, DateTimeKind.Utc), DateTime.MinValue, DateTime.MaxValue,
    ];

    static readonly DateOnly[] Dates = [new(2011, 3, 4), new(2000, 1, 1), new(1999, 12, 31), new(1, 1, 1), new(9999, 12, 31)];

    [PostgresFact]
    public async Task WriteRow_EveryType_StoredAsNpgsqlStoresIt()
    {
        var cases = new List<(int Column, object Value)>();
        cases.AddRange(Decimals.Select(m => (1, (object)m)));
        cases.AddRange(Decimals.Where(m => Math.Abs(m) < 1_000_000_000_000_000m).Select(m => (2, (object)m)));
        cases.AddRange(Times.Select(t => (3, (object)t)));
        cases.AddRange(Dates.Select(d => (4, (object)d)));
        cases.AddRange([(5, true), (5, false), (6, ""), (6, "déjà vu — 中文 \"quoted\", comma\ttab\nline"), (6, new string('x', 100_000))]);
        cases.AddRange([(7, 0), (7, -42), (7, int.MaxValue), (7, int.MinValue), (8, 0L), (8, long.MinValue), (8, long.MaxValue)]);
        cases.AddRange([(9, 0.0), (9, -1.5), (9, Math.PI), (9, double.MaxValue), (9, double.Epsilon)]);

        await using var conn = new NpgsqlConnection(PostgresFactAttribute.ConnectionString);
        await conn.OpenAsync();
        await Execute(conn, """
            CREATE TEMP TABLE t ("Id" bigint PRIMARY KEY, "M" numeric, "M4" numeric(19,4), "T" timestamptz, "D" date,
                                 "B" boolean, "S" text, "I" integer, "L" bigint, "X" double precision)
            """);

        // Ours: all cases in one COPY (odd ids), a null row included; a small buffer so blocks are handed over often.
        await using (var stream = await conn.BeginRawBinaryCopyAsync(
            $"COPY t ({string.Join(", ", Columns.Select(c => $"\"{c.Name}\""))}) FROM STDIN (FORMAT BINARY)"))
        {
            var encoder = new PgCopyEncoder(stream.Write, capacity: 64);
            encoder.WriteHeader();
            for (var i = 0; i < cases.Count; i++)
            {
                var row = new object?[Columns.Length];
                row[0] = (2L * i) + 1;
                row[cases[i].Column] = cases[i].Value;
                encoder.WriteRow(Columns, row);
            }
            encoder.WriteRow(Columns, [999_999L, null, null, null, null, null, null, null, null, null]);
            encoder.Complete();
        }

        // Reference: Npgsql parameters (even ids).
        for (var i = 0; i < cases.Count; i++)
        {
            var name = Columns[cases[i].Column].Name;
            await using var insert = new NpgsqlCommand($"INSERT INTO t (\"Id\", \"{name}\") VALUES (@id, @v)", conn);
            insert.Parameters.AddWithValue("id", 2L * i);
            insert.Parameters.AddWithValue("v", cases[i].Value);
            await insert.ExecuteNonQueryAsync();
        }

        for (var i = 0; i < cases.Count; i++)
        {
            var name = Columns[cases[i].Column].Name;
            await using var read = new NpgsqlCommand($"SELECT \"{name}\"::text FROM t WHERE \"Id\" IN (@a, @b) ORDER BY \"Id\"", conn);
            read.Parameters.AddWithValue("a", 2L * i);
            read.Parameters.AddWithValue("b", (2L * i) + 1);
            await using var reader = await read.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            var reference = reader.GetString(0);
            Assert.True(await reader.ReadAsync());
            Assert.Equal((name, reference), (name, reader.GetString(0)));
        }

        await using var nulls = new NpgsqlCommand("""
            SELECT num_nulls("M", "M4", "T", "D", "B", "S", "I", "L", "X") FROM t WHERE "Id" = 999999
            """, conn);
        Assert.Equal(9, (int)(await nulls.ExecuteScalarAsync())!);
    }

    static async Task Execute(NpgsqlConnection conn, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }
}
