using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Valora.Analytics.Matching;
using Valora.Data;
using Valora.Data.Customers;
using Valora.Domain.Security;
using Valora.Server.Security;

namespace Valora.Server.Api;

/// <summary>One side of a candidate pair (name, e-mail and phone masked for roles that may not see personal data).</summary>
public sealed record DuplicateSideResponse(long Id, string ExternalId, string? Name, string? Email, string? Phone);

/// <summary>A candidate pair with its score, each field's similarity (null where one lacks it) and the fields that matched.</summary>
public sealed record DuplicatePairResponse(
    DuplicateSideResponse First, DuplicateSideResponse Second, double Score, double? NameSimilarity, double? EmailSimilarity, double? PhoneSimilarity,
    IReadOnlyList<string> MatchedFields);

/// <summary>The best pairs at or above the threshold and what the search did.</summary>
/// <param name="Found">Pairs at or above the threshold in all (<see cref="Pairs"/> holds at most the limit).</param>
/// <param name="Comparisons">Pairs scored (blocking keeps this far below n(n − 1)/2).</param>
/// <param name="SkippedBlocks">Blocks sharing one key too widely to compare pair by pair.</param>
public sealed record DuplicatesResponse(
    double Threshold, int Customers, long Comparisons, int SkippedBlocks, int Found, IReadOnlyList<DuplicatePairResponse> Pairs, double ElapsedMs);

/// <summary>Duplicate customers: candidate pairs by exact and fuzzy match on normalised name, e-mail and phone.</summary>
public static class DuplicatesApi
{
    public static RouteGroupBuilder MapDuplicatesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/customers").WithTags("Duplicates");
        group.MapGet("/duplicates", GetDuplicates)
            .WithName("GetDuplicateCustomers")
            .WithSummary("Likely duplicate customers, best first: pairs sharing a normalised e-mail, phone (last nine digits) or name sound, scored by Jaro-Winkler name similarity and equal e-mail/phone, with the fields that matched")
            .ProducesValidationProblem();
        return group;
    }

    static async Task<Results<Ok<DuplicatesResponse>, ValidationProblem>> GetDuplicates(
        ValoraDbContext db,
        ClaimsPrincipal user,
        CancellationToken ct,
        [Description("Least score of a pair, 0 to 1 (default 0.75)."), Range(0.0, 1.0)] double threshold = DuplicateOptions.DefaultThreshold,
        [Description("Most pairs returned, 1 to 1000 (default 100)."), Range(1, DuplicateCandidates.MaxLimit)] int limit = DuplicateCandidates.DefaultLimit)
    {
        if (double.IsNaN(threshold) || threshold is < 0 or > 1)
        {
            return Problems.BadInput("threshold", "must be between 0 and 1.");
        }
        var list = await DuplicateCandidates.FindAsync(db, threshold, limit, ct);
        var see = user.MaySeePersonalData();
        return TypedResults.Ok(new DuplicatesResponse(list.Threshold, list.Customers, list.Comparisons, list.SkippedBlocks, list.Found,
            [.. list.Pairs.Select(p => new DuplicatePairResponse(Side(p.First, see), Side(p.Second, see), p.Score, p.NameSimilarity, p.EmailSimilarity,
                p.PhoneSimilarity, p.MatchedFields))],
            list.Elapsed.TotalMilliseconds));
    }

    static DuplicateSideResponse Side(DuplicateSide s, bool see) => see
        ? new(s.Id, s.ExternalId, s.Name, s.Email, s.Phone)
        : new(s.Id, s.ExternalId, PersonalData.MaskName(s.Name), PersonalData.MaskEmail(s.Email), PersonalData.MaskPhone(s.Phone));
}
