using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace Valora.Data.Records;

/// <summary>
/// Idempotency keys of creating requests (<see cref="IdempotencyRecord"/>). Only a successful create is recorded, in
/// the same transaction as the record it made, so a refused request (bad input) can be corrected and sent again with
/// the same key.
/// </summary>
public static class Idempotency
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Null when the key is acceptable; otherwise why not (1–200 visible ASCII characters).</summary>
    public static string? Check(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.Length is 0 or > IdempotencyRecord.MaxKeyLength || key.Any(c => c is < '!' or > '~')
            ? $"must be 1 to {IdempotencyRecord.MaxKeyLength} visible ASCII characters."
            : null;
    }

    /// <summary>SHA-256 (hex) of the normalised request, so two bodies that differ only in spacing or order of fields match.</summary>
    public static string Hash<T>(T normalisedRequest) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(normalisedRequest, Json))));

    public static Task<IdempotencyRecord?> FindAsync(ValoraDbContext db, string scope, string key, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.IdempotencyKeys.AsNoTracking().SingleOrDefaultAsync(r => r.Scope == scope && r.Key == key, ct);
    }

    /// <summary>
    /// The earlier result for a repeated key: <see cref="WriteStatus.Replayed"/> with the stored response when the
    /// request is the same, <see cref="WriteStatus.Conflict"/> when it is not; null for a new key.
    /// </summary>
    public static WriteOutcome<T>? Replay<T>(IdempotencyRecord? earlier, string requestHash)
        where T : class
    {
        if (earlier is null)
        {
            return null;
        }
        return string.Equals(earlier.RequestHash, requestHash, StringComparison.Ordinal)
            ? new WriteOutcome<T>(WriteStatus.Replayed, JsonSerializer.Deserialize<T>(earlier.ResponseJson, Json))
            : WriteOutcome<T>.Refused(WriteStatus.Conflict,
                "This Idempotency-Key was already used with a different request body; use a new key for a new request.");
    }

    public static void Record<T>(ValoraDbContext db, string scope, string key, string requestHash, long resourceId, T response, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(db);
        db.IdempotencyKeys.Add(new IdempotencyRecord
        {
            Scope = scope, Key = key, RequestHash = requestHash, ResourceId = resourceId,
            ResponseJson = JsonSerializer.Serialize(response, Json), CreatedAt = nowUtc,
        });
    }
}
