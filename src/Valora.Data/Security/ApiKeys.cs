using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Valora.Domain.Security;

namespace Valora.Data.Security;

/// <summary>A key just created: the stored row and the one and only copy of the full key.</summary>
public sealed record CreatedApiKey(ApiKey Key, string Token);

/// <summary>
/// API keys for integrations: <c>vk_{prefix}_{secret}</c>, where the prefix (12 hex digits) finds the row and the secret
/// (32 random bytes, base64url) is kept only as its SHA-256 hash and compared in constant time.
/// </summary>
public static class ApiKeys
{
    /// <summary>The request header that carries a key.</summary>
    public const string HeaderName = "X-Api-Key";

    const string Marker = "vk_";
    const int PrefixLength = 12;
    public const int MaxNameLength = 100;

    /// <summary>Creates a key acting as <paramref name="role"/>; the returned token is not stored anywhere.</summary>
    public static async Task<CreatedApiKey> CreateAsync(
        ValoraDbContext db, string name, string role, string createdBy, DateTime now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > MaxNameLength)
        {
            throw new ArgumentException($"name: must be 1 to {MaxNameLength} characters.", nameof(name));
        }
        if (!Roles.IsKnown(role))
        {
            throw new ArgumentException($"role: must be one of {string.Join(", ", Roles.All)}.", nameof(role));
        }
        var prefix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(PrefixLength / 2));
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        var key = new ApiKey
        {
            Prefix = prefix,
            SecretHash = Hash(secret),
            Name = name.Trim(),
            Role = role,
            CreatedAt = now,
            CreatedBy = createdBy,
        };
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(ct);
        return new CreatedApiKey(key, Marker + prefix + "_" + secret);
    }

    /// <summary>The working (not revoked) key the token belongs to, or null for anything else.</summary>
    public static async Task<ApiKey?> FindAsync(ValoraDbContext db, string? token, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (token is null || token.Length < Marker.Length + PrefixLength + 2 || token.Length > 128
            || !token.StartsWith(Marker, StringComparison.Ordinal) || token[Marker.Length + PrefixLength] != '_')
        {
            return null;
        }
        var prefix = token.Substring(Marker.Length, PrefixLength);
        var secret = token[(Marker.Length + PrefixLength + 1)..];
        var key = await db.ApiKeys.AsNoTracking().SingleOrDefaultAsync(k => k.Prefix == prefix, ct);
        if (key is null || key.RevokedAt is not null)
        {
            return null;
        }
        return CryptographicOperations.FixedTimeEquals(key.SecretHash, Hash(secret)) ? key : null;
    }

    /// <summary>All keys, newest first (hashes included; callers show only the public fields).</summary>
    public static Task<List<ApiKey>> ListAsync(ValoraDbContext db, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.ApiKeys.AsNoTracking().OrderByDescending(k => k.Id).ToListAsync(ct);
    }

    /// <summary>Revokes a key; false when there is no such key. Revoking twice keeps the first time.</summary>
    public static async Task<bool> RevokeAsync(ValoraDbContext db, long id, DateTime now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == id, ct);
        if (key is null)
        {
            return false;
        }
        key.RevokedAt ??= now;
        await db.SaveChangesAsync(ct);
        return true;
    }

    static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
