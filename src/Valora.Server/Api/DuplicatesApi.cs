using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Valora.Analytics.Matching;
using Valora.Data;
using Valora.Data.Customers;
using Valora.Data.Records;
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

/// <summary>
/// A merge request: <c>survivorId</c> keeps its id and external id and receives everything of <c>mergedId</c>, which is
/// deleted. <c>rule</c> chooses every field (default mostComplete); <c>fields</c> overrides it per field by name.
/// </summary>
/// <param name="Rule">mostComplete (the non-empty value, the survivor's when both have one), mostRecent (the value of the
/// customer whose last order, interaction or ticket is later, when it has one), survivor or merged (chosen).</param>
/// <param name="Fields">Per field (name, email, phone, birthDate, gender, income, city, region, country, signupDate,
/// acquisitionChannel, acquisitionCost, emailConsent, smsConsent, phoneConsent): one of the rules.</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record MergeBody(long? SurvivorId = null, long? MergedId = null, string? Rule = null, IReadOnlyDictionary<string, string>? Fields = null);

/// <summary>
/// Duplicate customers: candidate pairs by exact and fuzzy match on normalised name, e-mail and phone; a merge preview,
/// the merge itself (recorded), the recorded merges, and undo.
/// </summary>
public static class DuplicatesApi
{
    public static RouteGroupBuilder MapDuplicatesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/customers").WithTags("Duplicates");
        group.MapGet("/duplicates", GetDuplicates)
            .WithName("GetDuplicateCustomers")
            .WithSummary("Likely duplicate customers, best first: pairs sharing a normalised e-mail, phone (last nine digits) or name sound, scored by Jaro-Winkler name similarity and equal e-mail/phone, with the fields that matched")
            .ProducesValidationProblem();
        group.MapPost("/merge/preview", Preview)
            .WithName("PreviewCustomerMerge")
            .WithSummary("What merging mergedId into survivorId would do: per field both values, the rule and the winner (mostComplete: the non-empty value, the survivor's when both have one; mostRecent: Customer has no updated-at, so the value of the customer whose latest order, interaction or ticket is later, when it has one; survivor/merged: chosen), and per related table the rows that would move and the duplicates (a tag, campaign, score run or referral both have; a referral between the two) that would be dropped")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapPost("/merge", Merge)
            .WithName("MergeCustomers")
            .WithSummary("Merge mergedId into survivorId in one transaction: the winning field values (as the preview shows) go to the survivor, every row referencing the merged customer moves to it (duplicates dropped), the merge is recorded for undo and the merged customer deleted; with an Idempotency-Key a repeat returns the first result (another body: 409)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/merges", GetMerges)
            .WithName("GetCustomerMerges")
            .WithSummary("Recorded merges, newest first (undone ones too), with the rows moved and dropped per table")
            .ProducesValidationProblem();
        group.MapGet("/merges/{id:long}", GetMerge)
            .WithName("GetCustomerMerge")
            .WithSummary("One recorded merge")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/merges/{id:long}/undo", Undo)
            .WithName("UndoCustomerMerge")
            .WithSummary("Undo a merge: the merged customer comes back with its id, exactly the recorded rows move back, dropped duplicates return, the survivor's fields are restored (a field changed since is kept); a second undo is 409")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return group;
    }

    static async Task<Results<Ok<DuplicatesResponse>, ValidationProblem>> GetDuplicates(
        ValoraDbContext db,
        ClaimsPrincipal user,
        CancellationToken ct,
        [Description("Least score of a pair, 0 to 1 (default 0.75)."), Range(0.0, 1.0)] double threshold = DuplicateOptions.DefaultThreshold,
        [Description("Most pairs returned, 1 to 1000 (default 100)."), Range(1, DuplicateCandidates.MaxLimit)] int limit = DuplicateCandidates.DefaultLimit,
        [Description("Only the pairs with this customer on one side.")] long? customerId = null)
    {
        if (double.IsNaN(threshold) || threshold is < 0 or > 1)
        {
            return Problems.BadInput("threshold", "must be between 0 and 1.");
        }
        var list = await DuplicateCandidates.FindAsync(db, threshold, limit, ct, customerId);
        var see = user.MaySeePersonalData();
        return TypedResults.Ok(new DuplicatesResponse(list.Threshold, list.Customers, list.Comparisons, list.SkippedBlocks, list.Found,
            [.. list.Pairs.Select(p => new DuplicatePairResponse(Side(p.First, see), Side(p.Second, see), p.Score, p.NameSimilarity, p.EmailSimilarity,
                p.PhoneSimilarity, p.MatchedFields))],
            list.Elapsed.TotalMilliseconds));
    }

    static async Task<Results<Ok<MergePreview>, ValidationProblem, ProblemHttpResult>> Preview(MergeBody body, ValoraDbContext db, CancellationToken ct)
    {
        try
        {
            var outcome = await MergeCustomers.PreviewAsync(db, Request(body), ct);
            return outcome.Value is { } preview ? TypedResults.Ok(preview) : RecordProblems.Refused(outcome, "Customer");
        }
        catch (RecordValidationException ex)
        {
            return RecordProblems.Invalid(ex);
        }
    }

    static async Task<Results<Created<MergeSummary>, ValidationProblem, ProblemHttpResult>> Merge(
        MergeBody body,
        ValoraDbContext db,
        TimeProvider time,
        ClaimsPrincipal user,
        HttpResponse response,
        CancellationToken ct,
        [FromHeader(Name = "Idempotency-Key"), Description("A key of your choice (1–200 visible ASCII characters) that makes a retry safe.")]
        string? idempotencyKey = null)
    {
        try
        {
            var outcome = await MergeCustomers.MergeAsync(db, Request(body), idempotencyKey, Actor(user), time.GetUtcNow().UtcDateTime, ct);
            if (outcome.Value is not { } merge)
            {
                return RecordProblems.Refused(outcome, "Customer");
            }
            if (outcome.Status == WriteStatus.Replayed)
            {
                response.Headers["Idempotent-Replayed"] = "true";
            }
            return TypedResults.Created($"/api/customers/merges/{merge.Id}", merge);
        }
        catch (RecordValidationException ex)
        {
            return RecordProblems.Invalid(ex);
        }
    }

    static async Task<Ok<IReadOnlyList<MergeSummary>>> GetMerges(
        ValoraDbContext db, ClaimsPrincipal user, CancellationToken ct,
        [Description("Most merges listed, 1 to 500 (default 50)."), Range(1, MergeCustomers.MaxListed)] int limit = 50)
    {
        var merges = await MergeCustomers.ListAsync(db, limit, ct);
        return TypedResults.Ok<IReadOnlyList<MergeSummary>>([.. merges.Select(m => Masked(m, user))]);
    }

    static async Task<Results<Ok<MergeSummary>, ProblemHttpResult>> GetMerge(long id, ValoraDbContext db, ClaimsPrincipal user, CancellationToken ct) =>
        await MergeCustomers.GetAsync(db, id, ct) is { } merge ? TypedResults.Ok(Masked(merge, user)) : RecordProblems.NotFound("Merge", id);

    static async Task<Results<Ok<MergeUndo>, ProblemHttpResult>> Undo(long id, ValoraDbContext db, TimeProvider time, ClaimsPrincipal user, CancellationToken ct)
    {
        var outcome = await MergeCustomers.UndoAsync(db, id, Actor(user), time.GetUtcNow().UtcDateTime, ct);
        return outcome.Value is { } undo ? TypedResults.Ok(undo) : RecordProblems.Refused(outcome, "Merge");
    }

    static MergeRequest Request(MergeBody body)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (body.SurvivorId is null)
        {
            errors["survivorId"] = ["is required: the id of the customer that stays."];
        }
        if (body.MergedId is null)
        {
            errors["mergedId"] = ["is required: the id of the customer merged into the survivor and deleted."];
        }
        MergeRequest? request = null;
        try
        {
            request = MergeRules.Request(body.SurvivorId ?? 0, body.MergedId ?? 0, body.Rule, body.Fields);
        }
        catch (RecordValidationException ex)
        {
            foreach (var (field, messages) in ex.Errors)
            {
                errors[field] = messages;
            }
        }
        return errors.Count > 0 ? throw new RecordValidationException(errors) : request!;
    }

    static MergeSummary Masked(MergeSummary m, ClaimsPrincipal user) => user.MaySeePersonalData() ? m : m with { MergedName = PersonalData.MaskName(m.MergedName) };

    static string Actor(ClaimsPrincipal user) => user.Identity?.Name ?? "unknown";

    static DuplicateSideResponse Side(DuplicateSide s, bool see) => see
        ? new(s.Id, s.ExternalId, s.Name, s.Email, s.Phone)
        : new(s.Id, s.ExternalId, PersonalData.MaskName(s.Name), PersonalData.MaskEmail(s.Email), PersonalData.MaskPhone(s.Phone));
}
