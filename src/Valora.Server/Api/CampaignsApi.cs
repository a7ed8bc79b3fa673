using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Valora.Data;
using Valora.Data.Analysis;
using Valora.Data.Campaigns;
using Valora.Data.Records;
using Valora.Domain.Security;
using Valora.Server.Security;

namespace Valora.Server.Api;

/// <summary>
/// Campaigns: plan one with a random control group held out (seeded, recorded), record sends, responses and
/// conversions, attribute purchases in a window to both groups, and measure the results against the control group.
/// </summary>
public static class CampaignsApi
{
    public static RouteGroupBuilder MapCampaignsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/campaigns").WithTags("Campaigns");
        group.MapGet("/", GetCampaigns)
            .WithName("GetCampaigns")
            .WithSummary("Every campaign with its contacted and control member counts, newest first");
        group.MapGet("/{id}/results", GetResults)
            .WithName("GetCampaignResults")
            .WithSummary("Response, conversion and revenue per member against the control group: uplift with 95 % intervals and p-values, incremental conversions and revenue, cost per conversion, ROI")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapPost("/", Plan)
            .WithName("PlanCampaign")
            .WithSummary("Plan a campaign: the target (a stored segment or a rule), channel (customers without consent to e-mail, SMS or phone are left out), budget, dates and a random control group of the given share (default 0.1) drawn with a recorded seed (Idempotency-Key optional)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/{id}/members", Members)
            .WithName("GetCampaignMembers")
            .WithSummary("A campaign's members by customer id, contacted or control, with sends, responses, conversions and revenue")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id}/outcomes", Outcomes)
            .WithName("RecordCampaignOutcomes")
            .WithSummary("Record sends, responses, conversions and revenue of members in a batch: good items are applied, each bad one is reported by its index, field and rule")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGroup("").RequireAuthorization(Policies.RunAnalyses).MapPost("/{id}/attribute", Attribute)
            .WithName("AttributeCampaign")
            .WithSummary("Credit each member, contacted and control alike, with their purchases in the window from the start day (default 30 days): the first is the conversion, the sum the revenue; a re-run replaces")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return group;
    }

    /// <summary>The window of an attribution, in days from the campaign's start day.</summary>
    [JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
    public sealed record AttributeBody([property: Range(1, AttributeCampaign.MaxWindowDays)] int WindowDays = AttributeCampaign.DefaultWindowDays);

    /// <summary>A batch of member outcomes (at most 10,000).</summary>
    [JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
    public sealed record OutcomesBody(IReadOnlyList<MemberOutcomeInput> Items);

    static async Task<Results<Created<PlannedCampaign>, ValidationProblem, ProblemHttpResult>> Plan(
        CampaignPlan campaign, ValoraDatabase database, TimeProvider time, CancellationToken ct,
        [FromHeader(Name = "Idempotency-Key"), Description("A key of your choice (1–200 visible ASCII characters) that makes a retry safe.")]
        string? idempotencyKey = null)
    {
        try
        {
            var outcome = await new PlanCampaign(database).RunAsync(campaign, idempotencyKey, time.GetUtcNow().UtcDateTime, ct);
            return outcome.Value is { } planned
                ? TypedResults.Created($"/api/campaigns/{planned.Id}/results", planned)
                : RecordProblems.Refused(outcome, "Segment");
        }
        catch (RecordValidationException ex)
        {
            return RecordProblems.Invalid(ex);
        }
    }

    static async Task<Results<Ok<IReadOnlyList<CampaignMemberView>>, ValidationProblem, ProblemHttpResult>> Members(
        ValoraDatabase database, ClaimsPrincipal user, CancellationToken ct, [Description("The campaign's id.")] string id,
        [Description("contacted or control (default both).")] string? group = null,
        [Description("At most this many, 1 to 1000 (default 100)."), Range(1, CampaignOutcomes.MaxMembersListed)] int limit = 100)
    {
        if (group is not (null or "control" or "contacted"))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>(StringComparer.Ordinal) { ["group"] = ["must be contacted or control."] });
        }
        bool? control = group is null ? null : group == "control";
        var members = await new CampaignOutcomes(database).MembersAsync(id, control, limit, ct);
        if (members is null)
        {
            return NoCampaign(id);
        }
        return TypedResults.Ok<IReadOnlyList<CampaignMemberView>>(user.MaySeePersonalData()
            ? members
            : [.. members.Select(m => m with { Name = PersonalData.MaskName(m.Name) })]);
    }

    static async Task<Results<Ok<OutcomesRecorded>, ValidationProblem, ProblemHttpResult>> Outcomes(
        OutcomesBody body, ValoraDatabase database, CancellationToken ct, [Description("The campaign's id.")] string id)
    {
        if (body.Items is null || body.Items.Count is 0 or > CampaignOutcomes.MaxBatch)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>(StringComparer.Ordinal)
            {
                ["items"] = [$"must hold 1 to {CampaignOutcomes.MaxBatch} outcomes."],
            });
        }
        return await new CampaignOutcomes(database).RecordAsync(id, body.Items, ct) is { } recorded ? TypedResults.Ok(recorded) : NoCampaign(id);
    }

    static async Task<Results<Ok<CampaignAttribution>, ValidationProblem, ProblemHttpResult>> Attribute(
        AttributeBody body, ValoraDatabase database, CancellationToken ct, [Description("The campaign's id.")] string id)
    {
        if (body.WindowDays is < 1 or > AttributeCampaign.MaxWindowDays)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>(StringComparer.Ordinal)
            {
                ["windowDays"] = [$"must be between 1 and {AttributeCampaign.MaxWindowDays}."],
            });
        }
        try
        {
            return await new AttributeCampaign(database).RunAsync(id, body.WindowDays, ct) is { } attributed ? TypedResults.Ok(attributed) : NoCampaign(id);
        }
        catch (NotAnalysableException ex)
        {
            return Problems.NotAnalysable(ex);
        }
    }

    static ProblemHttpResult NoCampaign(string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"There is no campaign '{id}'.");

    static async Task<Ok<IReadOnlyList<CampaignSummary>>> GetCampaigns(ValoraDatabase database, CancellationToken ct) =>
        TypedResults.Ok(await new CampaignResults(database).ListAsync(ct));

    static async Task<Results<Ok<CampaignReport>, ProblemHttpResult>> GetResults(
        ValoraDatabase database, CancellationToken ct, [Description("The campaign's external id.")] string id)
    {
        try
        {
            return await new CampaignResults(database).ResultsAsync(id, ct) is { } report
                ? TypedResults.Ok(report)
                : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"There is no campaign '{id}'.");
        }
        catch (NotAnalysableException ex)
        {
            return Problems.NotAnalysable(ex);
        }
    }
}
