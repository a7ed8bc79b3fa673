using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Valora.Analytics.Segments;
using Valora.Data;
using Valora.Data.Segments;
using Valora.Server.Jobs;
using Valora.Server.Security;

namespace Valora.Server.Api;

/// <summary>Rule-based segments: define (and so compute), list, read members, compare, recompute and delete.</summary>
public static class SegmentsApi
{
    /// <summary>Job kind.</summary>
    public const string RecomputeJob = "segments-recompute";

    /// <summary>Most members one page lists.</summary>
    public const int MaxPageSize = 1000;

    public static RouteGroupBuilder MapSegmentsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/segments").WithTags("Segments");
        var analyses = group.MapGroup("").RequireAuthorization(Policies.RunAnalyses);
        group.MapGet("/", List).WithName("ListSegments")
            .WithSummary("Every segment with its rule and, as of its latest run, its size, share, revenue of the last year, Σ CLV and mean churn risk");
        group.MapGet("/fields", Fields).WithName("GetSegmentFields")
            .WithSummary("The fields a segment rule may name, with their types");
        analyses.MapPost("/validate", Validate).WithName("ValidateSegmentRule")
            .WithSummary("Check a rule without saving it: the fields it reads, or a 400 naming the position and the reason")
            .ProducesValidationProblem();
        analyses.MapPut("/{name}", Save).WithName("SaveSegment")
            .WithSummary("Create or replace a segment (name, rule, description) and store its members as of a date (default: the day of the latest purchase)")
            .ProducesValidationProblem();
        analyses.MapPost("/recompute", Recompute).WithName("RecomputeSegments")
            .WithSummary("Start re-evaluating every segment's rule as of a date (history kept); returns the job");
        analyses.MapDelete("/{name}", Delete).WithName("DeleteSegment")
            .WithSummary("Delete a segment and its history")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/compare", Compare).WithName("CompareSegments")
            .WithSummary("How two segments' latest memberships overlap: in both, in one only, Jaccard")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{name}", History).WithName("GetSegment")
            .WithSummary("One segment's runs, newest first (its definitions and sizes over time)")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{name}/members", Members).WithName("GetSegmentMembers")
            .WithSummary("The customers of a segment's latest run, by id, a page at a time")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    static async Task<Ok<IReadOnlyList<SegmentView>>> List(ValoraDatabase database, CancellationToken ct) =>
        TypedResults.Ok(await new CustomerSegments(database).ListAsync(ct));

    static Ok<IReadOnlyList<SegmentFieldView>> Fields() =>
        TypedResults.Ok<IReadOnlyList<SegmentFieldView>>([.. SegmentFields.All.OrderBy(f => f.Key, StringComparer.Ordinal)
            .Select(f => new SegmentFieldView(f.Key, f.Value.ToString().ToLowerInvariant()))]);

    static Results<Ok<SegmentRuleCheck>, ValidationProblem> Validate(SegmentRuleBody body)
    {
        try
        {
            return TypedResults.Ok(new SegmentRuleCheck(CustomerSegments.Parse(body.Rule ?? "").Fields));
        }
        catch (SegmentRuleException ex)
        {
            return Problems.BadInput("rule", ex.Message);
        }
    }

    static async Task<Results<Ok<SegmentView>, ValidationProblem>> Save(
        [Description("The segment's name: letters, digits, spaces, '-', '_', '.'; at most 56 characters.")] string name,
        SegmentSaveBody body, ValoraDatabase database, CancellationToken ct)
    {
        if (CustomerSegments.CheckName(name) is { } badName)
        {
            return Problems.BadInput(nameof(name), badName);
        }
        if (body.Description is { Length: > 500 })
        {
            return Problems.BadInput("description", "A description has at most 500 characters.");
        }
        try
        {
            return TypedResults.Ok(await new CustomerSegments(database).SaveAsync(name, body.Rule ?? "", body.Description, body.AsOf, ct));
        }
        catch (SegmentRuleException ex)
        {
            return Problems.BadInput("rule", ex.Message);
        }
    }

