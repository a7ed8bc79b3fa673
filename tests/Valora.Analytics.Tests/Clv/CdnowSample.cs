using System.Globalization;
using Valora.Domain.Sales;
using Valora.TestSupport;

namespace Valora.Analytics.Tests.Clv;

/// <summary>
/// The CDNOW 1/10 sample (2,357 customers, first purchase in Q1 1997, orders to 1998-06-30), from
/// <c>shared/data/cdnow/CDNOW_sample.txt</c> (Fader &amp; Hardie's public data set, as shipped with lifetimes).
/// Columns: master id, sample id (1..2357, used as customer id here), yyyyMMdd, CDs, dollars.
/// </summary>
internal static class CdnowSample
{
    public const string File = "cdnow/CDNOW_sample.txt";
    public const string Summary = "cdnow/cdnow_customers_summary.csv";
    public const string SummaryWithSpend = "cdnow/cdnow_customers_summary_with_transactions.csv";
    public static readonly DateOnly CalibrationEnd = new(1997, 9, 30);
    public static readonly DateOnly HoldoutEnd = new(1998, 6, 30);

    static readonly Lazy<Purchase[]> Rows = new(Load);

    public static Purchase[] Purchases => Rows.Value;

    static Purchase[] Load()
    {
        var result = new List<Purchase>();
        foreach (var line in System.IO.File.ReadLines(SharedData.PathOf(File)))
        {
            var f = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (f.Length == 0)
            {
                continue;
            }
            var day = DateTime.ParseExact(f[2], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
            result.Add(new Purchase(long.Parse(f[1], CultureInfo.InvariantCulture), day,
                decimal.Parse(f[4], CultureInfo.InvariantCulture), 0m));
        }
        return [.. result];
    }

    /// <summary>Rows of a summary CSV (header skipped) as invariant-culture numbers.</summary>
    public static IEnumerable<double[]> ReadCsv(string relativePath) =>
        System.IO.File.ReadLines(SharedData.PathOf(relativePath)).Skip(1)
            .Where(l => l.Length > 0)
            .Select(l => l.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray());
}

/// <summary>
/// The whole CDNOW cohort (<c>shared/data/cdnow/CDNOW_master.txt</c>: 23,570 customers, 69,659 orders, one header line).
/// Columns: customer id (5 digits), yyyyMMdd, CDs, dollars.
/// </summary>
internal static class CdnowMaster
{
    public const string File = "cdnow/CDNOW_master.txt";

    static readonly Lazy<Purchase[]> Rows = new(Load);

    public static Purchase[] Purchases => Rows.Value;

    static Purchase[] Load() =>
    [
        .. System.IO.File.ReadLines(SharedData.PathOf(File)).Skip(1)
            .Select(line => line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length == 4)
            .Select(f => new Purchase(
                long.Parse(f[0], CultureInfo.InvariantCulture),
                DateTime.ParseExact(f[1], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal),
                decimal.Parse(f[3], CultureInfo.InvariantCulture),
                0m)),
    ];
}
