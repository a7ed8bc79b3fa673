using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Valora.Domain.Security;

namespace Valora.Server.Security;

/// <summary>One dashboard user as an admin sees them.</summary>
/// <param name="Id">The user's id.</param>
/// <param name="UserName">Sign-in name.</param>
/// <param name="Role">Their role (null if none).</param>
/// <param name="LockedOut">Locked after repeated failed sign-ins.</param>
public sealed record UserResponse(string Id, string UserName, string? Role, bool LockedOut);

/// <summary>What an administrative change came to: done, no such user, or the fields refused with why.</summary>
public sealed record AdminOutcome(bool NotFound, IReadOnlyDictionary<string, string[]>? Errors, UserResponse? User = null)
{
    public static AdminOutcome Done(UserResponse? user = null) => new(false, null, user);

    public static AdminOutcome Missing { get; } = new(true, null);

    public static AdminOutcome Refused(string field, string message) =>
        new(false, new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [message] });

    /// <summary>Identity's errors by field: password rules under <c>password</c>, the rest under <c>userName</c>.</summary>
    public static AdminOutcome Refused(IdentityResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new(false, result.Errors
            .GroupBy(e => e.Code.StartsWith("Password", StringComparison.Ordinal) ? "password" : "userName", StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Description).ToArray(), StringComparer.Ordinal));
    }

    public bool Succeeded => !NotFound && Errors is null;
}

/// <summary>
/// The rules of user administration, shared by <c>/api/admin/users</c> and the dashboard's Users page: one role per
/// user, passwords by Identity's rules, the last admin keeps the role and is never deleted, nobody deletes themselves,
/// and a role change ends the user's sessions (their cookies carry the old role until the security stamp changes).
/// </summary>
public sealed class UserAdministration(UserManager<IdentityUser> users)
{
    public async Task<List<UserResponse>> ListAsync(CancellationToken ct = default)
    {
        var all = await users.Users.OrderBy(u => u.UserName).ToListAsync(ct);
        var result = new List<UserResponse>(all.Count);
        foreach (var user in all)
        {
            result.Add(await DescribeAsync(user));
        }
        return result;
    }

    public async Task<AdminOutcome> CreateAsync(string? userName, string? password, string? role)
    {
        if (!Roles.IsKnown(role))
        {
            return AdminOutcome.Refused("role", RoleMessage(role));
        }
        if (string.IsNullOrWhiteSpace(userName))
        {
            return AdminOutcome.Refused("userName", "Give a user name.");
        }
        var user = new IdentityUser(userName.Trim());
        var created = await users.CreateAsync(user, password ?? "");
        if (!created.Succeeded)
        {
            return AdminOutcome.Refused(created);
        }
        var added = await users.AddToRoleAsync(user, role!);
        return added.Succeeded ? AdminOutcome.Done(await DescribeAsync(user)) : AdminOutcome.Refused(added);
    }

    public async Task<AdminOutcome> SetRoleAsync(string id, string? role)
    {
        if (!Roles.IsKnown(role))
        {
            return AdminOutcome.Refused("role", RoleMessage(role));
        }
        if (await users.FindByIdAsync(id) is not { } user)
        {
            return AdminOutcome.Missing;
        }
        var current = await users.GetRolesAsync(user);
        if (current.Contains(Roles.Admin) && role != Roles.Admin && await IsLastAdminAsync())
        {
            return AdminOutcome.Refused("role", "This is the last admin: make another user admin first.");
        }
        var removed = await users.RemoveFromRolesAsync(user, current);
        var added = removed.Succeeded ? await users.AddToRoleAsync(user, role!) : removed;
        if (!added.Succeeded)
        {
            return AdminOutcome.Refused(added);
        }
        await users.UpdateSecurityStampAsync(user);
        return AdminOutcome.Done(await DescribeAsync(user));
    }

    public async Task<AdminOutcome> UnlockAsync(string id)
    {
        if (await users.FindByIdAsync(id) is not { } user)
        {
            return AdminOutcome.Missing;
        }
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        return AdminOutcome.Done(await DescribeAsync(user));
    }

    /// <param name="callerId">The admin asking (who may not delete themselves).</param>
    public async Task<AdminOutcome> DeleteAsync(string? callerId, string id)
    {
        if (await users.FindByIdAsync(id) is not { } user)
        {
            return AdminOutcome.Missing;
        }
        if (string.Equals(callerId, user.Id, StringComparison.Ordinal))
        {
            return AdminOutcome.Refused("id", "You cannot delete your own account.");
        }
        if (await users.IsInRoleAsync(user, Roles.Admin) && await IsLastAdminAsync())
        {
            return AdminOutcome.Refused("id", "This is the last admin: make another user admin first.");
        }
        await users.DeleteAsync(user);
        return AdminOutcome.Done();
    }

    async Task<bool> IsLastAdminAsync() => (await users.GetUsersInRoleAsync(Roles.Admin)).Count <= 1;

    async Task<UserResponse> DescribeAsync(IdentityUser user) =>
        new(user.Id, user.UserName ?? "", (await users.GetRolesAsync(user)).FirstOrDefault(), await users.IsLockedOutAsync(user));

    static string RoleMessage(string? role) => $"'{role}' is not a role: use one of {string.Join(", ", Roles.All)}.";
}
