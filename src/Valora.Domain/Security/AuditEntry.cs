namespace Valora.Domain.Security;

/// <summary>
/// One line of the audit log: who did what to which record, when, and for a change each changed field before → after
/// (secrets such as password hashes appear only as <c>***</c>). Written in the same database; the API only reads it.
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    /// <summary>UTC.</summary>
    public DateTime At { get; set; }

    /// <summary>The user name, <c>apikey:&lt;name&gt;</c> for an API key, or <c>system</c> (start-up, CLI).</summary>
    public required string Actor { get; set; }

    /// <summary><c>insert</c>, <c>update</c>, <c>delete</c>, <c>signin</c>, <c>signin-failed</c>, <c>signout</c>, <c>export</c>.</summary>
    public required string Action { get; set; }

    /// <summary>The table (entity) concerned, e.g. <c>Customers</c>; empty for a sign-in.</summary>
    public required string Entity { get; set; }

    /// <summary>The record's key, as text; empty when there is none.</summary>
    public required string EntityId { get; set; }

    /// <summary>JSON object <c>{ "Field": [before, after] }</c> of the changed fields; <c>{}</c> when none apply.</summary>
    public required string ChangesJson { get; set; }
}
