namespace Valora.Domain.Security;

/// <summary>
/// A key an integration sends in the <c>X-Api-Key</c> header. Only the SHA-256 hash of its random secret is kept; the
/// key itself is shown once, when an admin creates it. A key acts with exactly one role and stops working once revoked.
/// </summary>
public sealed class ApiKey
{
    public long Id { get; set; }

    /// <summary>Public, random part of the key that finds the row (the key reads <c>vk_{Prefix}_{secret}</c>).</summary>
    public required string Prefix { get; set; }

    /// <summary>SHA-256 of the secret part (32 bytes).</summary>
    public required byte[] SecretHash { get; set; }

    /// <summary>What the key is for, e.g. "nightly export"; shown in lists and the audit log.</summary>
    public required string Name { get; set; }

    /// <summary>One of <see cref="Roles.All"/>.</summary>
    public required string Role { get; set; }

    /// <summary>UTC.</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>The user name of the admin who created it.</summary>
    public required string CreatedBy { get; set; }

    /// <summary>UTC; null while the key works.</summary>
    public DateTime? RevokedAt { get; set; }
}
