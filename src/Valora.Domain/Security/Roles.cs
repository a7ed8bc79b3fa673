namespace Valora.Domain.Security;

/// <summary>
/// The roles a user or an API key acts with; what each may do is the permission matrix in <c>docs/SECURITY.md</c>.
/// </summary>
public static class Roles
{
    /// <summary>Everything, including users, API keys and the audit log.</summary>
    public const string Admin = "admin";

    /// <summary>Reads everything, runs analyses and exports.</summary>
    public const string Analyst = "analyst";

    /// <summary>Customers, campaigns and pipeline: reads and writes records.</summary>
    public const string Sales = "sales";

    /// <summary>Customers, tickets and surveys: reads and writes records.</summary>
    public const string Service = "service";

    /// <summary>Reads only.</summary>
    public const string ReadOnly = "readonly";

    public static IReadOnlyList<string> All { get; } = [Admin, Analyst, Sales, Service, ReadOnly];

    public static bool IsKnown(string? role) => role is not null && All.Contains(role, StringComparer.Ordinal);
}
