using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Valora.Data;
using Valora.Data.Security;
using Valora.Domain.Security;
using Valora.Server.Security;

namespace Valora.Server.Api;

/// <summary>API keys for integrations, managed by an admin: created (the key is in that response only), listed, revoked.</summary>
public static class AdminKeysApi
{
    public static RouteGroupBuilder MapAdminKeysApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/admin/keys").WithTags("Administration").RequireAuthorization(Policies.ManageUsers);
        group.MapGet("/", List)
            .WithName("GetApiKeys")
            .WithSummary("Every API key with its role and state (never the key itself)");
        group.MapPost("/", Create)
            .WithName("CreateApiKey")
            .WithSummary("Create an API key acting with one role; the key is shown in this response only")
            .ProducesValidationProblem();
        group.MapDelete("/{id:long}", Revoke)
            .WithName("RevokeApiKey")
            .WithSummary("Revoke an API key: it stops working at once")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    static async Task<Ok<List<ApiKeyResponse>>> List(ValoraDbContext db, CancellationToken ct) =>
        TypedResults.Ok((await ApiKeys.ListAsync(db, ct)).Select(ApiKeyResponse.From).ToList());

    static async Task<Results<Created<CreatedApiKeyResponse>, ValidationProblem>> Create(
        CreateApiKeyRequest request, ValoraDbContext db, TimeProvider time, ClaimsPrincipal user, CancellationToken ct)
    {
        if (!Roles.IsKnown(request.Role))
        {
            return Problems.BadInput("role", $"'{request.Role}' is not a role: use one of {string.Join(", ", Roles.All)}.");
        }
        if (string.IsNullOrWhiteSpace(request.Name))
        {
            return Problems.BadInput("name", "Give the key a name saying what it is for.");
        }
        var created = await ApiKeys.CreateAsync(db, request.Name, request.Role, user.Identity?.Name ?? "unknown",
            time.GetUtcNow().UtcDateTime, ct);
        var response = new CreatedApiKeyResponse(ApiKeyResponse.From(created.Key), created.Token);
        return TypedResults.Created($"/api/admin/keys/{created.Key.Id}", response);
    }

    static async Task<Results<NoContent, ProblemHttpResult>> Revoke(long id, ValoraDbContext db, TimeProvider time, CancellationToken ct) =>
        await ApiKeys.RevokeAsync(db, id, time.GetUtcNow().UtcDateTime, ct)
            ? TypedResults.NoContent()
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such API key");
}

/// <param name="Name">What the key is for, e.g. "nightly export".</param>
/// <param name="Role">The role it acts with: admin, analyst, sales, service or readonly.</param>
public sealed record CreateApiKeyRequest([property: Required, MaxLength(ApiKeys.MaxNameLength)] string Name, [property: Required] string Role);

/// <param name="Id">The key's id (for revoking).</param>
/// <param name="Prefix">The public part of the key (<c>vk_{prefix}_…</c>), to tell keys apart.</param>
/// <param name="Name">What it is for.</param>
/// <param name="Role">The role it acts with.</param>
/// <param name="CreatedAt">UTC.</param>
/// <param name="CreatedBy">The admin who created it.</param>
/// <param name="RevokedAt">UTC; null while it works.</param>
public sealed record ApiKeyResponse(long Id, string Prefix, string Name, string Role, DateTime CreatedAt, string CreatedBy, DateTime? RevokedAt)
{
    public static ApiKeyResponse From(ApiKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new ApiKeyResponse(key.Id, key.Prefix, key.Name, key.Role, key.CreatedAt, key.CreatedBy, key.RevokedAt);
    }
}

/// <param name="Key">The stored key.</param>
/// <param name="Token">The key to send as <c>X-Api-Key</c>: shown now and never again.</param>
public sealed record CreatedApiKeyResponse(ApiKeyResponse Key, string Token);
