using System.Globalization;

namespace Valora.Analytics.Satisfaction;

/// <summary>
/// Kano classification of product features from paired answers (Kano et al. 1984; evaluation table and coefficients
/// of Berger et al. 1993, "Kano's methods for understanding customer-defined quality"). Each respondent answers the
/// functional question ("if the product has the feature…") and the dysfunctional one ("if it does not…") with
/// 1 = I like it, 2 = I expect it (must-be), 3 = I am neutral, 4 = I can live with it, 5 = I dislike it.
/// The table maps the pair to Attractive, One-dimensional, Must-be, Indifferent, Reverse or Questionable; a feature's
/// category is the most frequent one (ties broken M &gt; O &gt; A &gt; I, the usual rule); Better = (A + O)/(A + O + M + I)
/// and Worse = −(O + M)/(A + O + M + I).
/// </summary>
public static class Kano
{
    // Rows: functional 1..5; columns: dysfunctional 1..5.
    static readonly KanoCategory[,] Table =
    {
        { KanoCategory.Questionable, KanoCategory.Attractive, KanoCategory.Attractive, KanoCategory.Attractive, KanoCategory.OneDimensional },
        { KanoCategory.Reverse, KanoCategory.Indifferent, KanoCategory.Indifferent, KanoCategory.Indifferent, KanoCategory.MustBe },
        { KanoCategory.Reverse, KanoCategory.Indifferent, KanoCategory.Indifferent, KanoCategory.Indifferent, KanoCategory.MustBe },
        { KanoCategory.Reverse, KanoCategory.Indifferent, KanoCategory.Indifferent, KanoCategory.Indifferent, KanoCategory.MustBe },
        { KanoCategory.Reverse, KanoCategory.Reverse, KanoCategory.Reverse, KanoCategory.Reverse, KanoCategory.Questionable },
    };

    static readonly KanoCategory[] TieOrder =
        [KanoCategory.MustBe, KanoCategory.OneDimensional, KanoCategory.Attractive, KanoCategory.Indifferent, KanoCategory.Reverse, KanoCategory.Questionable];

    /// <summary>The category of one answer pair (each 1..5).</summary>
    public static KanoCategory Classify(int functional, int dysfunctional)
    {
        if (functional is < 1 or > 5)
        {
            throw new ArgumentOutOfRangeException(nameof(functional), functional, "A Kano answer is 1 (like) to 5 (dislike).");
        }
        if (dysfunctional is < 1 or > 5)
        {
            throw new ArgumentOutOfRangeException(nameof(dysfunctional), dysfunctional, "A Kano answer is 1 (like) to 5 (dislike).");
        }
        return Table[functional - 1, dysfunctional - 1];
    }

    /// <summary>One feature from all its respondents' answer pairs.</summary>
    public static KanoFeature Evaluate(string feature, IReadOnlyList<(int Functional, int Dysfunctional)> answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        if (answers.Count == 0)
        {
            throw new ArgumentException($"Feature '{feature}' has no answers.", nameof(answers));
        }
        var counts = new Dictionary<KanoCategory, int>();
        foreach (var c in Enum.GetValues<KanoCategory>())
        {
            counts[c] = 0;
        }
        for (var i = 0; i < answers.Count; i++)
        {
            try
            {
                counts[Classify(answers[i].Functional, answers[i].Dysfunctional)]++;
            }
            catch (ArgumentOutOfRangeException ex)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Feature '{feature}', answer {i + 1}: {ex.Message.Split(" (Parameter")[0]}"), nameof(answers), ex);
            }
        }
        var best = TieOrder.OrderByDescending(c => counts[c]).First();
        double a = counts[KanoCategory.Attractive], o = counts[KanoCategory.OneDimensional], m = counts[KanoCategory.MustBe], ind = counts[KanoCategory.Indifferent];
        var denominator = a + o + m + ind;
        return new KanoFeature(feature, answers.Count, best, counts,
            denominator > 0 ? (a + o) / denominator : double.NaN,
            denominator > 0 ? -(o + m) / denominator : double.NaN);
    }
}

/// <summary>Kano categories.</summary>
public enum KanoCategory
{
    /// <summary>A: delights when present, not missed when absent.</summary>
    Attractive,
    /// <summary>O: the more the better; satisfies when present, dissatisfies when absent.</summary>
    OneDimensional,
    /// <summary>M: expected; its absence dissatisfies, its presence goes unnoticed.</summary>
    MustBe,
    /// <summary>I: makes no difference either way.</summary>
    Indifferent,
    /// <summary>R: the respondent prefers the product without it.</summary>
    Reverse,
    /// <summary>Q: contradictory answers (likes or dislikes both having and not having it).</summary>
    Questionable,
}

/// <summary>A feature's Kano evaluation.</summary>
/// <param name="Feature">The feature's name.</param>
/// <param name="Answers">Respondents (answer pairs).</param>
/// <param name="Category">The most frequent category (ties M &gt; O &gt; A &gt; I &gt; R &gt; Q).</param>
/// <param name="Counts">Answer pairs per category.</param>
/// <param name="Better">Satisfaction coefficient (A + O)/(A + O + M + I), 0 to 1; NaN when every answer is R or Q.</param>
/// <param name="Worse">Dissatisfaction coefficient −(O + M)/(A + O + M + I), −1 to 0.</param>
public sealed record KanoFeature(string Feature, int Answers, KanoCategory Category, IReadOnlyDictionary<KanoCategory, int> Counts, double Better, double Worse);
