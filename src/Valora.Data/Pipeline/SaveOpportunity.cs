using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Valora.Data.Interactions;
using Valora.Data.Records;
using Valora.Domain.Pipeline;

namespace Valora.Data.Pipeline;

/// <summary>
/// Use cases: open a deal for a customer (optionally under an idempotency key) and change one — a stage move (any
/// stage to any other; into won or lost stamps the close time, back to an open stage clears it), amount, probability,
/// expected close, owner, or a note alone (an activity). Every change is one history event, from → to; the deal row is
/// locked while it changes.
/// </summary>
public static class SaveOpportunity
{
    public const string Scope = "opportunities.create";

    public static async Task<WriteOutcome<OpportunityView>> CreateAsync(
        ValoraDbContext db, OpportunityInput input, string? idempotencyKey, string actor, PipelineStages stages, DateTime nowUtc, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(stages);
        var errors = new RecordErrors();
        if (idempotencyKey is not null && Idempotency.Check(idempotencyKey) is { } bad)
        {
            errors.Add("Idempotency-Key", bad);
        }
        if (input.CustomerId is null)
        {
            errors.Add("customerId", "is required.");
        }
        var name = errors.Text("name", input.Name, OpportunityRules.MaxName, required: true);
        var stage = OpportunityRules.Stage(errors, input.Stage, required: false);
        OpportunityRules.Amount(errors, input.Amount, required: true);
        OpportunityRules.Probability(errors, input.Probability);
        OpportunityRules.ExpectedClose(errors, input.ExpectedClose);
        var owner = errors.Text("owner", input.Owner, OpportunityRules.MaxOwner);
        var externalId = errors.Text("externalId", input.ExternalId, 100);
        errors.ThrowIfAny();
        var amount = RecordErrors.Plain(input.Amount!.Value);
        var probability = input.Probability ?? stages.For(stage).Probability;
        var valid = input with { Name = name, Stage = PipelineStages.Name(stage), Amount = amount, Probability = probability, Owner = owner, ExternalId = externalId };
        var hash = Idempotency.Hash(valid);
        if (idempotencyKey is not null && Idempotency.Replay<OpportunityView>(await Idempotency.FindAsync(db, Scope, idempotencyKey, ct), hash) is { } earlier)
        {
            return earlier;
        }
        var customerId = input.CustomerId!.Value;
        var customerName = await db.Customers.Where(c => c.Id == customerId).Select(c => new { c.Name }).SingleOrDefaultAsync(ct);
        if (customerName is null)
        {
            return WriteOutcome<OpportunityView>.Refused(WriteStatus.NotFound, $"There is no customer with id {customerId}.");
        }
        var external = externalId ?? "api-" + Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture);
        if (await db.Opportunities.AnyAsync(o => o.ExternalId == external, ct))
        {
            return Duplicate(external);
        }
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var deal = new Opportunity
        {
            ExternalId = external, CustomerId = customerId, Name = name!, Stage = stage, Amount = amount, Probability = probability,
            ExpectedClose = input.ExpectedClose, Owner = owner, CreatedAt = nowUtc, ClosedAt = PipelineStages.IsClosed(stage) ? nowUtc : null,
        };
        db.Opportunities.Add(deal);
        try
        {
            await db.SaveChangesAsync(ct);
            db.OpportunityEvents.Add(new OpportunityEvent
            {
                OpportunityId = deal.Id, At = nowUtc, Actor = actor, Kind = OpportunityEventKind.Created, To = PipelineStages.Name(stage),
            });
            await db.SaveChangesAsync(ct);
            var view = OpportunityQueries.View(deal, customerName.Name, nowUtc, stages, nowUtc);
            if (idempotencyKey is not null)
            {
                Idempotency.Record(db, Scope, idempotencyKey, hash, deal.Id, view, nowUtc);
                await db.SaveChangesAsync(ct);
            }
            await transaction.CommitAsync(ct);
            return WriteOutcome<OpportunityView>.Done(view);
        }
        catch (DbUpdateException)
        {
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            if (idempotencyKey is not null && Idempotency.Replay<OpportunityView>(await Idempotency.FindAsync(db, Scope, idempotencyKey, ct), hash) is { } raced)
            {
                return raced;
            }
            if (await db.Opportunities.AnyAsync(o => o.ExternalId == external, ct))
            {
                return Duplicate(external);
            }
            throw;
        }
    }

    public static async Task<WriteOutcome<OpportunityDetail>> ChangeAsync(
        ValoraDbContext db, long id, OpportunityChange change, string actor, PipelineStages stages, DateTime nowUtc, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(stages);
        var errors = new RecordErrors();
        OpportunityStage? stage = change.Stage is null ? null : OpportunityRules.Stage(errors, change.Stage, required: true);
        OpportunityRules.Amount(errors, change.Amount, required: false);
        OpportunityRules.Probability(errors, change.Probability);
        OpportunityRules.ExpectedClose(errors, change.ExpectedClose);
        var owner = errors.Text("owner", change.Owner, OpportunityRules.MaxOwner);
        var note = errors.Text("note", change.Note, InteractionInput.MaxText);
        if (change is { Stage: null, Amount: null, Probability: null, ExpectedClose: null, Owner: null } && note is null && !errors.Any)
        {
            errors.Add("body", "name at least one of stage, amount, probability, expectedClose, owner or note.");
        }
        errors.ThrowIfAny();

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var deal = await LockAsync(db, id, ct);
        if (deal is null)
        {
            return WriteOutcome<OpportunityDetail>.Refused(WriteStatus.NotFound, $"There is no opportunity with id {id}.");
        }
        var events = new List<OpportunityEvent>();
        void Event(OpportunityEventKind kind, string? from, string? to) =>
            events.Add(new() { OpportunityId = id, At = nowUtc, Actor = actor, Kind = kind, From = from, To = to });
        var probability = change.Probability;
        if (stage is { } next && next != deal.Stage)
        {
            Event(OpportunityEventKind.Stage, PipelineStages.Name(deal.Stage), PipelineStages.Name(next));
            deal.ClosedAt = PipelineStages.IsClosed(next) ? nowUtc : null;
            deal.Stage = next;
            probability ??= stages.For(next).Probability;
        }
        if (change.Amount is { } a && RecordErrors.Plain(a) != deal.Amount)
        {
            Event(OpportunityEventKind.Amount, Invariant(deal.Amount), Invariant(RecordErrors.Plain(a)));
            deal.Amount = RecordErrors.Plain(a);
        }
        if (probability is { } p && !p.Equals(deal.Probability))
        {
            Event(OpportunityEventKind.Probability, Invariant(deal.Probability), Invariant(p));
            deal.Probability = p;
        }
        if (change.ExpectedClose is { } close && close != deal.ExpectedClose)
        {
            Event(OpportunityEventKind.ExpectedClose, Invariant(deal.ExpectedClose), Invariant(close));
            deal.ExpectedClose = close;
        }
        if (change.Owner is not null && !string.Equals(owner, deal.Owner, StringComparison.Ordinal))
        {
            Event(OpportunityEventKind.Owner, deal.Owner, owner);
            deal.Owner = owner;
        }
        if (note is not null)
        {
            if (events.Count > 0)
            {
                events[^1].Note = note;
            }
            else
            {
                Event(OpportunityEventKind.Note, null, null);
                events[^1].Note = note;
            }
        }
        db.OpportunityEvents.AddRange(events);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return WriteOutcome<OpportunityDetail>.Done((await OpportunityQueries.OneAsync(db, id, stages, nowUtc, ct))!);
    }

    internal static string Invariant(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    internal static string Invariant(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    internal static string? Invariant(DateOnly? value) => value?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    static WriteOutcome<OpportunityView> Duplicate(string external) =>
        WriteOutcome<OpportunityView>.Refused(WriteStatus.Conflict, $"An opportunity with external id '{external}' already exists.");

    static async Task<Opportunity?> LockAsync(ValoraDbContext db, long id, CancellationToken ct) =>
        db.Provider == DatabaseProvider.Postgres
            ? await db.Opportunities.FromSql($"SELECT * FROM \"Opportunities\" WHERE \"Id\" = {id} FOR UPDATE").SingleOrDefaultAsync(ct)
            : await db.Opportunities.SingleOrDefaultAsync(o => o.Id == id, ct);
}
