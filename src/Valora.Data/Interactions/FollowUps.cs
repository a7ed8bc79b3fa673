using Microsoft.EntityFrameworkCore;
using Valora.Data.Records;
using Valora.Domain.Interactions;

namespace Valora.Data.Interactions;

/// <summary>A follow-up task as stored; <see cref="Overdue"/> says whether it is open past its due date.</summary>
public sealed record FollowUpView(
    long Id, long CustomerId, string? CustomerName, long? InteractionId, string Title, string Owner, DateOnly DueOn,
    string Status, DateTime CreatedAt, DateTime? ClosedAt, bool Overdue);

/// <summary>A new follow-up task: for a customer (required), what, who and by when; optionally the interaction it follows.</summary>
public sealed record FollowUpInput(long? CustomerId, string? Title, string? Owner, DateOnly? DueOn, long? InteractionId = null);

/// <summary>
/// A change to a follow-up task; fields left out (null) stay as they are. <see cref="Status"/> <c>done</c> or
/// <c>cancelled</c> closes it (stamping the time), <c>open</c> reopens it.
/// </summary>
public sealed record FollowUpChange(string? Title = null, string? Owner = null, DateOnly? DueOn = null, string? Status = null);

/// <summary>Use cases: create a follow-up task (optionally under an idempotency key) and change one.</summary>
public static class FollowUps
{
    public const string Scope = "followups.create";

    public static async Task<WriteOutcome<FollowUpView>> CreateAsync(
        ValoraDbContext db, FollowUpInput input, string? idempotencyKey, DateTime nowUtc, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(input);
        var errors = new RecordErrors();
        if (idempotencyKey is not null && Idempotency.Check(idempotencyKey) is { } bad)
        {
            errors.Add("Idempotency-Key", bad);
        }
        if (input.CustomerId is null)
        {
            errors.Add("customerId", "is required.");
        }
        var title = errors.Text("title", input.Title, 200, required: true);
        var owner = errors.Text("owner", input.Owner, 100, required: true);
        if (input.DueOn is null)
        {
            errors.Add("dueOn", "is required (yyyy-MM-dd).");
        }
        else if (input.DueOn.Value.Year is < 2000 or > 2100)
        {
            errors.Add("dueOn", "must lie between 2000 and 2100.");
        }
        errors.ThrowIfAny();
        var valid = input with { Title = title, Owner = owner };
        var hash = Idempotency.Hash(valid);
        if (idempotencyKey is not null && Idempotency.Replay<FollowUpView>(await Idempotency.FindAsync(db, Scope, idempotencyKey, ct), hash) is { } earlier)
        {
            return earlier;
        }
        var customerId = valid.CustomerId!.Value;
        if (!await db.Customers.AnyAsync(c => c.Id == customerId, ct))
        {
            return WriteOutcome<FollowUpView>.Refused(WriteStatus.NotFound, $"There is no customer with id {customerId}.");
        }
        if (valid.InteractionId is { } interactionId && !await db.Interactions.AnyAsync(i => i.Id == interactionId && i.CustomerId == customerId, ct))
        {
            return WriteOutcome<FollowUpView>.Refused(WriteStatus.NotFound, $"Customer {customerId} has no interaction with id {interactionId}.");
        }
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var task = new FollowUpTask
        {
            CustomerId = customerId, InteractionId = valid.InteractionId, Title = title!, Owner = owner!, DueOn = valid.DueOn!.Value,
            Status = FollowUpStatus.Open, CreatedAt = nowUtc,
        };
        db.FollowUpTasks.Add(task);
        try
        {
            await db.SaveChangesAsync(ct);
            var view = (await FollowUpList.OneAsync(db, task.Id, DateOnly.FromDateTime(nowUtc), ct))!;
            if (idempotencyKey is not null)
            {
                Idempotency.Record(db, Scope, idempotencyKey, hash, task.Id, view, nowUtc);
                await db.SaveChangesAsync(ct);
            }
            await transaction.CommitAsync(ct);
            return WriteOutcome<FollowUpView>.Done(view);
        }
        catch (DbUpdateException) when (idempotencyKey is not null)
        {
            // A concurrent request with the same key won the race: its result is this one's.
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            if (Idempotency.Replay<FollowUpView>(await Idempotency.FindAsync(db, Scope, idempotencyKey, ct), hash) is { } raced)
            {
                return raced;
            }
            throw;
        }
    }

    public static async Task<WriteOutcome<FollowUpView>> ChangeAsync(
        ValoraDbContext db, long id, FollowUpChange change, DateTime nowUtc, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(change);
        var errors = new RecordErrors();
        var title = errors.Text("title", change.Title, 200);
        var owner = errors.Text("owner", change.Owner, 100);
        if (change.Title is not null && title is null)
        {
            errors.Add("title", "must not be empty.");
        }
        if (change.Owner is not null && owner is null)
        {
            errors.Add("owner", "must not be empty.");
        }
        if (change.DueOn is { Year: < 2000 or > 2100 })
        {
            errors.Add("dueOn", "must lie between 2000 and 2100.");
        }
        var status = change.Status is null ? (FollowUpStatus?)null : InteractionInput.Choice<FollowUpStatus>(errors, "status", change.Status, required: true);
        if (title is null && owner is null && change.DueOn is null && change.Status is null && !errors.Any)
        {
            errors.Add("body", "name at least one of title, owner, dueOn or status.");
        }
        errors.ThrowIfAny();
        var task = await db.FollowUpTasks.SingleOrDefaultAsync(f => f.Id == id, ct);
        if (task is null)
        {
            return WriteOutcome<FollowUpView>.Refused(WriteStatus.NotFound, $"There is no follow-up task with id {id}.");
        }
        task.Title = title ?? task.Title;
        task.Owner = owner ?? task.Owner;
        task.DueOn = change.DueOn ?? task.DueOn;
        if (status is { } s && s != task.Status)
        {
            task.Status = s;
            task.ClosedAt = s == FollowUpStatus.Open ? null : nowUtc;
        }
        await db.SaveChangesAsync(ct);
        return WriteOutcome<FollowUpView>.Done((await FollowUpList.OneAsync(db, id, DateOnly.FromDateTime(nowUtc), ct))!);
    }
}
