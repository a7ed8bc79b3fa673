using System.Globalization;
using Valora.Data;

namespace Valora.Server.Tests.Support;

/// <summary>
/// Ten customers k = 1..10 whose recency, frequency and money all rise with k: customer k has k orders of 10·k
/// (so 10·k² in total), the last one 100 − 10·k days before <see cref="AsOf"/>, the others early in the year on
/// distinct days. Every measure is distinct and ordered by k, so the five quantile bands hold two customers each
/// (k = 1, 2 → 1; 3, 4 → 2; … 9, 10 → 5) in R, F and M alike, and the default segment map gives
/// R = FM = 1 Lost, 2 Hibernating, 3 Need attention, 4 Loyal, 5 Champions: two customers in each.
/// </summary>
public static class RfmData
{
    public static readonly DateOnly AsOf = new(2025, 7, 20);

    public static readonly IReadOnlyDictionary<string, int> ExpectedSegments = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["Lost"] = 2, ["Hibernating"] = 2, ["Need attention"] = 2, ["Loyal"] = 2, ["Champions"] = 2,
    };

    public static async Task InsertAsync(ValoraDbContext db)
    {
        for (var k = 1; k <= 10; k++)
        {
            var id = await SalesData.CustomerAsync(db, string.Create(CultureInfo.InvariantCulture, $"R-{k:00}"));
            for (var j = 1; j < k; j++)
            {
                SalesData.Order(db, id, new DateOnly(2025, 1, 1).AddDays(j), 10 * k, string.Create(CultureInfo.InvariantCulture, $"R-{k:00}-{j}"));
            }
            SalesData.Order(db, id, AsOf.AddDays(-(100 - 10 * k)), 10 * k, string.Create(CultureInfo.InvariantCulture, $"R-{k:00}-last"));
        }
        await db.SaveChangesAsync();
    }
}

/// <summary>A server whose database holds <see cref="RfmData"/>.</summary>
public sealed class RfmFixture : ServerFixture
{
    protected override Task InsertAsync(ValoraDbContext db) => RfmData.InsertAsync(db);
}
