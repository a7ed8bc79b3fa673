using System.Globalization;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Valora.Data.Clv;
using Valora.Data.Interactions;
using Valora.Data.Records;
using Valora.Domain.Sales;

namespace Valora.Data.Sales;

/// <summary>One line of a posted order: quantity × unit price is its total unless the total is given.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record OrderLineInput(int? Quantity, decimal? UnitPrice, string? Sku = null, decimal? LineTotal = null, decimal? UnitCost = null);

/// <summary>A posted order: the customer's internal id, when (UTC), currency, channel, status (default completed) and lines.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record OrderInput(
    long? CustomerId, DateTime? OrderedAt, IReadOnlyList<OrderLineInput>? Lines, string? Currency = null, string? Channel = null,
    string? Status = null, string? ExternalId = null);

/// <summary>An order as stored: its id, customer, time, currency, status and total.</summary>
public sealed record OrderView(long Id, string ExternalId, long CustomerId, DateTime OrderedAt, string Currency, string Status, decimal Total, int Lines);

/// <summary>One item of a batch that was not written: its position, the field (<c>lines[2].quantity</c>) and the rule.</summary>
public sealed record OrderError(int Index, string Field, string Message);

/// <summary>
/// What an ingestion did: the orders written, each refused item with its reasons, and the rescoring of the customers
/// the written orders touched.
/// </summary>
public sealed record OrdersIngested(IReadOnlyList<OrderView> Written, IReadOnlyList<OrderError> Rejected, Rescored Rescored);

/// <summary>
/// Use case: real-time ingestion of orders (one, or a batch of up to 1,000). Each order is validated as the file
/// import validates a row — customer, time (1900 up to a day ahead of now), ISO currency, status, 1 to 1,000 lines
/// with quantity ≥ 1, unit price and cost ≥ 0, external id unique — and a bad item is reported by its index and field
/// while the good ones are written in one transaction. Then the touched customers' CLV scores are recomputed at once
/// from the stored models (<see cref="RescoreClv"/>), as of the day of ingestion, so the customer 360 is current at
/// the next read.
/// </summary>
public sealed class IngestOrders(ValoraDatabase database)
{
    public const int MaxBatch = 1000;
    public const int MaxLines = 1000;
    const decimal MaxMoney = 1_000_000_000_000m;

    public const string Scope = "orders.create";

    /// <summary>
    /// One order, optionally under an idempotency key: a repeat with the same key and body replays the first reply
    /// (nothing written again), the same key with another body is a conflict.
    /// </summary>
    public async Task<WriteOutcome<OrdersIngested>> CreateAsync(OrderInput order, string? idempotencyKey, DateTime nowUtc, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (idempotencyKey is null)
        {
            return WriteOutcome<OrdersIngested>.Done(await RunAsync([order], nowUtc, ct));
        }
        if (Idempotency.Check(idempotencyKey) is { } bad)
        {
            throw new RecordValidationException("Idempotency-Key", bad);
        }
        var hash = Idempotency.Hash(order);
        await using (var db = database.CreateContext())
        {
            if (Idempotency.Replay<OrderView>(await Idempotency.FindAsync(db, Scope, idempotencyKey, ct), hash) is { } earlier)
            {
                return earlier.Value is { } view
                    ? new WriteOutcome<OrdersIngested>(WriteStatus.Replayed, new OrdersIngested([view], [],
                        new Rescored(0, null, null, "A repeat of an earlier request: the order was written, and its customer rescored, then.")))
                    : WriteOutcome<OrdersIngested>.Refused(earlier.Status, earlier.Message!);
            }
        }
        return WriteOutcome<OrdersIngested>.Done(await RunAsync([order], nowUtc, ct, (idempotencyKey, hash)));
    }

    public Task<OrdersIngested> RunAsync(IReadOnlyList<OrderInput> orders, DateTime nowUtc, CancellationToken ct = default) =>
        RunAsync(orders, nowUtc, ct, null);

    async Task<OrdersIngested> RunAsync(IReadOnlyList<OrderInput> orders, DateTime nowUtc, CancellationToken ct, (string Key, string Hash)? idempotency)
    {
        ArgumentNullException.ThrowIfNull(orders);
        if (orders.Count is 0 or > MaxBatch)
        {
            throw new RecordValidationException("items", $"must hold 1 to {MaxBatch} orders (held {orders.Count}).");
        }
        await using var db = database.CreateContext();
        var customerIds = orders.Select(o => o.CustomerId).OfType<long>().Distinct().ToList();
        var known = new HashSet<long>();
        foreach (var chunk in customerIds.Chunk(1000))
        {
            known.UnionWith(await db.Customers.Where(c => chunk.Contains(c.Id)).Select(c => c.Id).ToListAsync(ct));
        }
        var externalIds = orders.Select(o => o.ExternalId?.Trim()).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var taken = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in externalIds.Chunk(1000))
        {
            taken.UnionWith(await db.Orders.Where(o => chunk.Contains(o.ExternalId)).Select(o => o.ExternalId).ToListAsync(ct));
        }

