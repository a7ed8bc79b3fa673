using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Valora.Data.Records;
using Valora.Domain.Interactions;

namespace Valora.Data.Interactions;

/// <summary>One logged interaction as stored.</summary>
public sealed record InteractionView(
    long Id, string ExternalId, long CustomerId, string Channel, string Direction, DateTime OccurredAt,
    string? Subject, string? Text, string? Outcome, bool? Responded)
{
    public static InteractionView From(Interaction i)
    {
        ArgumentNullException.ThrowIfNull(i);
        return new(i.Id, i.ExternalId, i.CustomerId, i.Channel.ToString().ToLowerInvariant(), i.Direction.ToString().ToLowerInvariant(),
            i.OccurredAt, i.Subject, i.Text, i.Outcome, i.Responded);
    }
}

/// <summary>
/// Use case: log an interaction with a customer, optionally under an idempotency key (a repeat with the same key and
/// input returns the first result; with another input it is refused). A taken external id is a conflict.
/// </summary>
public static class LogInteraction
{
    public const string Scope = "interactions.create";

    public static async Task<WriteOutcome<InteractionView>> RunAsync(
        ValoraDbContext db, long customerId, InteractionInput input, string? idempotencyKey, DateTime nowUtc, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(input);
        if (idempotencyKey is not null && Idempotency.Check(idempotencyKey) is { } bad)
        {
            throw new RecordValidationException("Idempotency-Key", bad);
        }
        var (valid, channel, direction, at) = input.Validate(nowUtc);
        var hash = Idempotency.Hash(new { customerId, valid });
        if (idempotencyKey is not null && Idempotency.Replay<InteractionView>(await Idempotency.FindAsync(db, Scope, idempotencyKey, ct), hash) is { } earlier)
        {
            return earlier;
        }
        if (!await db.Customers.AnyAsync(c => c.Id == customerId, ct))
        {
            return WriteOutcome<InteractionView>.Refused(WriteStatus.NotFound, $"There is no customer with id {customerId}.");
        }
        var externalId = valid.ExternalId ?? "api-" + Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture);
        if (await db.Interactions.AnyAsync(i => i.ExternalId == externalId, ct))
        {
            return WriteOutcome<InteractionView>.Refused(WriteStatus.Conflict, $"An interaction with external id '{externalId}' already exists.");
        }
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var interaction = new Interaction
        {
            ExternalId = externalId, CustomerId = customerId, Channel = channel, Direction = direction, OccurredAt = at,
            Subject = valid.Subject, Text = valid.Text, Outcome = valid.Outcome, Responded = valid.Responded,
        };
        db.Interactions.Add(interaction);
        try
        {
            await db.SaveChangesAsync(ct);
            var view = InteractionView.From(interaction);
            if (idempotencyKey is not null)
            {
                Idempotency.Record(db, Scope, idempotencyKey, hash, interaction.Id, view, nowUtc);
                await db.SaveChangesAsync(ct);
            }
            await transaction.CommitAsync(ct);
            return WriteOutcome<InteractionView>.Done(view);
        }
        catch (DbUpdateException)
        {
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            if (idempotencyKey is not null && Idempotency.Replay<InteractionView>(await Idempotency.FindAsync(db, Scope, idempotencyKey, ct), hash) is { } raced)
            {
                return raced;
            }
            if (await db.Interactions.AnyAsync(i => i.ExternalId == externalId, ct))
            {
                return WriteOutcome<InteractionView>.Refused(WriteStatus.Conflict, $"An interaction with external id '{externalId}' already exists.");
            }
            throw;
        }
    }
}
