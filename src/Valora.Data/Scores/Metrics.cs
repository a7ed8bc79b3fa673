using System.Reflection;

namespace Valora.Data.Scores;

/// <summary>Whether a score is a number or a label (a segment name, a cell such as "545").</summary>
public enum MetricKind
{
    Number,
    Label,
}

/// <summary>One per-customer result a model writes: its stored name, the model that writes it, and what it means.</summary>
public sealed record ScoreMetric(string Name, string Model, MetricKind Kind, string Description)
{
    public ScoreRow Of(long customerId, double? value) => new(customerId, Name, value);

    public ScoreRow OfLabel(long customerId, string? label) => new(customerId, Name, null, label);
}

/// <summary>
/// The catalogue of every per-customer metric, one nested class per model. A new model adds its class here (its
/// metrics, and <c>All</c> in the order they are shown) and writes through <see cref="RunWriter"/>; nothing else
/// spells a metric name.
/// </summary>
public static class Metrics
{
    /// <summary>Recency, frequency and monetary value and the named segment (<c>valora rfm</c>).</summary>
    public static class Rfm
    {
        public const string Model = "rfm";

        public static readonly ScoreMetric DaysSinceLast = new("rfm_days_since_last", Model, MetricKind.Number, "Days from the last purchase to the as-of date");
        public static readonly ScoreMetric Orders = new("rfm_orders", Model, MetricKind.Number, "Completed orders up to the as-of date");
        public static readonly ScoreMetric Monetary = new("rfm_monetary", Model, MetricKind.Number, "Revenue (total or per order, as the run chose)");
        public static readonly ScoreMetric RecencyScore = new("rfm_r", Model, MetricKind.Number, "Recency score, 1 (longest ago) to the band count");
        public static readonly ScoreMetric FrequencyScore = new("rfm_f", Model, MetricKind.Number, "Frequency score, 1 (fewest orders) to the band count");
        public static readonly ScoreMetric MonetaryScore = new("rfm_m", Model, MetricKind.Number, "Monetary score, 1 (least) to the band count");
        public static readonly ScoreMetric Cell = new("rfm_cell", Model, MetricKind.Label, "The three scores as one cell, e.g. 545");
        public static readonly ScoreMetric Segment = new("rfm_segment", Model, MetricKind.Label, "Named segment of the cell, e.g. Champions");

        public static readonly IReadOnlyList<ScoreMetric> All =
            [DaysSinceLast, Orders, Monetary, RecencyScore, FrequencyScore, MonetaryScore, Cell, Segment];
    }

    /// <summary>Probabilistic lifetime value from a purchase model and the Gamma-Gamma spend model (<c>valora clv score</c>).</summary>
    public static class Clv
    {
        public const string Model = "clv";

        public static readonly ScoreMetric ProbabilityAlive = new("clv_p_alive", Model, MetricKind.Number, "Probability the customer is still active");
        public static readonly ScoreMetric ExpectedPurchases = new("clv_expected_purchases", Model, MetricKind.Number, "Expected purchases over the horizon");
        public static readonly ScoreMetric ExpectedPurchasesLower = new("clv_expected_purchases_lo", Model, MetricKind.Number, "Expected purchases, lower end of the 95 % interval");
        public static readonly ScoreMetric ExpectedPurchasesUpper = new("clv_expected_purchases_hi", Model, MetricKind.Number, "Expected purchases, upper end of the 95 % interval");
        public static readonly ScoreMetric ExpectedSpend = new("clv_expected_spend", Model, MetricKind.Number, "Expected revenue per purchase");
        public static readonly ScoreMetric Value = new("clv", Model, MetricKind.Number, "Discounted lifetime value of the profit over the horizon");
        public static readonly ScoreMetric ValueLower = new("clv_lo", Model, MetricKind.Number, "Lifetime value, lower end of the 95 % interval");
        public static readonly ScoreMetric ValueUpper = new("clv_hi", Model, MetricKind.Number, "Lifetime value, upper end of the 95 % interval");

