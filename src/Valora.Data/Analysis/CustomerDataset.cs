using System.Globalization;
using Valora.Data.Sales;
using Valora.Domain.Sales;

namespace Valora.Data.Analysis;

/// <summary>What an analysis reads, and how money in several currencies is handled.</summary>
/// <param name="Currency">
/// The currency results are stated in. Null: the one currency the orders are in; if they are in several, the load
/// is refused (<see cref="NotAnalysableReason.MixedCurrencies"/>) unless <paramref name="Rates"/> convert them.
/// </param>
/// <param name="Rates">
/// Units of <paramref name="Currency"/> per unit of each other currency (e.g. EUR per GBP); every currency the orders
/// are in, other than <paramref name="Currency"/>, needs one.
/// </param>
public sealed record DatasetRequest(string? Currency = null, IReadOnlyDictionary<string, decimal>? Rates = null)
{
    public static DatasetRequest Default { get; } = new();
}

/// <summary>
/// The dataset snapshot every analysis reads: the completed purchases (one per order, lines summed, see
/// <see cref="PurchaseQuery"/>), loaded once and shared by the models of a composite run (<see cref="RunValueAnalysis"/>,
/// <c>valora demo</c>) instead of each reloading them, with money in one stated currency. Orders in several currencies
/// are never summed as one: the load is refused, or converted with the rates the caller gives.
/// </summary>
public sealed class CustomerDataset
{
    CustomerDataset(List<Purchase> purchases, string? currency, IReadOnlyDictionary<string, int> ordersByCurrency)
    {
        Purchases = purchases;
        Currency = currency;
        OrdersByCurrency = ordersByCurrency;
    }

    /// <summary>Completed purchases, ordered by order id, with revenue and cost in <see cref="Currency"/>.</summary>
    public IReadOnlyList<Purchase> Purchases { get; }

    /// <summary>The currency of every amount in <see cref="Purchases"/> (null when there are none).</summary>
    public string? Currency { get; }

    /// <summary>Completed orders per currency as stored, before any conversion.</summary>
    public IReadOnlyDictionary<string, int> OrdersByCurrency { get; }

    /// <summary>Loads the snapshot; throws <see cref="NotAnalysableException"/> (<see cref="NotAnalysableReason.MixedCurrencies"/>) for unconvertible mixed currencies.</summary>
    public static async Task<CustomerDataset> LoadAsync(ValoraDatabase database, DatasetRequest? request = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        request ??= DatasetRequest.Default;
        var (purchases, currencies) = await PurchaseQuery.LoadWithCurrenciesAsync(database, null, ct);
        var counts = currencies.CountBy(c => c).ToDictionary(g => g.Key, g => g.Value, StringComparer.Ordinal);
        var target = request.Currency?.Trim().ToUpperInvariant();
        if (counts.Count == 0 || (counts.Count == 1 && (target is null || counts.ContainsKey(target))))
        {
            return new CustomerDataset(purchases, counts.Keys.SingleOrDefault() ?? target, counts);
        }
        if (target is null || request.Rates is null)
        {
            var found = string.Join(", ", counts.OrderByDescending(c => c.Value).Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key} ({c.Value:N0} orders)")));
            throw new NotAnalysableException(NotAnalysableReason.MixedCurrencies,
                target is null
                    ? $"Orders are in several currencies ({found}); amounts in different currencies are not summed as one."
                    : $"Orders are in {found}; reporting in {target} needs an exchange rate to {target} for each other currency.");
        }
        var rates = new Dictionary<string, decimal>(StringComparer.Ordinal) { [target] = 1m };
        foreach (var (code, rate) in request.Rates)
        {
            if (rate <= 0)
            {
                throw new ArgumentException($"Exchange rate {code} = {rate.ToString(CultureInfo.InvariantCulture)} must be > 0.", nameof(request));
            }
            rates[code.Trim().ToUpperInvariant()] = rate;
        }
        if (counts.Keys.FirstOrDefault(c => !rates.ContainsKey(c)) is { } missing)
        {
            throw new ArgumentException($"No exchange rate from {missing} to {target}: every currency the orders are in needs one ({string.Join(", ", counts.Keys.Order(StringComparer.Ordinal))}).", nameof(request));
        }
        for (var i = 0; i < purchases.Count; i++)
        {
            var rate = rates[currencies[i]];
            if (rate != 1m)
            {
                var p = purchases[i];
                purchases[i] = p with { Revenue = p.Revenue * rate, Cost = p.Cost * rate };
            }
        }
        return new CustomerDataset(purchases, target, counts);
    }
}
