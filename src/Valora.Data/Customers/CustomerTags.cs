using Microsoft.EntityFrameworkCore;
using Valora.Data.Records;
using Valora.Domain.Customers;

namespace Valora.Data.Customers;

/// <summary>
/// Use case: a customer's tags (manual classification). Tag names are trimmed and lower case, 1–64 letters, digits,
/// spaces, <c>-</c>, <c>_</c> or <c>:</c>; adding a tag the customer has, or removing one it has not, changes nothing
/// (both are idempotent). A tag no customer uses any more is kept as a name for the next one.
/// </summary>
public static class CustomerTags
{
    public const int MaxLength = 64;
    public const int MaxPerRequest = 50;

    public sealed record TagList(long CustomerId, IReadOnlyList<string> Tags);

    /// <summary>The normalised tag name, or a <see cref="RecordValidationException"/> naming <paramref name="field"/>.</summary>
    public static string Normalise(string? tag, string field = "tag")
    {
        var name = tag?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(name) || name.Length > MaxLength
            || name.Any(c => !char.IsLetterOrDigit(c) && c is not ' ' and not '-' and not '_' and not ':'))
        {
            throw new RecordValidationException(field, $"must be 1 to {MaxLength} letters, digits, spaces, '-', '_' or ':'.");
        }
        return name;
    }

    public static async Task<TagList?> ListAsync(ValoraDbContext db, long customerId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (!await db.Customers.AnyAsync(c => c.Id == customerId, ct))
        {
            return null;
        }
        var names = await db.CustomerTags.AsNoTracking().Where(t => t.CustomerId == customerId)
            .Join(db.Tags, ct2 => ct2.TagId, t => t.Id, (_, t) => t.Name).ToListAsync(ct);
        return new TagList(customerId, [.. names.Order(StringComparer.Ordinal)]);
    }

    public static async Task<WriteOutcome<TagList>> AddAsync(ValoraDbContext db, long customerId, IReadOnlyList<string?> tags, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(tags);
        if (tags.Count is 0 or > MaxPerRequest)
        {
            throw new RecordValidationException("tags", $"must list 1 to {MaxPerRequest} tags.");
        }
        var names = tags.Select((t, i) => Normalise(t, $"tags[{i}]")).Distinct(StringComparer.Ordinal).ToList();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (!await db.Customers.AnyAsync(c => c.Id == customerId, ct))
        {
            return WriteOutcome<TagList>.Refused(WriteStatus.NotFound, $"There is no customer with id {customerId}.");
        }
        // Tags imported before names were normalised may be in another case: they are the same tag.
#pragma warning disable CA1304, CA1311 // ToLower() is translated to SQL lower()
        var known = await db.Tags.Where(t => names.Contains(t.Name.ToLower())).ToListAsync(ct);
#pragma warning restore CA1304, CA1311
        foreach (var name in names.Where(n => !known.Any(k => string.Equals(k.Name.ToLowerInvariant(), n, StringComparison.Ordinal))))
        {
            var tag = new Tag { Name = name };
            db.Tags.Add(tag);
            known.Add(tag);
        }
        await db.SaveChangesAsync(ct);
        var ids = known.Select(k => k.Id).ToList();
        var has = await db.CustomerTags.Where(t => t.CustomerId == customerId && ids.Contains(t.TagId)).Select(t => t.TagId).ToListAsync(ct);
        db.CustomerTags.AddRange(ids.Except(has).Select(tagId => new CustomerTag { CustomerId = customerId, TagId = tagId }));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return WriteOutcome<TagList>.Done((await ListAsync(db, customerId, ct))!);
    }

    public static async Task<WriteOutcome<TagList>> RemoveAsync(ValoraDbContext db, long customerId, string? tag, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var name = Normalise(tag);
        if (!await db.Customers.AnyAsync(c => c.Id == customerId, ct))
        {
            return WriteOutcome<TagList>.Refused(WriteStatus.NotFound, $"There is no customer with id {customerId}.");
        }
        var link = await db.CustomerTags.Where(t => t.CustomerId == customerId)
#pragma warning disable CA1304, CA1311 // ToLower() is translated to SQL lower()
            .Join(db.Tags.Where(t => t.Name.ToLower() == name), l => l.TagId, t => t.Id, (l, _) => l).ToListAsync(ct);
#pragma warning restore CA1304, CA1311
        if (link.Count > 0)
        {
            db.CustomerTags.RemoveRange(link);
            await db.SaveChangesAsync(ct);
        }
        return WriteOutcome<TagList>.Done((await ListAsync(db, customerId, ct))!);
    }
}
