using System.Globalization;

namespace Valora.Analytics.Rfm;

/// <summary>
/// Maps a customer's recency score R and combined frequency-monetary score FM = ⌊(F + M + 1) / 2⌋ (the mean of F and
/// M rounded half up) to a named segment. Rules are tried in order; the first whose R and FM ranges contain the scores
/// wins. Every (R, FM) cell of the band scale must be covered, otherwise scoring throws.
/// </summary>
/// <remarks>
/// The <see cref="Default"/> map is the common 11-segment RFM grid on a 5-band scale (the widely used regex map
/// "5[4-5] Champions, [3-4][4-5] Loyal, [4-5][2-3] Potential loyalist, 51 New, 41 Promising, 33 Need attention,
/// 3[1-2] About to sleep, [1-2][3-4] At risk, [1-2]5 Can't lose, [1-2][1-2] Hibernating", read with FM in place of F)
/// with Lost split off Hibernating at R = 1, FM = 1:
/// <code>
/// FM\R   1            2              3               4                   5
///  5     Can't lose   Can't lose     Loyal           Loyal               Champions
///  4     At risk      At risk        Loyal           Loyal               Champions
///  3     At risk      At risk        Need attention  Potential loyalist  Potential loyalist
///  2     Hibernating  Hibernating    About to sleep  Potential loyalist  Potential loyalist
///  1     Lost         Hibernating    About to sleep  Promising           New
/// </code>
/// </remarks>
public sealed class RfmSegmentMap
{
    /// <summary>Segment names of the default map.</summary>
    public const string Champions = "Champions", Loyal = "Loyal", PotentialLoyalist = "Potential loyalist", New = "New",
        Promising = "Promising", NeedAttention = "Need attention", AboutToSleep = "About to sleep", AtRisk = "At risk",
        CantLose = "Can't lose", Hibernating = "Hibernating", Lost = "Lost";

    /// <summary>The default 11-segment map for 5 bands (see remarks).</summary>
    public static RfmSegmentMap Default { get; } = new(5,
    [
        new(Champions, 5, 5, 4, 5),
        new(Loyal, 3, 4, 4, 5),
        new(PotentialLoyalist, 4, 5, 2, 3),
        new(New, 5, 5, 1, 1),
        new(Promising, 4, 4, 1, 1),
        new(NeedAttention, 3, 3, 3, 3),
        new(AboutToSleep, 3, 3, 1, 2),
        new(CantLose, 1, 2, 5, 5),
        new(AtRisk, 1, 2, 3, 4),
        new(Lost, 1, 1, 1, 1),
        new(Hibernating, 1, 2, 1, 2),
    ]);

    /// <summary>Creates a map for scores 1..<paramref name="bands"/>.</summary>
    /// <param name="bands">The band scale the rules are written for (must equal <see cref="RfmOptions.Bands"/>).</param>
    /// <param name="rules">Rules in priority order.</param>
    /// <exception cref="ArgumentException">No rules, a blank name, or a range outside 1..bands or reversed.</exception>
    public RfmSegmentMap(int bands, IReadOnlyList<RfmSegmentRule> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        if (bands is < 2 or > 9)
        {
            throw new ArgumentException($"Bands must be in 2..9 but was {bands.ToString(CultureInfo.InvariantCulture)}.", nameof(bands));
        }
        if (rules.Count == 0)
        {
            throw new ArgumentException("A segment map needs at least one rule.", nameof(rules));
        }
        foreach (var r in rules)
        {
            if (string.IsNullOrWhiteSpace(r.Segment))
            {
                throw new ArgumentException("A segment rule has a blank name.", nameof(rules));
            }
            if (r.RecencyMin < 1 || r.RecencyMax > bands || r.RecencyMin > r.RecencyMax
                || r.FrequencyMonetaryMin < 1 || r.FrequencyMonetaryMax > bands || r.FrequencyMonetaryMin > r.FrequencyMonetaryMax)
            {
                throw new ArgumentException($"Segment rule '{r.Segment}' has a range outside 1..{bands.ToString(CultureInfo.InvariantCulture)} or reversed.", nameof(rules));
            }
        }
        Bands = bands;
        Rules = [.. rules];
    }

    /// <summary>The band scale the rules are written for.</summary>
    public int Bands { get; }

    /// <summary>The rules in priority order.</summary>
    public IReadOnlyList<RfmSegmentRule> Rules { get; }

    /// <summary>The combined frequency-monetary score: mean of F and M rounded half up, ⌊(F + M + 1) / 2⌋.</summary>
    public static int CombinedFrequencyMonetary(int frequencyScore, int monetaryScore) => (frequencyScore + monetaryScore + 1) / 2;

    /// <summary>The segment of (R, F, M), or throws when no rule covers it.</summary>
    public string SegmentOf(int recencyScore, int frequencyScore, int monetaryScore)
    {
        var fm = CombinedFrequencyMonetary(frequencyScore, monetaryScore);
        foreach (var r in Rules)
        {
            if (recencyScore >= r.RecencyMin && recencyScore <= r.RecencyMax && fm >= r.FrequencyMonetaryMin && fm <= r.FrequencyMonetaryMax)
            {
                return r.Segment;
            }
        }
        throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
            $"The segment map does not cover R = {recencyScore}, FM = {fm} (F = {frequencyScore}, M = {monetaryScore})."));
    }
}

/// <summary>One rule of an <see cref="RfmSegmentMap"/>: inclusive ranges of R and of the combined FM score.</summary>
public readonly record struct RfmSegmentRule(string Segment, int RecencyMin, int RecencyMax, int FrequencyMonetaryMin, int FrequencyMonetaryMax);
