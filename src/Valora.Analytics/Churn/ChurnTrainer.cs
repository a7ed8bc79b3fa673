namespace Valora.Analytics.Churn;

/// <summary>The ML.NET learners a churn model can be trained with.</summary>
public enum ChurnTrainer
{
    /// <summary>L-BFGS logistic regression (L2 = 1, no L1) on standardised features.</summary>
    LogisticRegression,

    /// <summary>FastTree gradient-boosted trees (MART).</summary>
    FastTree,

    /// <summary>FastForest random forest.</summary>
    FastForest,

    /// <summary>LightGBM gradient-boosted trees.</summary>
    LightGbm,
}
