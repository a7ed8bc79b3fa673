using Valora.Data.Customers;
using Valora.Domain.Customers;
using Valora.TestSupport;
using Valora.TestSupport.Data;

namespace Valora.Data.Tests.Customers;

public sealed class DuplicateCandidatesTests
{
    [Fact]
    public Task Find_OnSqlite_ScoresPlantedPairsAsWorkedByHand() => FindScoresPlantedPairs(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Find_OnPostgres_ScoresPlantedPairsAsWorkedByHand() => FindScoresPlantedPairs(DatabaseProvider.Postgres);

    /// <summary>
    /// Nine customers, four planted pairs (weights name 0.4, e-mail 0.35, phone 0.25; a differing e-mail or phone at
    /// half weight): Ann — same name, Gmail address with and without the dot, +44 and trunk-0 forms of one phone →
    /// 1; Carl — same name and e-mail, other phone → 0.75 / 0.875 = 6/7; Dora — same name and phone, other e-mail →
    /// 0.65 / 0.825 = 26/33; Eve — same name only → 0.4 / 0.7 = 4/7. Each pair shares its blocks with nobody else,
    /// so exactly four pairs are compared.
    /// </summary>
    static async Task FindScoresPlantedPairs(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var ids = new Dictionary<string, long>(StringComparer.Ordinal);
        await using (var db = test.Database.CreateContext())
        {
            var customers = new (string Key, string Name, string? Email, string? Phone)[]
            {
                ("ann1", "Ann Smith", "ann.smith@gmail.com", "+44 20 7946 0958"),
                ("ann2", "ann  SMITH", "annsmith@gmail.com", "020 7946 0958"),
                ("carl1", "Carl Berg", "carl@berg.se", "070 123 4567"),
                ("carl2", "Carl Berg", "carl@berg.se", "070 999 9999"),
                ("dora1", "Dora Lind", "dora@a.se", "073 111 2222"),
                ("dora2", "Dora Lind", "dora@b.se", "+46 73 111 2222"),
                ("eve1", "Eve Holm", "eve@a.se", "076 111 1111"),
                ("eve2", "Eve Holm", "eve@b.se", "076 222 2222"),
                ("zed", "Zed Unique", null, null),
            }.Select(c => (c.Key, Row: new Customer { ExternalId = c.Key, Name = c.Name, Email = c.Email, Phone = c.Phone })).ToList();
            db.Customers.AddRange(customers.Select(c => c.Row));
            await db.SaveChangesAsync();
            foreach (var (key, row) in customers)
            {
                ids[key] = row.Id;
            }
        }
        await using var read = test.Database.CreateContext();

        var list = await DuplicateCandidates.FindAsync(read);
        Assert.Equal((9, 4L, 0, 3), (list.Customers, list.Comparisons, list.SkippedBlocks, list.Found));
        Assert.Equal([("ann1", "ann2"), ("carl1", "carl2"), ("dora1", "dora2")], list.Pairs.Select(p => (p.First.ExternalId, p.Second.ExternalId)));
        Assert.Equal([1.0, 6.0 / 7, 26.0 / 33], list.Pairs.Select(p => Math.Round(p.Score, 12)), new RoundedComparer());
        Assert.Equal([["name", "email", "phone"], ["name", "email"], ["name", "phone"]], list.Pairs.Select(p => p.MatchedFields));
        var carl = list.Pairs[1];
        Assert.Equal((ids["carl1"], "Carl Berg", "carl@berg.se", "070 123 4567"), (carl.First.Id, carl.First.Name, carl.First.Email, carl.First.Phone));
        Assert.Equal((ids["carl2"], "070 999 9999"), (carl.Second.Id, carl.Second.Phone));
        Assert.Equal((1.0, 1.0, 0.0), (carl.NameSimilarity, carl.EmailSimilarity, carl.PhoneSimilarity));

        var two = await DuplicateCandidates.FindAsync(read, limit: 2);
        Assert.Equal((3, 2), (two.Found, two.Pairs.Count));
        var loose = await DuplicateCandidates.FindAsync(read, threshold: 0.5);
        Assert.Equal(("eve1", "eve2"), (loose.Pairs[^1].First.ExternalId, loose.Pairs[^1].Second.ExternalId));
        Assert.Equal(["name"], loose.Pairs[^1].MatchedFields);
        Assert.Equal(4.0 / 7, loose.Pairs[^1].Score, 12);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => DuplicateCandidates.FindAsync(read, threshold: 1.5));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => DuplicateCandidates.FindAsync(read, limit: 0));
    }

    sealed class RoundedComparer : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) < 1e-12;

        public int GetHashCode(double obj) => 0;
    }
}