        public static readonly IReadOnlyList<ScoreMetric> All =
            [ProbabilityAlive, ExpectedPurchases, ExpectedPurchasesLower, ExpectedPurchasesUpper, ExpectedSpend, Value, ValueLower, ValueUpper];
    }

    /// <summary>What each customer said in surveys, as of the run date (<c>valora satisfaction --save</c>).</summary>
    public static class Satisfaction
    {
        public const string Model = "satisfaction";

        public static readonly ScoreMetric LastNps = new("nps_last", Model, MetricKind.Number, "The customer's latest NPS answer, 0–10");
        public static readonly ScoreMetric NpsGroup = new("nps_group", Model, MetricKind.Label, "Promoter (9–10), Passive (7–8) or Detractor (0–6) by the latest answer");
        public static readonly ScoreMetric MeanCsat = new("csat_mean", Model, MetricKind.Number, "Mean CSAT answer, rescaled to 0–1 ((score − min)/(max − min))");

        public static readonly IReadOnlyList<ScoreMetric> All = [LastNps, NpsGroup, MeanCsat];
    }

    /// <summary>Probability of churn from the order history, with tier and reasons (<c>valora churn train</c> on the database).</summary>
    public static class Churn
    {
        public const string Model = "churn";

        public static readonly ScoreMetric Probability = new("churn_probability", Model, MetricKind.Number, "Probability of no purchase in the churn window after the as-of date");
        public static readonly ScoreMetric Tier = new("churn_tier", Model, MetricKind.Label, "Risk tier: high, medium or low by the run's thresholds");
        public static readonly ScoreMetric Reasons = new("churn_reasons", Model, MetricKind.Label, "Top features raising the risk, with the customer's value and the typical one ('; ' between)");
        public static readonly ScoreMetric ValueAtRisk = new("churn_value_at_risk", Model, MetricKind.Number, "Expected value lost: churn probability × the customer's latest CLV (only when CLV was scored)");

        public static readonly IReadOnlyList<ScoreMetric> All = [Probability, Tier, Reasons, ValueAtRisk];
    }

    /// <summary>
    /// Purchase propensity and needs from the order history (<c>valora propensity train</c>): the probability of a
    /// purchase in the window, and the most likely category of the customer's
    /// next order, its probability, and the three most likely categories as one label ("; " between, most likely first).
    /// </summary>
    public static class Propensity
    {
        public const string Model = "propensity";

        public static readonly ScoreMetric NextCategory = new("propensity_next_category", Model, MetricKind.Label, "Most likely category of the next order (the category with the most revenue in it)");
        public static readonly ScoreMetric NextCategoryProbability = new("propensity_next_category_probability", Model, MetricKind.Number, "Probability of the most likely next category, given the customer buys in the window");
        public static readonly ScoreMetric TopCategories = new("propensity_top_categories", Model, MetricKind.Label, "The three most likely next categories, most likely first ('; ' between)");

        public static readonly ScoreMetric BuyProbability = new("propensity_buy_probability", Model, MetricKind.Number, "Probability of a purchase in the window after the as-of date (its own model, not 1 − churn)");

        public static readonly IReadOnlyList<ScoreMetric> All = [BuyProbability, NextCategory, NextCategoryProbability, TopCategories];
    }

    /// <summary>Clusters of customers on value features (<c>valora cluster</c> without --data): the cluster, its name and
    /// the raw feature values the run clustered on (only the features the run used are written).</summary>
    public static class Clusters
    {
        public const string Model = "clusters";

