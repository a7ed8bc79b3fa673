namespace Valora.Server.Security;

/// <summary>Sign-in, first-start admin and request limits, from the <c>Valora:Security</c> configuration section.</summary>
public sealed class SecurityOptions
{
    public const string SectionName = "Valora:Security";

    /// <summary>User name of the admin account created on the first start (default <c>admin</c>).</summary>
    public string AdminUserName { get; set; } = "admin";

    /// <summary>
    /// Password of that first admin account. When empty, a random one is generated and printed once to the console
    /// (never to the log). Only read when no admin exists yet; changing it later changes nothing.
    /// </summary>
    public string? AdminPassword { get; set; }

    /// <summary>Failed sign-ins in a row before an account is locked (default 5).</summary>
    public int MaxFailedSignIns { get; set; } = 5;

    /// <summary>How long a locked account stays locked (default 15 minutes).</summary>
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>API requests one user or key may make per minute (default 600).</summary>
    public int ApiRequestsPerMinute { get; set; } = 600;

    /// <summary>Sign-in attempts one client address may make per minute (default 20).</summary>
    public int SignInsPerMinute { get; set; } = 20;

    /// <summary>Largest request body the API accepts, in bytes (default 1 MiB).</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;
}
