namespace Valora.Analytics.Baskets;

/// <summary>
/// A rule A → C from a frequent itemset A ∪ C, with the measures of interest. s(X) is the share of baskets holding
/// every item of X; the definitions are mlxtend's (<c>association_rules</c>, 0.23) so results compare with it.
/// </summary>
/// <param name="Antecedent">A: item ids ascending.</param>
/// <param name="Consequent">C: item ids ascending.</param>
/// <param name="Count">Baskets holding A ∪ C.</param>
/// <param name="Support">s(A ∪ C).</param>
/// <param name="AntecedentSupport">s(A).</param>
/// <param name="ConsequentSupport">s(C).</param>
/// <param name="Confidence">s(A ∪ C) ÷ s(A): P(C | A).</param>
/// <param name="Lift">confidence ÷ s(C); 1 = independence.</param>
/// <param name="Leverage">s(A ∪ C) − s(A)·s(C) (Piatetsky-Shapiro); 0 = independence.</param>
/// <param name="Conviction">(1 − s(C)) ÷ (1 − confidence); +∞ when the confidence is 1.</param>
/// <param name="Zhang">Zhang's metric: leverage ÷ max(s(A ∪ C)·(1 − s(A)), s(A)·(s(C) − s(A ∪ C))), in [−1, 1]; 0 when
/// the denominator is 0.</param>
/// <param name="Jaccard">s(A ∪ C) ÷ (s(A) + s(C) − s(A ∪ C)).</param>
/// <param name="Certainty">Certainty factor (confidence − s(C)) ÷ (1 − s(C)); 0 when s(C) = 1.</param>
/// <param name="Kulczynski">(P(C | A) + P(A | C)) ÷ 2.</param>
public sealed record AssociationRule(
    int[] Antecedent,
    int[] Consequent,
    int Count,
    double Support,
    double AntecedentSupport,
    double ConsequentSupport,
    double Confidence,
    double Lift,
    double Leverage,
    double Conviction,
    double Zhang,
    double Jaccard,
    double Certainty,
    double Kulczynski)
{
    /// <summary>Items in the rule (|A| + |C|).</summary>
    public int Length => Antecedent.Length + Consequent.Length;

    /// <summary>The value of one measure.</summary>
    public double Metric(RuleMetric metric) => metric switch
    {
        RuleMetric.Support => Support,
        RuleMetric.Confidence => Confidence,
        RuleMetric.Lift => Lift,
        RuleMetric.Leverage => Leverage,
        RuleMetric.Conviction => Conviction,
        RuleMetric.Zhang => Zhang,
        RuleMetric.Jaccard => Jaccard,
        RuleMetric.Certainty => Certainty,
        RuleMetric.Kulczynski => Kulczynski,
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "Unknown rule metric."),
    };

    /// <summary>
    /// Every measure from the three supports, each written as mlxtend writes it (same operations in the same order,
    /// so the doubles agree to the last bit).
    /// </summary>
    public static AssociationRule From(int[] antecedent, int[] consequent, int count, double sAC, double sA, double sC)
    {
        var confidence = sAC / sA;
        var lift = confidence / sC;
        var leverage = sAC - sA * sC;
        var conviction = confidence == 1 ? double.PositiveInfinity : (1 - sC) / (1 - confidence);
        var zhangDenominator = Math.Max(sAC * (1 - sA), sA * (sC - sAC));
        var zhang = zhangDenominator == 0 ? 0 : leverage / zhangDenominator;
        var jaccard = sAC / (sA + sC - sAC);
        var certainty = sC == 1 ? 0 : (confidence - sC) / (1 - sC);
        var kulczynski = (sAC / sA + sAC / sC) / 2;
        return new AssociationRule(antecedent, consequent, count, sAC, sA, sC, confidence, lift, leverage, conviction,
            zhang, jaccard, certainty, kulczynski);
    }
}

/// <summary>A measure of a rule's interest, to filter or rank by.</summary>
public enum RuleMetric
{
    /// <summary>s(A ∪ C).</summary>
    Support,
    /// <summary>P(C | A).</summary>
    Confidence,
    /// <summary>Confidence ÷ s(C).</summary>
    Lift,
    /// <summary>s(A ∪ C) − s(A)·s(C).</summary>
    Leverage,
    /// <summary>(1 − s(C)) ÷ (1 − confidence).</summary>
    Conviction,
    /// <summary>Zhang's metric.</summary>
    Zhang,
    /// <summary>Jaccard index of A's and C's baskets.</summary>
    Jaccard,
    /// <summary>Certainty factor.</summary>
    Certainty,
    /// <summary>Kulczynski measure.</summary>
    Kulczynski,
}
