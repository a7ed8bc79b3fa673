using System.Globalization;
using Valora.Data;

namespace Valora.Server.Tests.Support;

/// <summary>
/// 270 customers whose purchase days come from the BG/NBD story (Fader, Hardie &amp; Lee 2005) with a fixed seed:
/// 30 customers for each pair of a purchase rate λ ∈ {0.05, 0.2, 0.6} a week and a drop-out probability
/// p ∈ {0.05, 0.3, 0.7}; each first buys on a day in the first half of 2025, then waits Exponential(λ) weeks
/// between purchases and, after each purchase, drops out with probability p. Days are counted here, as they are
/// generated: the holdout purchases (after <see cref="CalibrationEnd"/>, up to <see cref="HoldoutEnd"/>), the last
/// purchase day and the customers who never bought twice. Amounts vary by customer and order; there are no costs.
/// </summary>
public static class ClvData
{
    public static readonly DateOnly CalibrationEnd = new(2025, 12, 31);
    public static readonly DateOnly HoldoutEnd = new(2026, 6, 30);
    public const int Customers = 270;

    public sealed record Facts(int HoldoutPurchases, DateOnly LastPurchase, IReadOnlyList<long> NeverRepeat);

    public static async Task<Facts> InsertAsync(ValoraDbContext db)
    {
        var random = new Random(20251231);
        double[] rates = [0.05, 0.2, 0.6];
        double[] dropouts = [0.05, 0.3, 0.7];
        var holdout = 0;
        var last = DateOnly.MinValue;
        var neverRepeat = new List<long>();
        for (var i = 0; i < Customers; i++)
        {
            var lambda = rates[i % 3];
            var p = dropouts[i / 3 % 3];
            var first = new DateOnly(2025, 1, 1).AddDays(random.Next(0, 181));
            var days = new SortedSet<DateOnly> { first };
            var weeks = 0.0;
            while (random.NextDouble() >= p)
            {
                weeks += -Math.Log(1 - random.NextDouble()) / lambda;
                var day = first.AddDays((int)Math.Floor(weeks * 7));
                if (day > HoldoutEnd)
                {
                    break;
                }
                days.Add(day);
            }
            var id = await SalesData.CustomerAsync(db, string.Create(CultureInfo.InvariantCulture, $"V-{i:000}"));
            var j = 0;
            foreach (var day in days)
            {
                SalesData.Order(db, id, day, 20 + (13 * i % 30) + 3 * (j % 4), string.Create(CultureInfo.InvariantCulture, $"V-{i:000}-{j}"));
                j++;
            }
            holdout += days.Count(d => d > CalibrationEnd);
            last = days.Max > last ? days.Max : last;
            if (days.Count == 1)
            {
                neverRepeat.Add(id);
            }
        }
        await db.SaveChangesAsync();
        return new Facts(holdout, last, neverRepeat);
    }
}

/// <summary>A server whose database holds <see cref="ClvData"/>.</summary>
public sealed class ClvFixture : ServerFixture
{
    public ClvData.Facts Facts { get; private set; } = new(0, default, []);

    protected override async Task InsertAsync(ValoraDbContext db) => Facts = await ClvData.InsertAsync(db);
}
