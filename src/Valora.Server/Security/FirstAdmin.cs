using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Valora.Domain.Security;

namespace Valora.Server.Security;

/// <summary>
/// At start: makes sure the five roles exist and, while no user has the admin role, creates the admin account from
/// <see cref="SecurityOptions.AdminUserName"/> and <see cref="SecurityOptions.AdminPassword"/> — or, without a
/// password, with a generated one written once to the console (stdout, not the log), so a fresh demo can be signed in.
/// </summary>
public sealed partial class FirstAdmin(
    IServiceScopeFactory scopes, IOptions<SecurityOptions> options, ILogger<FirstAdmin> logger, FirstAdminOutput? output = null)
{
    const string Alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    TextWriter Output => output?.Writer ?? Console.Out;

    public async Task EnsureAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
        {
            ct.ThrowIfCancellationRequested();
            if (!await roles.RoleExistsAsync(role))
            {
                Check(await roles.CreateAsync(new IdentityRole(role)), $"role {role}");
            }
        }
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        if ((await users.GetUsersInRoleAsync(Roles.Admin)).Count > 0)
        {
            return;
        }
        var settings = options.Value;
        var generated = string.IsNullOrEmpty(settings.AdminPassword);
        var password = generated ? RandomNumberGenerator.GetString(Alphabet, 20) : settings.AdminPassword!;
        var user = await users.FindByNameAsync(settings.AdminUserName);
        if (user is null)
        {
            user = new IdentityUser(settings.AdminUserName);
            Check(await users.CreateAsync(user, password), $"admin account '{settings.AdminUserName}' (Valora:Security:AdminPassword)");
        }
        else
        {
            // A user of that name without the admin role (an admin was removed): it becomes the admin with this password.
            var token = await users.GeneratePasswordResetTokenAsync(user);
            Check(await users.ResetPasswordAsync(user, token, password), $"admin account '{settings.AdminUserName}'");
        }
        Check(await users.AddToRoleAsync(user, Roles.Admin), $"admin role of '{settings.AdminUserName}'");
        LogCreated(logger, settings.AdminUserName, generated ? "generated (printed once to the console)" : "from configuration");
        if (generated)
        {
            await Output.WriteLineAsync(
                $"Valora: admin account '{settings.AdminUserName}' created with password {password} — shown only now; " +
                "sign in at /account/signin (set Valora:Security:AdminPassword to choose it on a new database).");
            await Output.FlushAsync(ct);
        }
    }

    static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(
                $"Could not create the {what}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No admin account yet: created '{UserName}', password {Source}")]
    static partial void LogCreated(ILogger logger, string userName, string source);
}

/// <summary>Where <see cref="FirstAdmin"/> writes a generated password instead of the console (a test registers one).</summary>
public sealed record FirstAdminOutput(TextWriter Writer);
