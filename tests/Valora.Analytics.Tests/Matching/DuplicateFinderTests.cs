using Valora.Analytics.Matching;

namespace Valora.Analytics.Tests.Matching;

public sealed class DuplicateFinderTests
{
    [Fact]
    public void Compare_SameEmailAndPhoneWithTransposedName_ScoresTheWeightedMean()
    {
        var pair = DuplicateFinder.Compare(
            new MatchRecord(2, "Martha Lee", "m.lee+x@example.org", "+44 20 7946 0958"),
            new MatchRecord(1, "Marhta Lee", "M.Lee@Example.org", "020 7946 0958"));
        // As written: m = 10, t = 1 → J = (1 + 1 + 9/10)/3 = 0.9667, prefix 3 → 0.9767; words sorted ("lee martha"): prefix 4 → 0.98.
        var name = 0.98;
        Assert.Equal((1, 2), (pair.FirstId, pair.SecondId));
        Assert.Equal(name, pair.NameSimilarity!.Value, 10);
        Assert.Equal(0.9767, JaroWinkler.Similarity("martha lee", "marhta lee"), 4);
        Assert.Equal((0.4 * name) + 0.35 + 0.25, pair.Score, 10);
        Assert.Equal(["name", "email", "phone"], pair.MatchedFields);
    }

    [Fact]
    public void Compare_SameNameDifferentEmailNoPhone_RenormalisesOverPresentFields()
    {
        var pair = DuplicateFinder.Compare(new MatchRecord(1, "Ada Byron", "ada@x.org", null), new MatchRecord(2, "ada  BYRON", "ada@y.org", "0123456789"));
        Assert.Null(pair.PhoneSimilarity);
        Assert.Equal(0.4 / (0.4 + 0.175), pair.Score, 12);   // the differing e-mail at half weight
        Assert.Equal(["name"], pair.MatchedFields);
        Assert.Equal(1, DuplicateFinder.Compare(new MatchRecord(1, "Byron, Ada", null, null), new MatchRecord(2, "Ada Byron", null, null)).Score, 12);
    }

    /// <summary>
    /// Recall: 20 000 distinct customers (seeded) plus 200 planted copies, each with one or two of: a transposed
    /// name, a changed e-mail format (case, Gmail dots, +tag), a reformatted phone. Every planted pair is found at
    /// 0.75, and blocking scores under a hundredth of the n(n − 1)/2 pairs (about 1/500 here).
    /// </summary>
    [Fact]
    public void Find_OnPlantedDuplicates_RecallsEveryPairWithFewComparisons()
    {
        var random = new Random(16);
        string[] first = ["Anna", "Ben", "Carla", "David", "Eva", "Felix", "Greta", "Hugo", "Ines", "Jonas", "Karin", "Lukas", "Mia", "Noah", "Olga", "Paul"];
        string[] last = ["Meyer", "Schmidt", "Novak", "Rossi", "Dubois", "Garcia", "Jensen", "Kowalski", "Silva", "Horvath", "Smith", "Costa"];
        var records = new List<MatchRecord>();
        for (var i = 0; i < 20_000; i++)
        {
            var f = first[random.Next(first.Length)];
            var l = last[random.Next(last.Length)] + (char)('a' + random.Next(26)) + (char)('a' + random.Next(26));
            records.Add(new MatchRecord(i + 1, $"{f} {l}", $"{f}.{l}{i}@gmail.com".ToLowerInvariant(), $"+49 30 {10_000_000 + i}"));
        }
        var planted = new List<(long, long)>();
        for (var k = 0; k < 200; k++)
        {
            var source = records[random.Next(20_000)];
            var name = source.Name!;
            var cut = name.IndexOf(' ', StringComparison.Ordinal) + 2;
            var typo = k % 3 == 0 ? name[..cut] + name[cut + 1] + name[cut] + name[(cut + 2)..] : name.ToUpperInvariant();
            var email = k % 2 == 0 ? source.Email!.Replace(".", "", StringComparison.Ordinal).Replace("@gmailcom", "+crm@gmail.com", StringComparison.Ordinal).ToUpperInvariant() : "other" + k + "@example.org";
            var phone = k % 2 == 0 ? "(0)30-" + source.Phone![7..] : "0" + source.Phone![4..].Replace(" ", "", StringComparison.Ordinal);
            var copy = new MatchRecord(100_000 + k, typo, email, phone);
            records.Add(copy);
            planted.Add((source.Id, copy.Id));
        }

        var result = DuplicateFinder.Find(records, new DuplicateOptions { Threshold = 0.75 });

        var found = result.Pairs.Select(p => (p.FirstId, p.SecondId)).ToHashSet();
        var missed = planted.Where(p => !found.Contains(p)).Select(p => $"{records.Single(r => r.Id == p.Item1)} / {records.Single(r => r.Id == p.Item2)}").ToList();
        Assert.True(missed.Count == 0, string.Join("\n", missed.Take(5)));
        long n = records.Count;
        Assert.True(result.Comparisons < n * (n - 1) / 2 / 100, $"{result.Comparisons} comparisons");
        Assert.All(result.Pairs, p => Assert.True(p.Score >= 0.75));
    }

    [Fact]
    public void Find_WithARepeatedId_NamesIt()
    {
        var ex = Assert.Throws<ArgumentException>(() => DuplicateFinder.Find([new MatchRecord(7, "a", null, null), new MatchRecord(7, "b", null, null)]));
        Assert.Contains("7", ex.Message, StringComparison.Ordinal);
    }
}
