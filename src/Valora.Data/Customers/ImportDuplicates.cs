using Microsoft.EntityFrameworkCore;
using Valora.Analytics.Matching;

namespace Valora.Data.Customers;

/// <summary>What an import does with a new customer that looks like one already stored.</summary>
public enum OnDuplicate
{
    /// <summary>Nothing: the new customer stays (the default).</summary>
    Keep,

    /// <summary>List the new customers that look like stored ones; change nothing.</summary>
    Report,

    /// <summary>Merge each such new customer into the stored one it matches best (most complete values), recorded so it can be undone.</summary>
    Merge,
}

/// <summary>A new customer of an import, the stored customer it matches best, the pair's score and fields, and the merge when one was made.</summary>
public sealed record ImportDuplicate(DuplicateSide New, DuplicateSide Existing, double Score, IReadOnlyList<string> MatchedFields, long? MergeId);

/// <summary>
/// Use case: after a customer import, the customers it added (external ids not stored before) that match a customer
/// stored before at or above a threshold, each with its best match; with <see cref="OnDuplicate.Merge"/> each is
/// merged into that match by <see cref="MergeCustomers"/> (most complete values, recorded, undoable). Pairs of two new
/// customers are not resolved here: both came from the file, and <c>valora duplicates</c> lists them.
/// </summary>
public static class ImportDuplicates
{
    public static async Task<IReadOnlySet<string>> ExternalIdsAsync(ValoraDbContext db, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return (await db.Customers.AsNoTracking().Select(c => c.ExternalId).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
    }

    public static async Task<IReadOnlyList<ImportDuplicate>> ResolveAsync(ValoraDbContext db, IReadOnlySet<string> storedBefore, OnDuplicate action,
        double threshold, string actor, DateTime nowUtc, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(storedBefore);
        if (action == OnDuplicate.Keep)
        {
            return [];
        }
        var rows = await db.Customers.AsNoTracking().Select(c => new DuplicateSide(c.Id, c.ExternalId, c.Name, c.Email, c.Phone)).ToListAsync(ct);
        var byId = rows.ToDictionary(r => r.Id);
        var result = DuplicateFinder.Find([.. rows.Select(r => new MatchRecord(r.Id, r.Name, r.Email, r.Phone))], new DuplicateOptions { Threshold = threshold });
        bool IsNew(long id) => !storedBefore.Contains(byId[id].ExternalId);
        // Pairs come best first, so the first pair seen for a new customer is its best match.
        var best = new Dictionary<long, (DuplicatePair Pair, long Existing)>();
        foreach (var pair in result.Pairs)
        {
            var (first, second) = (IsNew(pair.FirstId), IsNew(pair.SecondId));
            if (first == second)
            {
                continue;
            }
            var (newId, existing) = first ? (pair.FirstId, pair.SecondId) : (pair.SecondId, pair.FirstId);
            best.TryAdd(newId, (pair, existing));
        }
        var found = new List<ImportDuplicate>();
        foreach (var (newId, (pair, existing)) in best.OrderBy(b => byId[b.Key].ExternalId, StringComparer.Ordinal))
        {
            long? mergeId = null;
            if (action == OnDuplicate.Merge)
            {
                var outcome = await MergeCustomers.MergeAsync(db, new MergeRequest(existing, newId), null, actor, nowUtc, ct);
                mergeId = outcome.Value?.Id ?? throw new InvalidOperationException($"Customer '{byId[newId].ExternalId}' could not be merged into '{byId[existing].ExternalId}': {outcome.Message}");
            }
            found.Add(new ImportDuplicate(byId[newId], byId[existing], pair.Score, pair.MatchedFields, mergeId));
        }
        return found;
    }
}
