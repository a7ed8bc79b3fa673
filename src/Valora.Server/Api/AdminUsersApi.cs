using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Valora.Domain.Security;
using Valora.Server.Security;

namespace Valora.Server.Api;

/// <summary>Dashboard users, managed by an admin: list, create with one role, change the role, unlock, delete.</summary>
public static class AdminUsersApi
{
    public static RouteGroupBuilder MapAdminUsersApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/admin/users").WithTags("Administration").RequireAuthorization(Policies.ManageUsers);
        group.MapGet("/", List)
            .WithName("GetUsers")
            .WithSummary("Every user with their role and whether they are locked out");
        group.MapPost("/", Create)
            .WithName("CreateUser")
            .WithSummary("Create a user with a password (12 characters or more) and one role")
            .ProducesValidationProblem();
        group.MapPut("/{id}/role", SetRole)
            .WithName("SetUserRole")
            .WithSummary("Give a user another role (the last admin keeps theirs)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id}/unlock", Unlock)
            .WithName("UnlockUser")
            .WithSummary("End a lockout after repeated failed sign-ins")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/{id}", Delete)
            .WithName("DeleteUser")
            .WithSummary("Delete a user (never oneself or the last admin)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    static async Task<Ok<List<UserResponse>>> List(UserManager<IdentityUser> users, CancellationToken ct)
    {
        var all = await users.Users.OrderBy(u => u.UserName).ToListAsync(ct);
        var result = new List<UserResponse>(all.Count);
        foreach (var user in all)
        {
            result.Add(await DescribeAsync(users, user));
        }
        return TypedResults.Ok(result);
    }

    static async Task<Results<Created<UserResponse>, ValidationProblem>> Create(CreateUserRequest request, UserManager<IdentityUser> users)
    {
        if (!Roles.IsKnown(request.Role))
        {
            return Problems.BadInput("role", RoleMessage(request.Role));
        }
        if (string.IsNullOrWhiteSpace(request.UserName))
        {
            return Problems.BadInput("userName", "Give a user name.");
        }
        var user = new IdentityUser(request.UserName.Trim());
        var created = await users.CreateAsync(user, request.Password ?? "");
        if (!created.Succeeded)
        {
            return IdentityProblem(created);
        }
        var role = await users.AddToRoleAsync(user, request.Role);
        if (!role.Succeeded)
        {
            return IdentityProblem(role);
        }
        return TypedResults.Created($"/api/admin/users/{user.Id}", await DescribeAsync(users, user));
    }

    static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> SetRole(
        string id, SetRoleRequest request, UserManager<IdentityUser> users)
    {
        if (!Roles.IsKnown(request.Role))
        {
            return Problems.BadInput("role", RoleMessage(request.Role));
        }
        if (await users.FindByIdAsync(id) is not { } user)
        {
            return NoSuchUser();
        }
        var current = await users.GetRolesAsync(user);
        if (current.Contains(Roles.Admin) && request.Role != Roles.Admin && await IsLastAdminAsync(users))
        {
            return Problems.BadInput("role", "This is the last admin: make another user admin first.");
        }
        var removed = await users.RemoveFromRolesAsync(user, current);
        var added = removed.Succeeded ? await users.AddToRoleAsync(user, request.Role) : removed;
        if (!added.Succeeded)
        {
            return IdentityProblem(added);
        }
        // Existing cookies carry the old role until the security stamp changes.
        await users.UpdateSecurityStampAsync(user);
        return TypedResults.NoContent();
    }

    static async Task<Results<NoContent, ProblemHttpResult>> Unlock(string id, UserManager<IdentityUser> users)
    {
        if (await users.FindByIdAsync(id) is not { } user)
        {
            return NoSuchUser();
        }
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        return TypedResults.NoContent();
    }

    static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> Delete(
        string id, ClaimsPrincipal caller, UserManager<IdentityUser> users)
    {
        if (await users.FindByIdAsync(id) is not { } user)
        {
            return NoSuchUser();
        }
        if (string.Equals(users.GetUserId(caller), user.Id, StringComparison.Ordinal))
        {
            return Problems.BadInput("id", "You cannot delete your own account.");
        }
        if (await users.IsInRoleAsync(user, Roles.Admin) && await IsLastAdminAsync(users))
        {
            return Problems.BadInput("id", "This is the last admin: make another user admin first.");
        }
        await users.DeleteAsync(user);
        return TypedResults.NoContent();
    }

    static async Task<bool> IsLastAdminAsync(UserManager<IdentityUser> users) => (await users.GetUsersInRoleAsync(Roles.Admin)).Count <= 1;

    static async Task<UserResponse> DescribeAsync(UserManager<IdentityUser> users, IdentityUser user) =>
        new(user.Id, user.UserName ?? "", (await users.GetRolesAsync(user)).FirstOrDefault(), await users.IsLockedOutAsync(user));

    static string RoleMessage(string? role) => $"'{role}' is not a role: use one of {string.Join(", ", Roles.All)}.";

    static ProblemHttpResult NoSuchUser() => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such user");

    static ValidationProblem IdentityProblem(IdentityResult result) => TypedResults.ValidationProblem(
        result.Errors
            .GroupBy(e => e.Code.StartsWith("Password", StringComparison.Ordinal) ? "password" : "userName", StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Description).ToArray(), StringComparer.Ordinal));
}

/// <param name="UserName">Sign-in name.</param>
/// <param name="Password">12 characters or more.</param>
/// <param name="Role">admin, analyst, sales, service or readonly.</param>
public sealed record CreateUserRequest([property: Required, MaxLength(256)] string UserName, [property: Required] string? Password, [property: Required] string Role);

/// <param name="Role">admin, analyst, sales, service or readonly.</param>
public sealed record SetRoleRequest([property: Required] string Role);

/// <param name="Id">The user's id.</param>
/// <param name="UserName">Sign-in name.</param>
/// <param name="Role">Their role (null if none).</param>
/// <param name="LockedOut">Locked after repeated failed sign-ins.</param>
public sealed record UserResponse(string Id, string UserName, string? Role, bool LockedOut);
