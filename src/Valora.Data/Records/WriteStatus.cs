namespace Valora.Data.Records;

/// <summary>How a write of one record ended; the API maps each to its status code.</summary>
public enum WriteStatus
{
    /// <summary>Written (200/201/204).</summary>
    Done,

    /// <summary>A repeat of an earlier create with the same idempotency key and body: nothing new was written.</summary>
    Replayed,

    /// <summary>No record with that id (404).</summary>
    NotFound,

    /// <summary>The write conflicts with what is stored: a duplicate key, an idempotency key reused with another body,
    /// related records in the way (409).</summary>
    Conflict,

    /// <summary>The caller's version (ETag) is not the stored one (412).</summary>
    PreconditionFailed,

    /// <summary>An update came without the version it applies to (428).</summary>
    PreconditionRequired,

    /// <summary>The change is not allowed from the record's current state (422).</summary>
    NotAllowed,
}

/// <summary>The result of a write: its status, the record as stored after it (when there is one) and, for a refusal, why.</summary>
public sealed record WriteOutcome<T>(WriteStatus Status, T? Value, string? Message = null)
    where T : class
{
    public static WriteOutcome<T> Done(T value) => new(WriteStatus.Done, value);

    public static WriteOutcome<T> Refused(WriteStatus status, string message) => new(status, null, message);
}
