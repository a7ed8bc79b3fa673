using System.Globalization;
using Valora.Data;

namespace Valora.Server.Tests.Support;

/// <summary>
/// Sixty customers i = 0..59 with known purchase days. Customer i first buys on 2025-01-01 + (7i mod 60) days, then
/// makes i mod 6 repeat purchases every 12 + 6·(i mod 5) days (all on or before 2025-08-28, inside the calibration
/// period ending <see cref="CalibrationEnd"/>). In the holdout (to <see cref="HoldoutEnd"/>) the 20 customers with
/// i mod 3 = 1 buy once and the 10 with i mod 6 = 5 buy twice: 40 holdout purchases. Customers with i mod 6 = 0
/// never repeat. Order amounts vary by customer and order; there are no costs (score with an explicit margin).
/// </summary>
public static class ClvData
{
    public static readonly DateOnly CalibrationEnd = new(2025, 9, 30);
    public static readonly DateOnly HoldoutEnd = new(2025, 12, 31);
    public const int HoldoutPurchases = 40;
    public const int Customers = 60;

    /// <summary>Ids of the customers who never repeat (i mod 6 = 0), filled by <see cref="InsertAsync"/>.</summary>
    public static async Task<List<long>> InsertAsync(ValoraDbContext db)
    {
        var neverRepeat = new List<long>();
        var start = new DateOnly(2025, 1, 1);
        for (var i = 0; i < Customers; i++)
        {
            var id = await SalesData.CustomerAsync(db, string.Create(CultureInfo.InvariantCulture, $"V-{i:00}"));
            var day = start.AddDays(7 * i % 60);
            var gap = 12 + 6 * (i % 5);
            for (var j = 0; j <= i % 6; j++)
            {
                SalesData.Order(db, id, day.AddDays(j * gap), 20 + (13 * i % 30) + 2 * j, $"V-{i:00}-{j}");
            }
            if (i % 3 == 1)
            {
                SalesData.Order(db, id, new DateOnly(2025, 10, 15).AddDays(i % 10), 25, $"V-{i:00}-h");
            }
            if (i % 6 == 5)
            {
                SalesData.Order(db, id, new DateOnly(2025, 10, 20), 30, $"V-{i:00}-h1");
                SalesData.Order(db, id, new DateOnly(2025, 11, 20), 35, $"V-{i:00}-h2");
            }
            if (i % 6 == 0)
            {
                neverRepeat.Add(id);
            }
        }
        await db.SaveChangesAsync();
        return neverRepeat;
    }
}

/// <summary>A server whose database holds <see cref="ClvData"/>.</summary>
public sealed class ClvFixture : ServerFixture
{
    public IReadOnlyList<long> NeverRepeat { get; private set; } = [];

    protected override async Task InsertAsync(ValoraDbContext db) => NeverRepeat = await ClvData.InsertAsync(db);
}