        public static readonly ScoreMetric Cluster = new("cluster", Model, MetricKind.Number, "Cluster number 0..k−1 (−1 = DBSCAN or HDBSCAN noise)");
        public static readonly ScoreMetric Name = new("cluster_name", Model, MetricKind.Label, "Readable name of the cluster, e.g. recent, frequent, high spend");
        public static readonly ScoreMetric Probability = new("cluster_probability", Model, MetricKind.Number, "HDBSCAN runs: strength of the membership in the cluster, 0..1 (0 = noise)");
        public static readonly ScoreMetric Recency = new("cluster_recency_days", Model, MetricKind.Number, "Feature: days from the last purchase to the as-of date");
        public static readonly ScoreMetric Frequency = new("cluster_frequency", Model, MetricKind.Number, "Feature: completed orders up to the as-of date");
        public static readonly ScoreMetric Monetary = new("cluster_monetary", Model, MetricKind.Number, "Feature: total revenue up to the as-of date");
        public static readonly ScoreMetric Tenure = new("cluster_tenure_days", Model, MetricKind.Number, "Feature: days from the first purchase to the as-of date");
        public static readonly ScoreMetric AverageOrder = new("cluster_average_order", Model, MetricKind.Number, "Feature: revenue per order");

        public static readonly IReadOnlyList<ScoreMetric> All = [Cluster, Name, Probability, Recency, Frequency, Monetary, Tenure, AverageOrder];
    }

    /// <summary>
    /// Next-best products from association rules over the order lines (<c>RecommendProducts</c>): the top three SKUs a
    /// customer has not bought, each with the confidence of the rule that suggests it. A ranked list does not fit one
    /// score per metric, so it is stored as three label metrics (and their confidences), empty past the last one found.
    /// </summary>
    public static class Baskets
    {
        public const string Model = "baskets";

        public static readonly ScoreMetric Next1 = new("basket_next_1", Model, MetricKind.Label, "Best product (SKU) not yet bought, by rule confidence then lift");
        public static readonly ScoreMetric Next1Confidence = new("basket_next_1_confidence", Model, MetricKind.Number, "Confidence P(product | items bought) of the rule suggesting the best product");
        public static readonly ScoreMetric Next2 = new("basket_next_2", Model, MetricKind.Label, "Second product not yet bought");
        public static readonly ScoreMetric Next2Confidence = new("basket_next_2_confidence", Model, MetricKind.Number, "Confidence of the rule suggesting the second product");
        public static readonly ScoreMetric Next3 = new("basket_next_3", Model, MetricKind.Label, "Third product not yet bought");
        public static readonly ScoreMetric Next3Confidence = new("basket_next_3_confidence", Model, MetricKind.Number, "Confidence of the rule suggesting the third product");

        /// <summary>The label and confidence metric of each rank, best first.</summary>
        public static readonly IReadOnlyList<(ScoreMetric Product, ScoreMetric Confidence)> Ranks =
            [(Next1, Next1Confidence), (Next2, Next2Confidence), (Next3, Next3Confidence)];

        public static readonly IReadOnlyList<ScoreMetric> All = [Next1, Next1Confidence, Next2, Next2Confidence, Next3, Next3Confidence];
    }

    /// <summary>
    /// Next-best offers by item-based collaborative filtering blended with popularity (<c>valora recommend</c>): the
    /// three best products a customer has not bought, each with its blended score and its reason — the bought product
    /// it is most similar to (cosine over who bought what), or "popular". Stored like <see cref="Baskets"/>: one label,
    /// score and reason metric per rank, empty past the last one found.
    /// </summary>
    public static class Recommend
    {
        public const string Model = "recommend";

        /// <summary>The reason stored when an offer is there for its popularity.</summary>
        public const string Popular = "popular";

