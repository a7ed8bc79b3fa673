using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Valora.Data.Records;
using Valora.Domain.Customers;

namespace Valora.Data.Customers;

/// <summary>
/// Use case: create one customer from validated input, optionally under an idempotency key (a repeat with the same
/// key and input returns the first result; with another input it is refused). A duplicate external id is a conflict.
/// </summary>
public static class CreateCustomer
{
    public const string Scope = "customers.create";

    public static async Task<WriteOutcome<CustomerRecord>> RunAsync(
        ValoraDbContext db, CustomerInput input, string? idempotencyKey, DateTime nowUtc, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(input);
        if (idempotencyKey is not null && Idempotency.Check(idempotencyKey) is { } bad)
        {
            throw new RecordValidationException("Idempotency-Key", bad);
        }
        var valid = input.Validate(DateOnly.FromDateTime(nowUtc));
        var hash = Idempotency.Hash(valid);
        if (idempotencyKey is not null && Idempotency.Replay<CustomerRecord>(await Idempotency.FindAsync(db, Scope, idempotencyKey, ct), hash) is { } earlier)
        {
            return earlier;
        }
        var externalId = valid.ExternalId ?? "api-" + Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture);
        if (await db.Customers.AnyAsync(c => c.ExternalId == externalId, ct))
        {
            return WriteOutcome<CustomerRecord>.Refused(WriteStatus.Conflict, $"A customer with external id '{externalId}' already exists.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var customer = new Customer { ExternalId = externalId };
        valid.ApplyTo(customer);
        db.Customers.Add(customer);
        try
        {
            await db.SaveChangesAsync(ct);
            var stored = CustomerRecord.From(await db.Customers.AsNoTracking().SingleAsync(c => c.Id == customer.Id, ct));
            if (idempotencyKey is not null)
            {
                Idempotency.Record(db, Scope, idempotencyKey, hash, customer.Id, stored, nowUtc);
                await db.SaveChangesAsync(ct);
            }
            await transaction.CommitAsync(ct);
            return WriteOutcome<CustomerRecord>.Done(stored);
        }
        catch (DbUpdateException)
        {
            // A concurrent request took the external id or the idempotency key between the checks and the insert.
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            if (idempotencyKey is not null && Idempotency.Replay<CustomerRecord>(await Idempotency.FindAsync(db, Scope, idempotencyKey, ct), hash) is { } raced)
            {
                return raced;
            }
            if (await db.Customers.AnyAsync(c => c.ExternalId == externalId, ct))
            {
                return WriteOutcome<CustomerRecord>.Refused(WriteStatus.Conflict, $"A customer with external id '{externalId}' already exists.");
            }
            throw;
        }
    }
}
