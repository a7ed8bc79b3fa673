namespace Valora.Server.Security;

/// <summary>
/// The named authorization policies the endpoint groups require (the permission matrix of <c>docs/SECURITY.md</c>).
/// Every other endpoint needs a signed-in user or an API key (the fallback policy), except health and sign-in.
/// </summary>
public static class Policies
{
    /// <summary>Users, roles, API keys and the audit log: admin only.</summary>
    public const string ManageUsers = "manage-users";
}
