namespace Valora.Analytics.Matching;

/// <summary>
/// Jaro and Jaro–Winkler similarity of two strings, in [0, 1] (1 = identical). Jaro (1989) counts the characters
/// that agree within a window of ⌊max(|a|, |b|) / 2⌋ − 1 positions (m) and half the agreeing characters that are out
/// of order (t): J = (m/|a| + m/|b| + (m − t)/m) / 3. Winkler (1990) raises it for a shared prefix of ℓ ≤ 4
/// characters: JW = J + ℓ·p·(1 − J) with p = 0.1, applied only when J exceeds 0.7 (Winkler's boost threshold).
/// Published examples: MARTHA/MARHTA 0.961, DWAYNE/DUANE 0.840, DIXON/DICKSONX 0.813.
/// The comparison is ordinal: normalise first (<see cref="MatchNormalizer"/>).
/// </summary>
public static class JaroWinkler
{
    /// <summary>Winkler's prefix scale p.</summary>
    public const double PrefixScale = 0.1;

    /// <summary>Longest prefix that earns the boost.</summary>
    public const int MaxPrefix = 4;

    /// <summary>Jaro similarity below which no prefix boost is given.</summary>
    public const double BoostThreshold = 0.7;

    /// <summary>Jaro similarity; two empty strings are identical (1), one empty string matches nothing (0).</summary>
    public static double Jaro(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Length == 0 && b.Length == 0)
        {
            return 1;
        }
        if (a.Length == 0 || b.Length == 0)
        {
            return 0;
        }
        var window = Math.Max(0, (Math.Max(a.Length, b.Length) / 2) - 1);
        Span<bool> aMatched = a.Length <= 256 ? stackalloc bool[a.Length] : new bool[a.Length];
        Span<bool> bMatched = b.Length <= 256 ? stackalloc bool[b.Length] : new bool[b.Length];
        var matches = 0;
        for (var i = 0; i < a.Length; i++)
        {
            var from = Math.Max(0, i - window);
            var to = Math.Min(b.Length - 1, i + window);
            for (var j = from; j <= to; j++)
            {
                if (!bMatched[j] && a[i] == b[j])
                {
                    aMatched[i] = bMatched[j] = true;
                    matches++;
                    break;
                }
            }
        }
        if (matches == 0)
        {
            return 0;
        }
        var outOfOrder = 0;
        var k = 0;
        for (var i = 0; i < a.Length; i++)
        {
            if (!aMatched[i])
            {
                continue;
            }
            while (!bMatched[k])
            {
                k++;
            }
            if (a[i] != b[k])
            {
                outOfOrder++;
            }
            k++;
        }
        double m = matches;
        return ((m / a.Length) + (m / b.Length) + ((m - (outOfOrder / 2.0)) / m)) / 3.0;
    }

    /// <summary>Jaro–Winkler similarity (see the type's summary).</summary>
    public static double Similarity(string a, string b)
    {
        var jaro = Jaro(a, b);
        if (jaro <= BoostThreshold)
        {
            return jaro;
        }
        var prefix = 0;
        var limit = Math.Min(MaxPrefix, Math.Min(a.Length, b.Length));
        while (prefix < limit && a[prefix] == b[prefix])
        {
            prefix++;
        }
        return jaro + (prefix * PrefixScale * (1 - jaro));
    }
}
