using System.Diagnostics;
using Valora.Analytics.Recommendations;
using Valora.Data.Analysis;
using Valora.Data.Scores;

namespace Valora.Data.Recommendations;

/// <summary>What an offline evaluation found: both methods' metrics on the same split and customers.</summary>
/// <param name="Split">The first day of the test period (training is every purchase before it).</param>
/// <param name="Options">The item-CF settings evaluated.</param>
/// <param name="TrainSeconds">Seconds to compute the item similarities and popularity from the training purchases.</param>
public sealed record RecommendEvaluation(DateOnly Split, int Top, ItemRecommenderOptions Options, int Customers, int Items,
    int Purchases, int ActiveInBoth, int OnlyRebought, int CatalogueItems, RankingMetrics ItemCf, RankingMetrics Popularity,
    double TrainSeconds);

/// <summary>
/// Use case: evaluate item-CF (blended with popularity) beside the popularity baseline on a time split of a purchase
/// history — train on the purchases before the split day, recommend the top N to every customer active in both
/// periods, and score against the items new to them from the split day on (<see cref="OfflineEvaluation"/>).
/// </summary>
public static class EvaluateRecommendations
{
    /// <summary>Days before the day after the latest purchase where the split falls by default.</summary>
    public const int DefaultTestDays = 90;

    /// <summary>Most items a top-N list may hold.</summary>
    public const int MaxTop = 100;

    /// <summary>The default split day: <see cref="DefaultTestDays"/> before the day after the latest purchase.</summary>
    public static DateOnly DefaultSplit(DateTime latest) => DateOnly.FromDateTime(latest).AddDays(1 - DefaultTestDays);

    /// <summary>Evaluates on the stored completed orders.</summary>
    public static async Task<RecommendEvaluation> OnStoredAsync(ValoraDatabase database, DateOnly? split, int top,
        ItemRecommenderOptions? options = null, CancellationToken ct = default)
    {
        Check(top, options);
        var history = await PurchaseHistory.LoadAsync(database, ct);
        if (history.Purchases.Length == 0)
        {
            throw new NotAnalysableException(NotAnalysableReason.NoOrders, "There are no completed orders to evaluate recommendations on.") { Model = Metrics.Recommend.Model };
        }
        return Evaluate(history, split, top, options);
    }

    /// <summary>Evaluates on any purchase history (e.g. a user's table).</summary>
    public static RecommendEvaluation Evaluate(PurchaseHistory history, DateOnly? split, int top, ItemRecommenderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(history);
        Check(top, options);
        options ??= new ItemRecommenderOptions();
        var day = split ?? DefaultSplit(history.Latest ?? throw new NotAnalysableException(NotAnalysableReason.NotEnoughData, "There are no purchases to evaluate.") { Model = Metrics.Recommend.Model });
        var at = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var cut = OfflineEvaluation.Split(history.Purchases, history.Customers.Count, history.Items.Count, at);
        if (cut.Customers.Count == 0)
        {
            throw new NotAnalysableException(NotAnalysableReason.NotEnoughData,
                $"No customer bought before {day:yyyy-MM-dd} and something new from that day on ({cut.ActiveInBoth} were active in both periods): choose another split day.")
            { Model = Metrics.Recommend.Model };
        }
        var clock = Stopwatch.StartNew();
        var model = ItemRecommender.Train(cut.Train, options);
        var seconds = clock.Elapsed.TotalSeconds;
        var cf = OfflineEvaluation.Evaluate(cut, top, c => [.. model.Recommend(cut.Train.ItemsOf(c), top).Select(r => r.Item)]);
        var pop = OfflineEvaluation.Evaluate(cut, top, c => [.. model.Popular(cut.Train.ItemsOf(c), top).Select(r => r.Item)]);
        return new RecommendEvaluation(day, top, options, history.Customers.Count, history.Items.Count, history.Purchases.Length,
            cut.ActiveInBoth, cut.OnlyRebought, cut.CatalogueItems, cf, pop, seconds);
    }

    /// <summary>The settings' rules, checked before anything is read.</summary>
    public static void Check(int top, ItemRecommenderOptions? options)
    {
        if (top is < 1 or > MaxTop)
        {
            throw new ArgumentOutOfRangeException(nameof(top), top, $"top must be between 1 and {MaxTop}.");
        }
        if (options is null)
        {
            return;
        }
        if (options.TopK is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.TopK, "topK must be at least 1.");
        }
        if (!(options.PopularityWeight >= 0 && options.PopularityWeight <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.PopularityWeight, "popularityWeight must be in [0, 1].");
        }
    }
}
