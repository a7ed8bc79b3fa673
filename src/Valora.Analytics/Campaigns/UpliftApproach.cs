namespace Valora.Analytics.Campaigns;

/// <summary>How an uplift model is learned.</summary>
public enum UpliftApproach
{
    /// <summary>Two classifiers, one on treated and one on control members; uplift = P(y | x, treated) − P(y | x, control).</summary>
    TwoModel,

    /// <summary>
    /// One classifier of the transformed class Z = 1 when (treated and responded) or (control and did not respond);
    /// uplift = 2 P(Z = 1 | x) − 1 (Jaskowski and Jaroszewicz 2012). Exact only when treated and control are equally
    /// likely; <see cref="UpliftModel.Fit"/> refuses a treated share outside 40–60 %.
    /// </summary>
    ClassTransformation,
}
