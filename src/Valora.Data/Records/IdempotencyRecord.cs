namespace Valora.Data.Records;

/// <summary>
/// The first result of a creating request sent with an <c>Idempotency-Key</c>: a repeat with the same key and the
/// same body gets this result again (nothing is created twice); a repeat with another body is refused. Keys are kept
/// per operation (<see cref="Scope"/>), so the same key may be used once for a customer and once for an interaction.
/// </summary>
public sealed class IdempotencyRecord
{
    public const int MaxKeyLength = 200;

    /// <summary>The operation, e.g. <c>customers.create</c>.</summary>
    public required string Scope { get; set; }

    public required string Key { get; set; }

    /// <summary>SHA-256 (hex) of the request body in its normalised form.</summary>
    public required string RequestHash { get; set; }

    /// <summary>The id of the record the first request created.</summary>
    public long ResourceId { get; set; }

    /// <summary>The first response body (JSON).</summary>
    public required string ResponseJson { get; set; }

    /// <summary>UTC.</summary>
    public DateTime CreatedAt { get; set; }
}
