using System.Globalization;

namespace Valora.Data.Bulk;

/// <summary>
/// Values as stored, so that a record and the row read back compare equal exactly when nothing changed:
/// money rounded to 4 decimals (the column scale), timestamps UTC to the microsecond (PostgreSQL's precision),
/// enums by name (as EF stores them).
/// </summary>
internal static class Values
{
    public static object? Money(decimal? value) => value is { } v ? Math.Round(v, 4, MidpointRounding.AwayFromZero) : null;

    public static object Money(decimal value) => Math.Round(value, 4, MidpointRounding.AwayFromZero);

    public static object Time(DateTime value)
    {
        var utc = value.Kind switch
        {
            DateTimeKind.Local => value.ToUniversalTime(),
            _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
        };
        return new DateTime(utc.Ticks - (utc.Ticks % 10), DateTimeKind.Utc);
    }

    public static object? Time(DateTime? value) => value is { } v ? Time(v) : null;

    public static object Name<TEnum>(TEnum value) where TEnum : struct, Enum => value.ToString();

    public static object? Text(string? value) => value;

    static readonly object True = true;
    static readonly object False = false;
    static readonly object[] SmallInts = [.. Enumerable.Range(-256, 4096 + 256).Select(i => (object)i)];

    /// <summary>A boxed boolean, shared (rows of a large load would otherwise box one per value).</summary>
    public static object Bool(bool value) => value ? True : False;

    /// <summary>A boxed integer, shared for the small values line numbers and quantities mostly are.</summary>
    public static object Int(int value) =>
        value is >= -256 and < 4096 ? SmallInts[value + 256] : value;

    /// <summary>Element-wise equality of two rows, ignoring the given leading columns (ids).</summary>
    public static bool SameData(object?[] a, object?[] b, int skip)
    {
        if (a.Length != b.Length)
        {
            return false;
        }
        for (var i = skip; i < a.Length; i++)
        {
            if (!Equals(a[i], b[i]))
            {
                return false;
            }
        }
        return true;
    }

    public static string Describe(object? value) => value switch
    {
        null => "null",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
