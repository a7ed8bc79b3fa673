namespace Valora.Analytics.Matching;

/// <summary>One customer as duplicate matching sees it: the id and the raw name, e-mail and phone.</summary>
public sealed record MatchRecord(long Id, string? Name, string? Email, string? Phone);

/// <summary>Settings of <see cref="DuplicateFinder"/>; the defaults are named.</summary>
public sealed record DuplicateOptions
{
    /// <summary>Default least score of a pair that is reported.</summary>
    public const double DefaultThreshold = 0.75;

    /// <summary>Default largest block compared pair by pair.</summary>
    public const int DefaultMaxBlockSize = 300;

    /// <summary>Least combined score, in [0, 1], of a reported pair.</summary>
    public double Threshold { get; init; } = DefaultThreshold;

    /// <summary>
    /// A block with more members than this is skipped (its pairs are not compared), so one very common key — a shared
    /// office phone, a frequent surname sound — cannot make the search quadratic. Pairs in it are still found through
    /// their other keys. <see cref="DuplicateResult.SkippedBlocks"/> counts them.
    /// </summary>
    public int MaxBlockSize { get; init; } = DefaultMaxBlockSize;

    /// <summary>Weight of the name in the combined score.</summary>
    public double NameWeight { get; init; } = 0.4;

    /// <summary>Weight of the e-mail in the combined score.</summary>
    public double EmailWeight { get; init; } = 0.35;

    /// <summary>Weight of the phone in the combined score.</summary>
    public double PhoneWeight { get; init; } = 0.25;

    /// <summary>Least Jaro–Winkler similarity of two names for the name to count as matched.</summary>
    public double NameMatch { get; init; } = 0.9;
}

/// <summary>
/// A candidate pair (<see cref="FirstId"/> &lt; <see cref="SecondId"/>) with its combined score, the similarity of each
/// field both records have (null where one lacks it) and the fields that matched (<c>name</c>, <c>email</c>, <c>phone</c>).
/// </summary>
public sealed record DuplicatePair(
    long FirstId, long SecondId, double Score, double? NameSimilarity, double? EmailSimilarity, double? PhoneSimilarity,
    IReadOnlyList<string> MatchedFields);

/// <summary>The pairs at or above the threshold, best first, and what the search did.</summary>
/// <param name="Pairs">Best score first; ties by ids.</param>
/// <param name="Comparisons">Distinct pairs scored — far fewer than n(n − 1)/2 thanks to blocking.</param>
/// <param name="SkippedBlocks">Blocks larger than <see cref="DuplicateOptions.MaxBlockSize"/>, not compared.</param>
public sealed record DuplicateResult(IReadOnlyList<DuplicatePair> Pairs, long Comparisons, int SkippedBlocks);

