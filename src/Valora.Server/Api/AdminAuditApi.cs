using System.ComponentModel;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Valora.Data;
using Valora.Data.Security;
using Valora.Server.Security;

namespace Valora.Server.Api;

/// <summary>The audit log, read by an admin. There is no endpoint that writes, changes or deletes it.</summary>
public static class AdminAuditApi
{
    public static RouteGroupBuilder MapAdminAuditApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/admin/audit").WithTags("Administration").RequireAuthorization(Policies.ManageUsers);
        group.MapGet("/", Get)
            .WithName("GetAuditLog")
            .WithSummary("Audit entries newest first: who, when, what (insert, update, delete, sign-in…), which record, each changed field before → after")
            .ProducesValidationProblem();
        return group;
    }

    static async Task<Results<Ok<List<AuditEntryResponse>>, ValidationProblem>> Get(
        ValoraDbContext db, CancellationToken ct,
        [Description("Only this actor (user name, apikey:<name>, system).")] string? actor = null,
        [Description("Only this table, e.g. Customers.")] string? entity = null,
        [Description("Only this record key (with entity).")] string? entityId = null,
        [Description("Page, from 1.")] int page = 1,
        [Description("Entries per page, 1 to 500.")] int pageSize = 100)
    {
        if (page < 1)
        {
            return Problems.BadInput(nameof(page), "page starts at 1.");
        }
        if (pageSize is < 1 or > 500)
        {
            return Problems.BadInput(nameof(pageSize), "pageSize must be 1 to 500.");
        }
        var entries = await AuditLog.QueryAsync(db, actor, entity, entityId, (page - 1) * pageSize, pageSize, ct);
        return TypedResults.Ok(entries.Select(e => new AuditEntryResponse(e.Id, e.At, e.Actor, e.Action, e.Entity, e.EntityId,
            JsonSerializer.Deserialize<JsonElement>(e.ChangesJson))).ToList());
    }
}

/// <param name="Id">Entry id (increasing).</param>
/// <param name="At">UTC.</param>
/// <param name="Actor">User name, apikey:&lt;name&gt; or system.</param>
/// <param name="Action">insert, update, delete, signin, signin-failed, signin-locked, signout.</param>
/// <param name="Entity">Table.</param>
/// <param name="EntityId">Record key.</param>
/// <param name="Changes">{ field: [before, after] } (secrets as ***).</param>
public sealed record AuditEntryResponse(long Id, DateTime At, string Actor, string Action, string Entity, string EntityId, JsonElement Changes);
