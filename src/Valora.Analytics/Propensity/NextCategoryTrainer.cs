namespace Valora.Analytics.Propensity;

/// <summary>The ML.NET multi-class learners the next-category model can be trained with.</summary>
public enum NextCategoryTrainer
{
    /// <summary>LightGBM gradient-boosted trees, softmax over the classes.</summary>
    LightGbm,

    /// <summary>SDCA maximum entropy (multinomial logistic regression) on min–max scaled features.</summary>
    MaximumEntropy,
}