        public static readonly ScoreMetric Next1 = new("recommend_1", Model, MetricKind.Label, "Best product (SKU) not yet bought, by item-CF blended with popularity");
        public static readonly ScoreMetric Next1Score = new("recommend_1_score", Model, MetricKind.Number, "Blended score of the best product: (1 − w)·similarity/max + w·buyers/max, in [0, 1]");
        public static readonly ScoreMetric Next1Because = new("recommend_1_because", Model, MetricKind.Label, "Why: the bought SKU most similar to the best product, or \"popular\"");
        public static readonly ScoreMetric Next2 = new("recommend_2", Model, MetricKind.Label, "Second product not yet bought");
        public static readonly ScoreMetric Next2Score = new("recommend_2_score", Model, MetricKind.Number, "Blended score of the second product");
        public static readonly ScoreMetric Next2Because = new("recommend_2_because", Model, MetricKind.Label, "Why the second product: the most similar bought SKU, or \"popular\"");
        public static readonly ScoreMetric Next3 = new("recommend_3", Model, MetricKind.Label, "Third product not yet bought");
        public static readonly ScoreMetric Next3Score = new("recommend_3_score", Model, MetricKind.Number, "Blended score of the third product");
        public static readonly ScoreMetric Next3Because = new("recommend_3_because", Model, MetricKind.Label, "Why the third product: the most similar bought SKU, or \"popular\"");

        /// <summary>The product, score and reason metric of each rank, best first.</summary>
        public static readonly IReadOnlyList<(ScoreMetric Product, ScoreMetric Score, ScoreMetric Because)> Ranks =
            [(Next1, Next1Score, Next1Because), (Next2, Next2Score, Next2Because), (Next3, Next3Score, Next3Because)];

        public static readonly IReadOnlyList<ScoreMetric> All = [Next1, Next1Score, Next1Because, Next2, Next2Score, Next2Because, Next3, Next3Score, Next3Because];
    }

    /// <summary>Potential value V = α·B + β·R + γ·M and its components (<c>valora potential score</c>).</summary>
    public static class Potential
    {
        public const string Model = "potential";

        public static readonly ScoreMetric Purchase = new("potential_purchase", Model, MetricKind.Number, "B, purchase potential: discounted profit of future purchases (BTYD CLV, else last year's profit kept at the retention rate)");
        public static readonly ScoreMetric Referral = new("potential_referral", Model, MetricKind.Number, "R, referral potential: expected referrals over the horizon × the value of a referred customer");
        public static readonly ScoreMetric Maintenance = new("potential_maintenance", Model, MetricKind.Number, "M, maintenance potential: retained margin minus the cost to serve (tickets, contacts), discounted");
        public static readonly ScoreMetric Value = new("potential_value", Model, MetricKind.Number, "Potential value V = α·B + β·R + γ·M with the run's weights");
        public static readonly ScoreMetric ExpectedReferrals = new("potential_expected_referrals", Model, MetricKind.Number, "Customers the customer is expected to bring over the horizon");
        public static readonly ScoreMetric PurchaseSource = new("potential_purchase_source", Model, MetricKind.Label, "Where B came from: btyd (the CLV run) or run-rate");

        public static readonly IReadOnlyList<ScoreMetric> All = [Purchase, Referral, Maintenance, Value, ExpectedReferrals, PurchaseSource];
    }

    /// <summary>
    /// Potential components learned by regression (<see cref="Potential.LearnPotential"/>, <c>valora potential learn</c>):
    /// each customer's purchase, referral and maintenance value over the next window, predicted from what they did before
    /// by the learner that did best on the time holdout, and V = α·B + β·R + γ·M of those predictions.
    /// </summary>
    public static class LearnedPotential
    {
        public const string Model = "potential_learned";

        public static readonly ScoreMetric Purchase = new("potential_learned_purchase", Model, MetricKind.Number, "B learned: predicted profit of the customer's purchases over the next window");
        public static readonly ScoreMetric Referral = new("potential_learned_referral", Model, MetricKind.Number, "R learned: predicted profit, over the next window, of the customers they will refer in it");
        public static readonly ScoreMetric Maintenance = new("potential_learned_maintenance", Model, MetricKind.Number, "M learned: predicted profit minus the cost to serve (tickets, contacts) over the next window");
        public static readonly ScoreMetric Value = new("potential_learned_value", Model, MetricKind.Number, "V = α·B + β·R + γ·M of the learned components with the run's weights");

