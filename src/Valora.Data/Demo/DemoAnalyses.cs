using Valora.Analytics.Churn;
using Valora.Data.Churn;
using Valora.Analytics.Potential;
using Valora.Data.Clustering;
using Valora.Data.Potential;

namespace Valora.Data.Demo;

/// <summary>
/// The analyses run on a freshly generated demo beyond the value analysis (<c>RunValueAnalysis</c>), with the same
/// settings in <c>valora demo</c> and in the server's first start, so the dashboard shows what the CLI printed.
/// </summary>
public static class DemoAnalyses
{
    /// <summary>Churn by logistic regression (the quickest learner), 90-day window, 5 folds.</summary>
    public static ChurnRunRequest Churn => new() { Trainer = ChurnTrainer.LogisticRegression };

    /// <summary>The potential components learned by the linear fit only (the quickest learner), 90-day windows.</summary>
    public static LearnPotentialRequest LearnedPotential => new() { Regressors = [ComponentRegressor.Linear] };

    /// <summary>
    /// The source article's three segments (<see cref="Segments.CustomerSegments.Presets"/>) with thresholds scaled to the
    /// demo's prices (its customers spend tens a month, not thousands), so each has members.
    /// </summary>
    public static IReadOnlyList<(string Name, string Rule, string Description)> Segments { get; } =
    [
        ("High spender", "monthly_avg_spend > 20", "Spends more than 20 a month on average over the last year"),
        ("Loyal", "orders_12m > 6", "More than 6 orders in the last year"),
        ("At risk", "days_since_last_purchase > 90 and clv > 20", "Valuable (CLV > 20) but silent for over 90 days"),
    ];

    /// <summary>k-means on log1p-standardised recency, frequency and monetary, k chosen by silhouette in 2–8.</summary>
    public static CustomerClusterRequest Clusters => new(null, CustomerFeatures.Default,
        new ClusterSettings { Log1p = true, Standardise = true, Seed = 1 });
}