        var rejected = new List<OrderError>();
        var accepted = new List<Order>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < orders.Count; i++)
        {
            var before = rejected.Count;
            var order = Validate(i, orders[i], known, taken, seen, nowUtc, rejected);
            if (order is not null && rejected.Count == before)
            {
                accepted.Add(order);
            }
        }
        if (accepted.Count > 0)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            db.Orders.AddRange(accepted);
            await db.SaveChangesAsync(ct);
            if (idempotency is { } key)
            {
                Idempotency.Record(db, Scope, key.Key, key.Hash, accepted[0].Id, View(accepted[0]), nowUtc);
                await db.SaveChangesAsync(ct);
            }
            await transaction.CommitAsync(ct);
        }
        var touched = accepted.Where(o => o.Status == OrderStatus.Completed).Select(o => o.CustomerId).Distinct().ToList();
        var rescored = touched.Count == 0
            ? new Rescored(0, null, null, "No completed order was written, so no score changed.")
            : await RescoreAsync(touched, DateOnly.FromDateTime(nowUtc), ct);
        return new OrdersIngested(
            [.. accepted.Select(View)], rejected, rescored);
    }

    /// <summary>
    /// The orders are committed by now, so a rescoring that fails (a stored model that no longer reads, a database
    /// hiccup) must not turn the answer into an error the client would retry: it is reported in the result instead,
    /// and the next batch scoring catches these customers up.
    /// </summary>
    async Task<Rescored> RescoreAsync(IReadOnlyCollection<long> customers, DateOnly asOf, CancellationToken ct)
    {
        try
        {
            return await new RescoreClv(database).RunAsync(customers, asOf, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The exception's message is not passed on: it can carry database details a client should not see.
            return new Rescored(0, asOf, null, $"The orders were written, but rescoring their customers failed ({e.GetType().Name}); the next CLV scoring includes them.");
        }
    }

    static OrderView View(Order o) =>
        new(o.Id, o.ExternalId, o.CustomerId, o.OrderedAt, o.Currency, JsonName(o.Status), o.Lines.Sum(l => l.LineTotal), o.Lines.Count);

    static Order? Validate(int index, OrderInput? input, HashSet<long> known, HashSet<string> taken, HashSet<string> seen, DateTime nowUtc, List<OrderError> rejected)
    {
        void Refuse(string field, string message) => rejected.Add(new OrderError(index, field, message));
        if (input is null)
        {
            Refuse("order", "is required.");
            return null;
        }
        if (input.CustomerId is not { } customer)
        {
            Refuse("customerId", "is required.");
        }
        else if (!known.Contains(customer))
        {
            Refuse("customerId", $"there is no customer with id {customer}.");
        }
        var at = InteractionInput.Utc(input.OrderedAt);
        if (at is null)
        {
            Refuse("orderedAt", "is required (UTC, e.g. 2026-12-07T10:15:00Z).");
        }
        else if (at.Value.Year < 1900 || at.Value > nowUtc.AddDays(1))
        {
            Refuse("orderedAt", $"must lie between 1900-01-01 and a day from now (was {at.Value:yyyy-MM-ddTHH:mm:ssZ}).");
        }
        var currency = (input.Currency ?? "USD").Trim().ToUpperInvariant();
        if (currency.Length != 3 || !currency.All(char.IsAsciiLetterUpper))
        {
            Refuse("currency", "must be a three-letter ISO 4217 code such as EUR.");
        }
        var status = OrderStatus.Completed;
        if (input.Status is not null && (!Enum.TryParse(input.Status.Trim(), ignoreCase: true, out status) || !Enum.IsDefined(status) || input.Status.Any(char.IsAsciiDigit)))
        {
            Refuse("status", "must be one of completed, pending, cancelled, returned.");
        }
        var errors = new RecordErrors();
        var externalId = errors.Text("externalId", input.ExternalId, 100);
        var channel = errors.Text("channel", input.Channel, 64);
        foreach (var (field, message) in errors.All)
        {
            Refuse(field, message);
        }
        if (externalId is not null && (taken.Contains(externalId) || !seen.Add(externalId)))
        {
            Refuse("externalId", $"an order with external id '{externalId}' already exists.");
        }
        var lines = new List<OrderLine>();
        if (input.Lines is not { Count: > 0 and <= MaxLines } given)
        {
            Refuse("lines", $"must hold 1 to {MaxLines} lines.");
        }
        else
        {
            for (var j = 0; j < given.Count; j++)
            {
                var l = given[j];
                var f = string.Create(CultureInfo.InvariantCulture, $"lines[{j}]");
                if (l is null)
                {
                    Refuse(f, "is required.");
                    continue;
                }
                if (l.Quantity is not (>= 1 and <= 1_000_000))
                {
                    Refuse(f + ".quantity", "must be a whole number from 1 to 1000000 (a return is an order with status returned).");
                }
                if (l.UnitPrice is not (>= 0 and <= MaxMoney))
                {
                    Refuse(f + ".unitPrice", "is required and must be between 0 and 1000000000000.");
                }
                if (l.LineTotal is < 0 or > MaxMoney)
                {
                    Refuse(f + ".lineTotal", "must be between 0 and 1000000000000.");
                }
                if (l.UnitCost is < 0 or > MaxMoney)
                {
                    Refuse(f + ".unitCost", "must be between 0 and 1000000000000.");
                }
                if (l.Sku is { Length: > 100 })
                {
                    Refuse(f + ".sku", "must be at most 100 characters.");
                }
                var quantity = l.Quantity ?? 0;
                var price = l.UnitPrice ?? 0;
                lines.Add(new OrderLine
                {
                    LineNumber = j + 1, Sku = l.Sku?.Trim(), Quantity = quantity, UnitPrice = price,
                    LineTotal = l.LineTotal ?? quantity * price, UnitCost = l.UnitCost,
                });
            }
        }
        return new Order
        {
            ExternalId = externalId ?? "api-" + Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture),
            CustomerId = input.CustomerId ?? 0, OrderedAt = at ?? default, Currency = currency, Channel = channel, Status = status, Lines = lines,
        };
    }

    static string JsonName(OrderStatus status) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(status.ToString());
}
