namespace Valora.Analytics.Churn;

/// <summary>How a raw text column becomes model features.</summary>
public enum FeatureKind
{
    /// <summary>Numbers (invariant culture): blanks take the training median, with a 0/1 "was blank" feature when training had blanks; standardised.</summary>
    Numeric,

    /// <summary>Labels: one 0/1 feature per value seen in training (blank is a value of its own); an unseen value sets none.</summary>
    Categorical,

    /// <summary>Exactly two values of a yes/no vocabulary (yes/no, true/false, y/n, t/f) and no blanks: one 0/1 feature.</summary>
    Boolean,
}
