using System.Globalization;

namespace Valora.Analytics.Satisfaction;

/// <summary>
/// Net Promoter Score (Reichheld 2003): answers 0–10 to "how likely are you to recommend us"; promoters answer 9–10,
/// detractors 0–6, passives 7–8; NPS = 100·(promoters − detractors)/n. Its 95 % interval treats each answer as +1, 0
/// or −1: the variance of one answer is p₊ + p₋ − (p₊ − p₋)², so SE(NPS) = 100·√((p₊ + p₋ − (p₊ − p₋)²)/n).
/// </summary>
public static class NetPromoterScore
{
    /// <summary>The group of one answer 0–10.</summary>
    public static NpsGroup GroupOf(int answer) => answer switch
    {
        >= 9 and <= 10 => NpsGroup.Promoter,
        >= 7 and <= 8 => NpsGroup.Passive,
        >= 0 and <= 6 => NpsGroup.Detractor,
        _ => throw new ArgumentOutOfRangeException(nameof(answer), answer, "An NPS answer is 0 to 10."),
    };

    /// <summary>The NPS of the answers with its 95 % interval.</summary>
    public static NpsResult Compute(IReadOnlyList<int> answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        if (answers.Count == 0)
        {
            throw new ArgumentException("No answers: the NPS is undefined.", nameof(answers));
        }
        long promoters = 0, passives = 0, detractors = 0;
        for (var i = 0; i < answers.Count; i++)
        {
            if (answers[i] is < 0 or > 10)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"answer {i + 1} is {answers[i]}; an NPS answer is 0 to 10."), nameof(answers));
            }
            switch (GroupOf(answers[i]))
            {
                case NpsGroup.Promoter: promoters++; break;
                case NpsGroup.Passive: passives++; break;
                default: detractors++; break;
            }
        }
        double n = answers.Count;
        var pp = promoters / n;
        var pd = detractors / n;
        var nps = 100 * (pp - pd);
        var se = 100 * Math.Sqrt(Math.Max(0, pp + pd - (pp - pd) * (pp - pd)) / n);
        return new NpsResult(answers.Count, promoters, passives, detractors, nps, se,
            Math.Max(-100, nps - SatisfactionScores.Z95 * se), Math.Min(100, nps + SatisfactionScores.Z95 * se));
    }
}

/// <summary>The three NPS groups.</summary>
public enum NpsGroup
{
    /// <summary>Answered 0–6.</summary>
    Detractor,
    /// <summary>Answered 7–8.</summary>
    Passive,
    /// <summary>Answered 9–10.</summary>
    Promoter,
}

/// <summary>An NPS with its groups and interval.</summary>
/// <param name="Answers">Answers counted.</param>
/// <param name="Promoters">Answers 9–10.</param>
/// <param name="Passives">Answers 7–8.</param>
/// <param name="Detractors">Answers 0–6.</param>
/// <param name="Score">NPS, −100 to 100.</param>
/// <param name="StandardError">Standard error of the score (points).</param>
/// <param name="Lower">Lower end of the 95 % interval (normal approximation, clamped to −100).</param>
/// <param name="Upper">Upper end of the 95 % interval (clamped to 100).</param>
public sealed record NpsResult(int Answers, long Promoters, long Passives, long Detractors, double Score, double StandardError, double Lower, double Upper);
