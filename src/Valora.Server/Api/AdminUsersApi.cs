using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
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

    static async Task<Ok<List<UserResponse>>> List(UserAdministration admin, CancellationToken ct) =>
        TypedResults.Ok(await admin.ListAsync(ct));

    static async Task<Results<Created<UserResponse>, ValidationProblem>> Create(CreateUserRequest request, UserAdministration admin)
    {
        var outcome = await admin.CreateAsync(request.UserName, request.Password, request.Role);
        return outcome.Succeeded
            ? TypedResults.Created($"/api/admin/users/{outcome.User!.Id}", outcome.User)
            : TypedResults.ValidationProblem(outcome.Errors!);
    }

    static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> SetRole(string id, SetRoleRequest request, UserAdministration admin) =>
        Answer(await admin.SetRoleAsync(id, request.Role));

    static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> Unlock(string id, UserAdministration admin) =>
        Answer(await admin.UnlockAsync(id));

    static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> Delete(
        string id, ClaimsPrincipal caller, UserManager<IdentityUser> users, UserAdministration admin) =>
        Answer(await admin.DeleteAsync(users.GetUserId(caller), id));

    static Results<NoContent, ValidationProblem, ProblemHttpResult> Answer(AdminOutcome outcome) =>
        outcome.NotFound ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such user")
        : outcome.Errors is { } errors ? TypedResults.ValidationProblem(errors)
        : TypedResults.NoContent();
}

/// <param name="UserName">Sign-in name.</param>
/// <param name="Password">12 characters or more.</param>
/// <param name="Role">admin, analyst, sales, service or readonly.</param>
public sealed record CreateUserRequest([property: Required, MaxLength(256)] string UserName, [property: Required] string? Password, [property: Required] string Role);

/// <param name="Role">admin, analyst, sales, service or readonly.</param>
public sealed record SetRoleRequest([property: Required] string Role);