    static Accepted<JobStatus> Recompute(SegmentRecomputeBody? body, ValoraDatabase database, JobQueue jobs) =>
        JobsApi.Accepted(jobs.Enqueue(RecomputeJob, async (progress, ct) =>
        {
            progress.Report("evaluating every segment");
            var segments = await new CustomerSegments(database).RecomputeAllAsync(body?.AsOf, ct);
            return new SegmentRecomputeResult(segments.Count, segments);
        }));

    static async Task<Results<NoContent, ProblemHttpResult>> Delete(string name, ValoraDatabase database, CancellationToken ct) =>
        await new CustomerSegments(database).DeleteAsync(name, ct) ? TypedResults.NoContent() : NotFound(name);

    static async Task<Results<Ok<SegmentOverlap>, ProblemHttpResult>> Compare(string a, string b, ValoraDatabase database, CancellationToken ct) =>
        await new CustomerSegments(database).CompareAsync(a, b, ct) is { } overlap
            ? TypedResults.Ok(overlap)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Segment not found",
                detail: $"Both segments must exist: '{a}', '{b}' (GET /api/segments lists them).");

    static async Task<Results<Ok<IReadOnlyList<SegmentView>>, ProblemHttpResult>> History(string name, ValoraDatabase database, CancellationToken ct)
    {
        var history = await new CustomerSegments(database).HistoryAsync(name, ct);
        return history.Count == 0 ? NotFound(name) : TypedResults.Ok(history);
    }

    static async Task<Results<Ok<SegmentMembersPage>, ValidationProblem, ProblemHttpResult>> Members(string name, ValoraDatabase database, ValoraDbContext db,
        System.Security.Claims.ClaimsPrincipal user, CancellationToken ct, int page = 1, int pageSize = 100)
    {
        if (page < 1)
        {
            return Problems.BadInput(nameof(page), "page must be ≥ 1.");
        }
        if (pageSize is < 1 or > MaxPageSize)
        {
            return Problems.BadInput(nameof(pageSize), $"pageSize must be between 1 and {MaxPageSize}.");
        }
        var ids = await new CustomerSegments(database).MembersAsync(name, ct);
        if (ids is null)
        {
            return NotFound(name);
        }
        var slice = ids.Skip((page - 1) * pageSize).Take(pageSize).ToArray();
        var customers = await db.Customers.AsNoTracking().Where(c => slice.Contains(c.Id)).OrderBy(c => c.Id)
            .Select(c => new SegmentMember(c.Id, c.ExternalId, c.Name, c.Email)).ToListAsync(ct);
        customers = [.. customers.Select(c => c.MaskFor(user))];
        return TypedResults.Ok(new SegmentMembersPage(name, ids.Count, page, pageSize, customers));
    }

    static ProblemHttpResult NotFound(string name) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Segment not found",
            detail: $"There is no segment '{name}' (GET /api/segments lists them).");
}

/// <summary>A rule to check.</summary>
public sealed record SegmentRuleBody(string? Rule);

/// <summary>A segment definition.</summary>
/// <param name="Rule">The rule, e.g. <c>days_since_last_purchase &gt; 90 and clv &gt; 500</c> (GET /api/segments/fields lists the fields).</param>
/// <param name="Description">What it is for (at most 500 characters).</param>
/// <param name="AsOf">Members as of this day (default: the day of the latest purchase).</param>
public sealed record SegmentSaveBody(string? Rule, string? Description = null, DateOnly? AsOf = null);

/// <summary>Recompute request.</summary>
public sealed record SegmentRecomputeBody(DateOnly? AsOf = null);

/// <summary>What a recompute produced.</summary>
public sealed record SegmentRecomputeResult(int Segments, IReadOnlyList<SegmentView> Results);

/// <summary>A rule that parses: the fields it reads.</summary>
public sealed record SegmentRuleCheck(IReadOnlyList<string> Fields);

/// <summary>A field a rule may name: number, text, textset (tags) or boolean.</summary>
public sealed record SegmentFieldView(string Field, string Type);

/// <summary>A page of a segment's members.</summary>
public sealed record SegmentMembersPage(string Segment, int Total, int Page, int PageSize, IReadOnlyList<SegmentMember> Customers);

/// <summary>One member.</summary>
public sealed record SegmentMember(long Id, string ExternalId, string? Name, string? Email);
