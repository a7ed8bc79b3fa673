using System.Globalization;
using Valora.Analytics.Rfm;
using Valora.Data.Sales;
using Valora.Data.Scores;

namespace Valora.Data.Rfm;

/// <summary>
/// Use case: score every customer's recency, frequency and monetary value as of a date, name their segment,
/// and (optionally) save the scores. The as-of date defaults to the day of the latest purchase in the data, so a
/// historical dataset is scored as of its own end rather than as of today.
/// </summary>
public sealed class RunRfm(ValoraDatabase database)
{
    public const string ModelVersionPrefix = "rfm";

    public static readonly string[] Metrics =
        ["rfm_days_since_last", "rfm_orders", "rfm_monetary", "rfm_r", "rfm_f", "rfm_m", "rfm_cell", "rfm_segment"];

    public async Task<RfmResult> ExecuteAsync(DateOnly? asOf, RfmOptions? options = null, bool save = true, CancellationToken ct = default)
    {
        options ??= new RfmOptions();
        var purchases = await PurchaseQuery.LoadAsync(database, ct: ct);
        if (purchases.Count == 0)
        {
            throw new InvalidOperationException("There are no completed orders to score: import orders first (valora import orders <file>).");
        }
        var day = asOf ?? DateOnly.FromDateTime(purchases.Max(p => p.OccurredAtUtc));
        var result = RfmScorer.Score(purchases, day, options);
        if (save)
        {
            await ScoreWriter.ReplaceAsync(database, day, VersionOf(options), Metrics, Rows(result), ct);
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
            yield return new ScoreRow(c.CustomerId, "rfm_days_since_last", c.DaysSinceLastPurchase);
            yield return new ScoreRow(c.CustomerId, "rfm_orders", c.Orders);
            yield return new ScoreRow(c.CustomerId, "rfm_monetary", (double)c.Monetary);
            yield return new ScoreRow(c.CustomerId, "rfm_r", c.Recency);
            yield return new ScoreRow(c.CustomerId, "rfm_f", c.Frequency);
            yield return new ScoreRow(c.CustomerId, "rfm_m", c.MonetaryScore);
            yield return new ScoreRow(c.CustomerId, "rfm_cell", null, c.Cell);
            yield return new ScoreRow(c.CustomerId, "rfm_segment", null, c.Segment);
        }
    }
}
