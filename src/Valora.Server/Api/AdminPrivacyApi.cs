using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Valora.Data;
using Valora.Data.Privacy;
using Valora.Server.Security;

namespace Valora.Server.Api;

/// <summary>
/// A data subject's GDPR requests, handled by an admin: everything held about one customer as one JSON document, and
/// erasure of every trace (<see cref="CustomerPrivacy"/>). Both are recorded in the audit log — the erasure without the
/// erased data.
/// </summary>
public static class AdminPrivacyApi
{
    public static RouteGroupBuilder MapAdminPrivacyApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/admin/privacy").WithTags("Administration").RequireAuthorization(Policies.ManageUsers);
        group.MapGet("/customers/{id:long}", Export)
            .WithName("ExportCustomerData")
            .WithSummary("Everything held about one customer (every table linked to them, every column) as one JSON document; the export is audited")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/customers/{id:long}", Erase)
            .WithName("EraseCustomer")
            .WithSummary("Erase every trace of one customer in one transaction (orders, interactions, tickets, surveys, referrals, tags, scores, campaign memberships; audit entries about them scrubbed); cannot be undone")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    static async Task<Results<ContentHttpResult, ProblemHttpResult>> Export(long id, ValoraDbContext db, TimeProvider time, ClaimsPrincipal user, HttpContext http, CancellationToken ct)
    {
        var export = await CustomerPrivacy.ExportAsync(db, id, user.Identity?.Name ?? "unknown", time.GetUtcNow().UtcDateTime, ct);
        if (export is null)
        {
            return NoSuchCustomer(id);
        }
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"customer-{id}.json\"";
        return TypedResults.Text(CustomerPrivacy.ToJson(export), "application/json");
    }

    static async Task<Results<Ok<CustomerPrivacy.ErasureReport>, ProblemHttpResult>> Erase(long id, ValoraDbContext db, TimeProvider time, ClaimsPrincipal user, CancellationToken ct) =>
        await CustomerPrivacy.EraseAsync(db, id, user.Identity?.Name ?? "unknown", time.GetUtcNow().UtcDateTime, ct) is { } report
            ? TypedResults.Ok(report)
            : NoSuchCustomer(id);

    static ProblemHttpResult NoSuchCustomer(long id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such customer", detail: $"id: there is no customer {id} (an erased customer is gone).");
}
