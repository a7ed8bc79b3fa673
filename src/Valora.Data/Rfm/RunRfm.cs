using System.Globalization;
using Valora.Analytics.Rfm;
using Valora.Data.Analysis;
using Valora.Data.Sales;
using Valora.Data.Scores;

namespace Valora.Data.Rfm;

/// <summary>
/// Use case: score every customer's recency, frequency and monetary value as of a date, name their segment,
/// and (optionally) save the scores. The as-of date defaults to the day of the latest purchase in the data, so a
/// historical dataset is scored as of its own end rather than as of today.
/// </summary>
public sealed class RunRfm(ValoraDatabase database, CustomerDataset? dataset = null)
{
    public const string ModelVersionPrefix = Metrics.Rfm.Model;

    public async Task<RfmResult> ExecuteAsync(DateOnly? asOf, RfmOptions? options = null, bool save = true, CancellationToken ct = default)
    {
        options ??= new RfmOptions();
        var purchases = (dataset ?? await CustomerDataset.LoadAsync(database, ct: ct)).Purchases;
        if (purchases.Count == 0)
        {
            throw new NotAnalysableException(NotAnalysableReason.NoOrders, "There are no completed orders to score.") { Model = Metrics.Rfm.Model };
        }
        var day = asOf ?? DateOnly.FromDateTime(purchases.Max(p => p.OccurredAtUtc));
        var result = RfmScorer.Score(purchases, day, options);
        if (save)
        {
            var run = new ScoringRun(Metrics.Rfm.Model, VersionOf(options), day, Metrics.Rfm.All, result.Customers.Count,
                new { options.Bands, Monetary = options.Monetary.ToString() },
                new { Segments = result.Segments.Select(g => new { g.Segment, g.Customers }) });
            await RunWriter.WriteAsync(database, run, Rows(result), ct: ct);
        }
        return result;
    }

    /// <summary>The scores of one run are kept apart from runs with other settings.</summary>
    public static string VersionOf(RfmOptions options) =>
        string.Create(CultureInfo.InvariantCulture, $"{ModelVersionPrefix}-b{options.Bands}-{options.Monetary.ToString().ToLowerInvariant()}");

    static IEnumerable<ScoreRow> Rows(RfmResult result)
    {
        foreach (var c in result.Customers)
        {
            yield return Metrics.Rfm.DaysSinceLast.Of(c.CustomerId, c.DaysSinceLastPurchase);
            yield return Metrics.Rfm.Orders.Of(c.CustomerId, c.Orders);
            yield return Metrics.Rfm.Monetary.Of(c.CustomerId, (double)c.Monetary);
            yield return Metrics.Rfm.RecencyScore.Of(c.CustomerId, c.RecencyScore);
            yield return Metrics.Rfm.FrequencyScore.Of(c.CustomerId, c.FrequencyScore);
            yield return Metrics.Rfm.MonetaryScore.Of(c.CustomerId, c.MonetaryScore);
            yield return Metrics.Rfm.Cell.OfLabel(c.CustomerId, c.Cell);
            yield return Metrics.Rfm.Segment.OfLabel(c.CustomerId, c.Segment);
        }
    }
}
