using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Valora.Data.Records;
using Valora.Domain.Customers;

namespace Valora.Data.Customers;

/// <summary>
/// Use case: change one customer under optimistic concurrency. The caller names the version it read (the ETag); the
/// row is locked, its current version compared, and the change written only when they match — otherwise nothing is
/// written and the outcome says why (no version: precondition required; another version: precondition failed).
/// A full update (<see cref="ReplaceAsync"/>) sets every field; a partial one (<see cref="PatchAsync"/>, JSON merge
/// patch, RFC 7396) replaces only the fields it names, <c>null</c> clearing one.
/// </summary>
public static class UpdateCustomer
{
    static readonly HashSet<string> Fields = typeof(CustomerInput).GetProperties()
        .Where(p => p.CanWrite)
        .Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name))
        .ToHashSet(StringComparer.Ordinal);

    public static Task<WriteOutcome<CustomerRecord>> ReplaceAsync(
        ValoraDbContext db, long id, string? ifMatch, CustomerInput input, DateTime nowUtc, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        return WriteAsync(db, id, ifMatch, nowUtc, _ => input, ct);
    }

    /// <param name="patch">A JSON object whose properties are <see cref="CustomerInput"/> fields (camel case).</param>
    public static Task<WriteOutcome<CustomerRecord>> PatchAsync(
        ValoraDbContext db, long id, string? ifMatch, JsonElement patch, DateTime nowUtc, CancellationToken ct = default)
    {
        if (patch.ValueKind != JsonValueKind.Object)
        {
            throw new RecordValidationException("body", "must be a JSON object of the fields to change.");
        }
        var errors = new RecordErrors();
        foreach (var property in patch.EnumerateObject().Where(p => !Fields.Contains(p.Name)))
        {
            errors.Add(property.Name, "is not a customer field.");
        }
        errors.ThrowIfAny();
        return WriteAsync(db, id, ifMatch, nowUtc, current => Merge(current, patch), ct);
    }

    static CustomerInput Merge(Customer current, JsonElement patch)
    {
        var merged = JsonSerializer.SerializeToNode(CustomerInput.From(current), Idempotency.Json)!.AsObject();
        foreach (var property in patch.EnumerateObject())
        {
            merged[property.Name] = JsonNode.Parse(property.Value.GetRawText());
        }
        // One field at a time, so a value of the wrong type is reported under its own name.
        var errors = new RecordErrors();
        foreach (var property in typeof(CustomerInput).GetProperties().Where(p => p.CanWrite))
        {
            var name = JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            try
            {
                var value = merged[name]?.Deserialize(property.PropertyType, Idempotency.Json);
                if (value is null && property.PropertyType.IsValueType && Nullable.GetUnderlyingType(property.PropertyType) is null)
                {
                    errors.Add(name, "must not be null.");
                }
            }
            catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or OverflowException)
            {
                errors.Add(name, $"must be {Describe(property.PropertyType)}.");
            }
        }
        errors.ThrowIfAny();
        return merged.Deserialize<CustomerInput>(Idempotency.Json)!;
    }

    static string Describe(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t == typeof(string) ? "a string"
            : t == typeof(bool) ? "true or false"
            : t == typeof(decimal) ? "a number"
            : t == typeof(DateOnly) ? "a date (yyyy-MM-dd)"
            : "of type " + t.Name;
    }

    static async Task<WriteOutcome<CustomerRecord>> WriteAsync(
        ValoraDbContext db, long id, string? ifMatch, DateTime nowUtc, Func<Customer, CustomerInput> change, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var customer = await LockAsync(db, id, ct);
        if (customer is null)
        {
            return WriteOutcome<CustomerRecord>.Refused(WriteStatus.NotFound, $"There is no customer with id {id}.");
        }
        if (string.IsNullOrWhiteSpace(ifMatch))
        {
            return WriteOutcome<CustomerRecord>.Refused(WriteStatus.PreconditionRequired,
                "Send the customer's ETag (from GET /api/customers/{id}) in If-Match, so a change made since is not overwritten.");
        }
        if (!Matches(ifMatch, CustomerRecord.ETagOf(customer)))
        {
            return WriteOutcome<CustomerRecord>.Refused(WriteStatus.PreconditionFailed,
                "The customer was changed since this version was read; read it again and reapply the change.");
        }
        var valid = change(customer).Validate(DateOnly.FromDateTime(nowUtc));
        var externalId = valid.ExternalId ?? customer.ExternalId;
        if (!string.Equals(externalId, customer.ExternalId, StringComparison.Ordinal)
            && await db.Customers.AnyAsync(c => c.ExternalId == externalId && c.Id != id, ct))
        {
            return WriteOutcome<CustomerRecord>.Refused(WriteStatus.Conflict, $"A customer with external id '{externalId}' already exists.");
        }
        valid.ApplyTo(customer);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return WriteOutcome<CustomerRecord>.Done(CustomerRecord.From(await db.Customers.AsNoTracking().SingleAsync(c => c.Id == id, ct)));
    }

    /// <summary>The customer, locked for this transaction (PostgreSQL: the row; SQLite: the write transaction already is).</summary>
    internal static async Task<Customer?> LockAsync(ValoraDbContext db, long id, CancellationToken ct) =>
        db.Provider == DatabaseProvider.Postgres
            ? await db.Customers.FromSql($"SELECT * FROM \"Customers\" WHERE \"Id\" = {id} FOR UPDATE").SingleOrDefaultAsync(ct)
            : await db.Customers.SingleOrDefaultAsync(c => c.Id == id, ct);

    /// <summary>Whether an If-Match header value names this tag: one of a list of tags, or <c>*</c>. The comparison is
    /// strong (RFC 9110 §13.1.1): a weak tag <c>W/"…"</c> never matches.</summary>
    public static bool Matches(string ifMatch, string etag)
    {
        ArgumentNullException.ThrowIfNull(ifMatch);
        foreach (var part in ifMatch.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == "*" || string.Equals(part, etag, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }
}
