using System.Globalization;

namespace Valora.Analytics.Satisfaction;

/// <summary>
/// Satisfaction scores: the mean of answers, the mean of a distribution given as shares, the weighted mean
/// Σ wᵢ·sᵢ / Σ wᵢ (divided by the sum of the weights, not by the count as some sources write), Likert distributions
/// with top-2 and bottom-2 box, and CSAT (share of satisfied answers) with its Wilson 95 % interval.
/// </summary>
public static class SatisfactionScores
{
    /// <summary>The 0.975 quantile of the standard normal.</summary>
    public const double Z95 = 1.959963984540054;

    /// <summary>Mean of the answers.</summary>
    public static double Mean(IReadOnlyList<double> scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        if (scores.Count == 0)
        {
            throw new ArgumentException("No scores: the mean is undefined.", nameof(scores));
        }
        return scores.Average();
    }

    /// <summary>Mean of a distribution: score s held by share pₛ (percent or fraction, any total): Σ s·pₛ / Σ pₛ.</summary>
    public static double MeanOfDistribution(IReadOnlyList<(double Score, double Share)> distribution)
    {
        ArgumentNullException.ThrowIfNull(distribution);
        var total = 0.0;
        var sum = 0.0;
        for (var i = 0; i < distribution.Count; i++)
        {
            var (s, p) = distribution[i];
            if (!(p >= 0) || !double.IsFinite(p) || !double.IsFinite(s))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"item {i + 1}: the share must be a finite number ≥ 0 (was {p})."), nameof(distribution));
            }
            total += p;
            sum += s * p;
        }
        return total > 0 ? sum / total : throw new ArgumentException("The shares add up to 0: the mean is undefined.", nameof(distribution));
    }

    /// <summary>Weighted mean Σ wᵢ·sᵢ / Σ wᵢ; weights ≥ 0 with a positive sum.</summary>
    public static double WeightedMean(IReadOnlyList<double> scores, IReadOnlyList<double> weights)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(weights);
        if (scores.Count != weights.Count)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{scores.Count} scores but {weights.Count} weights: give one weight per score."), nameof(weights));
        }
        var wsum = 0.0;
        var sum = 0.0;
        for (var i = 0; i < scores.Count; i++)
        {
            if (!(weights[i] >= 0) || !double.IsFinite(weights[i]))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"weight {i + 1} must be a finite number ≥ 0 (was {weights[i]})."), nameof(weights));
            }
            wsum += weights[i];
            sum += weights[i] * scores[i];
        }
        return wsum > 0 ? sum / wsum : throw new ArgumentException("The weights add up to 0: the weighted mean is undefined.", nameof(weights));
    }

    /// <summary>The distribution of answers on a scale min..max (e.g. Likert 1–5) with top-2 and bottom-2 box.</summary>
    public static LikertDistribution Likert(IReadOnlyList<int> answers, int min, int max)
    {
        ArgumentNullException.ThrowIfNull(answers);
        if (max - min < 2)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"A scale needs at least three points (was {min}..{max})."), nameof(max));
        }
        var counts = new long[max - min + 1];
        for (var i = 0; i < answers.Count; i++)
        {
            var a = answers[i];
            if (a < min || a > max)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"answer {i + 1} is {a}, outside the scale {min}..{max}."), nameof(answers));
            }
            counts[a - min]++;
        }
        var n = answers.Count;
        if (n == 0)
        {
            throw new ArgumentException("No answers.", nameof(answers));
        }
        var top2 = counts[^1] + counts[^2];
        var bottom2 = counts[0] + counts[1];
        var (lower, upper) = WilsonInterval(top2, n);
        return new LikertDistribution(min, max, n, counts, answers.Average(), (double)top2 / n, (double)bottom2 / n, lower, upper);
    }

    /// <summary>Wilson score 95 % interval of a proportion x / n (Wilson 1927), which stays inside [0, 1].</summary>
    public static (double Lower, double Upper) WilsonInterval(long x, long n)
    {
        if (n <= 0 || x < 0 || x > n)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Need 0 ≤ x ≤ n and n > 0 (x = {x}, n = {n})."));
        }
        var p = (double)x / n;
        var z2 = Z95 * Z95;
        var centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        var half = Z95 / (1 + z2 / n) * Math.Sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }
}

/// <summary>Answers on one scale.</summary>
/// <param name="Min">Lowest scale point.</param>
/// <param name="Max">Highest scale point.</param>
/// <param name="Answers">Answers counted.</param>
/// <param name="Counts">Answers per scale point, from <see cref="Min"/> up.</param>
/// <param name="Mean">Mean answer.</param>
/// <param name="TopTwoBox">Share of answers in the two highest points (the CSAT "satisfied" share).</param>
/// <param name="BottomTwoBox">Share of answers in the two lowest points.</param>
/// <param name="TopTwoBoxLower">Lower end of the Wilson 95 % interval of <see cref="TopTwoBox"/>.</param>
/// <param name="TopTwoBoxUpper">Upper end of that interval.</param>
public sealed record LikertDistribution(
    int Min, int Max, int Answers, IReadOnlyList<long> Counts, double Mean, double TopTwoBox, double BottomTwoBox,
    double TopTwoBoxLower, double TopTwoBoxUpper);
