using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Valora.Analytics.Matching;

namespace Valora.Data.Customers;

/// <summary>One side of a candidate pair as a person reviewing it sees it.</summary>
public sealed record DuplicateSide(long Id, string ExternalId, string? Name, string? Email, string? Phone);

/// <summary>
/// A candidate pair: the two customers (the lower id first), the combined score, each field's similarity (null where
/// one of them lacks the field) and the fields that matched (<c>name</c>, <c>email</c>, <c>phone</c>).
/// </summary>
public sealed record DuplicateCandidate(
    DuplicateSide First, DuplicateSide Second, double Score, double? NameSimilarity, double? EmailSimilarity, double? PhoneSimilarity,
    IReadOnlyList<string> MatchedFields);

/// <summary>
/// The best <see cref="Pairs"/> (at most the limit asked for) of <see cref="Found"/> pairs at or above
/// <see cref="Threshold"/> (with the one customer asked for, if any) among <see cref="Customers"/> customers, with what the search did: pairs compared,
/// blocks skipped as too large, and the time it took.
/// </summary>
public sealed record DuplicateCandidateList(
    double Threshold, int Customers, long Comparisons, int SkippedBlocks, int Found, IReadOnlyList<DuplicateCandidate> Pairs, TimeSpan Elapsed);

/// <summary>
/// Query: likely duplicate customers. Loads every customer's id, name, e-mail and phone (untracked, those columns
/// only), runs <see cref="DuplicateFinder"/> and returns the best pairs with both customers' fields for display.
/// </summary>
public static class DuplicateCandidates
{
    public const int DefaultLimit = 100;

    public const int MaxLimit = 1000;

    /// <param name="threshold">Least score, 0 to 1 (default <see cref="DuplicateOptions.DefaultThreshold"/>).</param>
    /// <param name="limit">Most pairs returned, 1 to <see cref="MaxLimit"/>.</param>
    /// <param name="customerId">Only the pairs with this customer on one side (null: all).</param>
    public static async Task<DuplicateCandidateList> FindAsync(ValoraDbContext db, double threshold = DuplicateOptions.DefaultThreshold,
        int limit = DefaultLimit, CancellationToken ct = default, long? customerId = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (threshold is < 0 or > 1 || double.IsNaN(threshold))
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "Threshold must be between 0 and 1.");
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxLimit);
        var clock = Stopwatch.StartNew();
        var rows = await db.Customers.AsNoTracking()
            .Select(c => new { c.Id, c.ExternalId, c.Name, c.Email, c.Phone })
            .ToListAsync(ct);
        var result = DuplicateFinder.Find([.. rows.Select(r => new MatchRecord(r.Id, r.Name, r.Email, r.Phone))], new DuplicateOptions { Threshold = threshold });
        var byId = rows.ToDictionary(r => r.Id, r => new DuplicateSide(r.Id, r.ExternalId, r.Name, r.Email, r.Phone));
        var matching = customerId is { } only ? [.. result.Pairs.Where(p => p.FirstId == only || p.SecondId == only)] : result.Pairs;
        var pairs = matching.Take(limit)
            .Select(p => new DuplicateCandidate(byId[p.FirstId], byId[p.SecondId], p.Score, p.NameSimilarity, p.EmailSimilarity, p.PhoneSimilarity, p.MatchedFields))
            .ToList();
        return new DuplicateCandidateList(threshold, rows.Count, result.Comparisons, result.SkippedBlocks, matching.Count, pairs, clock.Elapsed);
    }
}