/// <summary>
/// Finds likely duplicate customers. Blocking: each record gets keys — its normalised e-mail, its phone key, and the
/// Soundex codes of its first and last name words (as an unordered pair, so "Smith John" meets "John Smith") — and
/// only records sharing a key are compared. Scoring, over the fields both records have: name = the larger
/// Jaro–Winkler similarity of the normal forms as written and with their words sorted; e-mail and phone = 1 when the
/// normal forms are equal, else 0. The combined score is the weighted mean of those similarities (weights
/// <see cref="DuplicateOptions.NameWeight"/> etc., renormalised over the fields present; a differing e-mail or phone
/// counts with half its weight, since people have several). So with the default weights: same name, e-mail and phone
/// 1; same name and e-mail, other phone 0.857; same name and phone, other e-mail 0.788; same name only 0.571; same
/// e-mail and phone under another name 0.6; two records sharing no comparable field 0.
/// </summary>
public static class DuplicateFinder
{
    /// <summary>The candidate pairs among <paramref name="records"/> (ids must be distinct).</summary>
    public static DuplicateResult Find(IReadOnlyList<MatchRecord> records, DuplicateOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        options ??= new DuplicateOptions();
        if (options.Threshold is < 0 or > 1 || double.IsNaN(options.Threshold))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Threshold, "Threshold must be between 0 and 1.");
        }
        var normal = new Normalised[records.Count];
        var blocks = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var ids = new HashSet<long>();
        for (var i = 0; i < records.Count; i++)
        {
            var r = records[i];
            if (!ids.Add(r.Id))
            {
                throw new ArgumentException($"Customer id {r.Id} appears twice.", nameof(records));
            }
            normal[i] = Normalise(r);
            foreach (var key in BlockKeys(normal[i]))
            {
                if (!blocks.TryGetValue(key, out var list))
                {
                    blocks[key] = list = [];
                }
                list.Add(i);
            }
        }
        var seen = new HashSet<(int, int)>();
        var pairs = new List<DuplicatePair>();
        var skipped = 0;
        foreach (var members in blocks.Values)
        {
            if (members.Count < 2)
            {
                continue;
            }
            if (members.Count > options.MaxBlockSize)
            {
                skipped++;
                continue;
            }
            for (var x = 0; x < members.Count; x++)
            {
                for (var y = x + 1; y < members.Count; y++)
                {
                    var (i, j) = (members[x], members[y]);
                    if (!seen.Add(i < j ? (i, j) : (j, i)))
                    {
                        continue;
                    }
                    var pair = Score(normal[i], normal[j], options);
                    if (pair.Score >= options.Threshold)
                    {
                        pairs.Add(pair);
                    }
                }
            }
        }
        pairs.Sort((a, b) => b.Score != a.Score ? b.Score.CompareTo(a.Score)
            : a.FirstId != b.FirstId ? a.FirstId.CompareTo(b.FirstId) : a.SecondId.CompareTo(b.SecondId));
        return new DuplicateResult(pairs, seen.Count, skipped);
    }

    /// <summary>Scores one pair as <see cref="Find"/> does, whatever its blocks.</summary>
    public static DuplicatePair Compare(MatchRecord a, MatchRecord b, DuplicateOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return Score(Normalise(a), Normalise(b), options ?? new DuplicateOptions());
    }

    sealed record Normalised(long Id, string? Name, string? SortedName, string? Email, string? Phone);

    static Normalised Normalise(MatchRecord r)
    {
        var name = MatchNormalizer.Name(r.Name);
        var sorted = name is null ? null : string.Join(' ', name.Split(' ').Order(StringComparer.Ordinal));
        return new Normalised(r.Id, name, sorted, MatchNormalizer.Email(r.Email), MatchNormalizer.Phone(r.Phone));
    }

    static IEnumerable<string> BlockKeys(Normalised n)
    {
        if (n.Email is not null)
        {
            yield return "e:" + n.Email;
        }
        if (n.Phone is not null)
        {
            yield return "p:" + n.Phone;
        }
        if (n.Name is not null)
        {
            var words = n.Name.Split(' ');
            var first = MatchNormalizer.Soundex(words[0]) ?? words[0];
            var last = MatchNormalizer.Soundex(words[^1]) ?? words[^1];
            yield return string.CompareOrdinal(first, last) <= 0 ? $"n:{first}|{last}" : $"n:{last}|{first}";
        }
    }

    static DuplicatePair Score(Normalised a, Normalised b, DuplicateOptions o)
    {
        double? name = a.Name is not null && b.Name is not null
            ? Math.Max(JaroWinkler.Similarity(a.Name, b.Name), JaroWinkler.Similarity(a.SortedName!, b.SortedName!))
            : null;
        double? email = a.Email is not null && b.Email is not null ? (a.Email == b.Email ? 1 : 0) : null;
        double? phone = a.Phone is not null && b.Phone is not null ? (a.Phone == b.Phone ? 1 : 0) : null;
        double sum = 0, weights = 0;
        if (name is { } n) { sum += o.NameWeight * n; weights += o.NameWeight; }
        // A differing e-mail or phone counts with half its weight: people have several, so it is weaker evidence
        // against than an equal one is for.
        if (email is { } e) { sum += o.EmailWeight * e; weights += e == 1 ? o.EmailWeight : o.EmailWeight / 2; }
        if (phone is { } p) { sum += o.PhoneWeight * p; weights += p == 1 ? o.PhoneWeight : o.PhoneWeight / 2; }
        var matched = new List<string>(3);
        if (name >= o.NameMatch) { matched.Add("name"); }
        if (email == 1) { matched.Add("email"); }
        if (phone == 1) { matched.Add("phone"); }
        var (first, second) = a.Id < b.Id ? (a.Id, b.Id) : (b.Id, a.Id);
        return new DuplicatePair(first, second, weights == 0 ? 0 : sum / weights, name, email, phone, matched);
    }
}