        public static readonly IReadOnlyList<ScoreMetric> All = [Purchase, Referral, Maintenance, Value];
    }

    /// <summary>
    /// What a customer's own messages say, by a text model (<see cref="Text.ScoreInteractionText"/>: <c>valora text score-interactions</c>, <c>POST /api/text/score-interactions</c>): each interaction
    /// with a text before the as-of date classified with a saved text model (<c>valora text train</c>), then counted per
    /// customer. The run's version is the text model's version, so runs of two models (sentiment, response class) are
    /// both kept.
    /// </summary>
    public static class InteractionText
    {
        public const string Model = "interaction_text";

        public static readonly ScoreMetric Messages = new("itext_messages", Model, MetricKind.Number, "Interactions with a text before the as-of date that were classified");
        public static readonly ScoreMetric ClassShares = new("itext_class_shares", Model, MetricKind.Label, "Share of the messages predicted in each class, in the model's class order, e.g. \"negative 0.25; positive 0.75\"");
        public static readonly ScoreMetric TopClass = new("itext_top_class", Model, MetricKind.Label, "The class most of the messages were predicted in (ties: the first in class order)");
        public static readonly ScoreMetric TopShare = new("itext_top_share", Model, MetricKind.Number, "Share of the messages predicted in the top class");
        public static readonly ScoreMetric NegativeShare = new("itext_negative_share", Model, MetricKind.Number, "Share of the messages predicted in the run's negative class (only when the run has one)");
        public static readonly ScoreMetric LastClass = new("itext_last_class", Model, MetricKind.Label, "Predicted class of the latest message before the as-of date");
        public static readonly ScoreMetric LastProbability = new("itext_last_probability", Model, MetricKind.Number, "Calibrated probability of the latest message's predicted class");
        public static readonly ScoreMetric LastAt = new("itext_last_at", Model, MetricKind.Label, "When the latest message before the as-of date occurred (UTC, yyyy-MM-ddTHH:mm:ssZ)");

        public static readonly IReadOnlyList<ScoreMetric> All = [Messages, ClassShares, TopClass, TopShare, NegativeShare, LastClass, LastProbability, LastAt];
    }

    /// <summary>Where each customer stands in the relationship (<c>valora lifecycle</c>): the stage and what decided it.</summary>
    public static class Lifecycle
    {
        public const string Model = "lifecycle";

        public static readonly ScoreMetric Stage = new("lifecycle_stage", Model, MetricKind.Label, "Stage: intro, confirmation, growth, retention or leaving");
        public static readonly ScoreMetric Reason = new("lifecycle_reason", Model, MetricKind.Label, "The rule that placed the customer, with their own figures");
        public static readonly ScoreMetric TenureDays = new("lifecycle_tenure_days", Model, MetricKind.Number, "Days from the first purchase to the as-of date");
        public static readonly ScoreMetric Orders = new("lifecycle_orders", Model, MetricKind.Number, "Completed orders up to the as-of date");
        public static readonly ScoreMetric RecencyDays = new("lifecycle_recency_days", Model, MetricKind.Number, "Days from the last purchase to the as-of date");
        public static readonly ScoreMetric MeanGapDays = new("lifecycle_mean_gap_days", Model, MetricKind.Number, "The customer's own mean days between orders (two orders or more)");
        public static readonly ScoreMetric Trend = new("lifecycle_trend", Model, MetricKind.Number, "Revenue of the last 365 days ÷ the 365 before (when the year before had any)");

        public static readonly IReadOnlyList<ScoreMetric> All = [Stage, Reason, TenureDays, Orders, RecencyDays, MeanGapDays, Trend];
    }

    /// <summary>Each customer's purchase rhythm against their own intervals (<c>valora cycle</c>).</summary>
    public static class Cycle
    {
        public const string Model = "cycle";

