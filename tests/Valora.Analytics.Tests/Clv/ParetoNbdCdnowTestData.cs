using System.Globalization;
using Valora.Analytics.Clv;
using Valora.TestSupport;

namespace Valora.Analytics.Tests.Clv;

/// <summary>
/// Builds Pareto/NBD histories from the CDNOW 1/10 sample (Fader, Hardie &amp; Lee 2005; files from the lifetimes
/// library, see /work/shared/data/cdnow/README.md): calibration 1997-01-01 .. 1997-09-30, weeks = days / 7, one
/// purchase occasion per customer per day, first occasion excluded.
/// </summary>
internal static class ParetoNbdCdnowTestData
{
    static readonly DateOnly CalibrationEnd = new(1997, 9, 30);

    /// <summary>From <c>CDNOW_sample.txt</c> (no header; master id, sample id, yyyyMMdd, cds, dollars), exact fractions.</summary>
    public static CustomerHistory[] FromRawSample()
    {
        var days = new SortedDictionary<long, SortedSet<DateOnly>>();
        foreach (var line in File.ReadLines(SharedData.PathOf("cdnow/CDNOW_sample.txt")))
        {
            var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 5)
            {
                continue;
            }
            long id = long.Parse(parts[1], CultureInfo.InvariantCulture);
            var date = DateOnly.ParseExact(parts[2], "yyyyMMdd", CultureInfo.InvariantCulture);
            if (!days.TryGetValue(id, out var set))
            {
                days[id] = set = [];
            }
            set.Add(date);
        }
        return [.. days.Select(kv =>
        {
            var first = kv.Value.Min;
            var calibration = kv.Value.Where(d => d <= CalibrationEnd).ToArray();
            int x = calibration.Length - 1;
            double tx = (calibration[^1].DayNumber - first.DayNumber) / 7.0;
            double t = (CalibrationEnd.DayNumber - first.DayNumber) / 7.0;
            return new CustomerHistory(kv.Key, x, tx, t);
        })];
    }

    /// <summary>From <c>cdnow_customers_summary.csv</c> (ID,frequency,recency,T; weeks rounded to 2 decimals).</summary>
    public static CustomerHistory[] FromSummaryCsv() =>
    [
        .. File.ReadLines(SharedData.PathOf("cdnow/cdnow_customers_summary.csv")).Skip(1)
            .Where(l => l.Length > 0)
            .Select(l => l.Split(','))
            .Select(p => new CustomerHistory(
                long.Parse(p[0], CultureInfo.InvariantCulture),
                (int)double.Parse(p[1], CultureInfo.InvariantCulture),
                double.Parse(p[2], CultureInfo.InvariantCulture),
                double.Parse(p[3], CultureInfo.InvariantCulture))),
    ];
}
