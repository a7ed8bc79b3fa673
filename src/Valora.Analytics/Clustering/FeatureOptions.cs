namespace Valora.Analytics.Clustering;

/// <summary>How raw measures become clustering features. Defaults: no transform, no scaling.</summary>
public sealed record FeatureOptions
{
    /// <summary>Replace each value x by ln(1 + x) first (for skewed, non-negative measures such as spend or order
    /// counts). Every value must then be greater than −1.</summary>
    public bool Log1p { get; init; }

    /// <summary>Then centre each feature on its mean and divide by its population standard deviation (ddof = 0, as
    /// scikit-learn's <c>StandardScaler</c>); a constant feature is centred only (scale 1).</summary>
    public bool Standardise { get; init; }
}
