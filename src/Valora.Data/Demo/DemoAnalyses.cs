using Valora.Analytics.Churn;
using Valora.Data.Churn;
using Valora.Data.Clustering;

namespace Valora.Data.Demo;

/// <summary>
/// The analyses run on a freshly generated demo beyond the value analysis (<c>RunValueAnalysis</c>), with the same
/// settings in <c>valora demo</c> and in the server's first start, so the dashboard shows what the CLI printed.
/// </summary>
public static class DemoAnalyses
{
    /// <summary>Churn by logistic regression (the quickest learner), 90-day window, 5 folds.</summary>
    public static ChurnRunRequest Churn => new() { Trainer = ChurnTrainer.LogisticRegression };

    /// <summary>k-means on log1p-standardised recency, frequency and monetary, k chosen by silhouette in 2–8.</summary>
    public static CustomerClusterRequest Clusters => new(null, CustomerFeatures.Default,
        new ClusterSettings { Log1p = true, Standardise = true, Seed = 1 });
}