        public static readonly ScoreMetric Status = new("cycle_status", Model, MetricKind.Label, "overdue, on-track, or no-rhythm (fewer than two intervals between purchase days)");
        public static readonly ScoreMetric PurchaseDays = new("cycle_purchase_days", Model, MetricKind.Number, "Distinct days with a purchase up to the as-of date");
        public static readonly ScoreMetric DaysSinceLast = new("cycle_days_since_last", Model, MetricKind.Number, "Days from the last purchase day to the as-of date");
        public static readonly ScoreMetric MeanIntervalDays = new("cycle_mean_interval_days", Model, MetricKind.Number, "Mean days between consecutive purchase days (one interval or more)");
        public static readonly ScoreMetric SdIntervalDays = new("cycle_sd_interval_days", Model, MetricKind.Number, "Sample standard deviation (n − 1) of the intervals (two or more)");
        public static readonly ScoreMetric NextExpected = new("cycle_next_expected", Model, MetricKind.Label, "Expected next purchase day, last + mean interval (yyyy-MM-dd; with a rhythm)");
        public static readonly ScoreMetric DaysOverdue = new("cycle_days_overdue", Model, MetricKind.Number, "Days since the last purchase − the mean interval (> 0: past the expected day; with a rhythm)");
        public static readonly ScoreMetric Overdue = new("cycle_overdue", Model, MetricKind.Number, "1 when the days since the last purchase exceed mean + k·sd of the intervals, else 0 (with a rhythm)");
        public static readonly ScoreMetric ProbabilityAlive = new("cycle_p_alive", Model, MetricKind.Number, "BG/NBD P(alive) at the as-of date (when a BG/NBD model is fitted)");
        public static readonly ScoreMetric ProbabilityInWindow = new("cycle_p_purchase_window", Model, MetricKind.Number, "BG/NBD probability of at least one purchase in the run's window after the as-of date");

        public static readonly IReadOnlyList<ScoreMetric> All =
            [Status, PurchaseDays, DaysSinceLast, MeanIntervalDays, SdIntervalDays, NextExpected, DaysOverdue, Overdue, ProbabilityAlive, ProbabilityInWindow];
    }

    /// <summary>
    /// Rule-based segments (<c>valora segment</c>): one run per segment and date, its version naming the segment
    /// (<c>segment:&lt;name&gt;</c>, the rule in its parameters), and a member row for each customer in it.
    /// </summary>
    public static class Segments
    {
        public const string Model = "segments";

        public static readonly ScoreMetric Member = new("segment_member", Model, MetricKind.Number, "1: the customer is in the segment the version names, as of the date");

        public static readonly IReadOnlyList<ScoreMetric> All = [Member];
    }

    /// <summary>
    /// Revenue, order and active-customer forecasts (<c>valora forecast</c>): a series model with no per-customer
    /// scores; each run's series, holdout errors and forecast are in its stored summary.
    /// </summary>
    public static class Forecast
    {
        public const string Model = "forecast";

        public static readonly IReadOnlyList<ScoreMetric> All = [];
    }

    /// <summary>Every metric of every model, in catalogue order.</summary>
    public static IReadOnlyList<ScoreMetric> All { get; } = typeof(Metrics)
        .GetNestedTypes(BindingFlags.Public)
        .Select(t => t.GetField(nameof(Rfm.All), BindingFlags.Public | BindingFlags.Static)?.GetValue(null))
        .OfType<IReadOnlyList<ScoreMetric>>()
        .SelectMany(m => m)
        .ToArray();

    static readonly Dictionary<string, ScoreMetric> ByName = All.ToDictionary(m => m.Name, StringComparer.Ordinal);

    /// <summary>The catalogued metric with this stored name, or null.</summary>
    public static ScoreMetric? Find(string name) => ByName.GetValueOrDefault(name);
}
