using System.Text.Json.Serialization;

namespace Valora.Server.Jobs;

/// <summary>Where a job is: waiting, running, or finished one way or the other.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<JobState>))]
public enum JobState
{
    [JsonStringEnumMemberName("queued")]
    Queued,

    [JsonStringEnumMemberName("running")]
    Running,

    [JsonStringEnumMemberName("succeeded")]
    Succeeded,

    [JsonStringEnumMemberName("failed")]
    Failed,
}

/// <summary>A job as <c>GET /api/jobs/{id}</c> reports it.</summary>
/// <param name="Id">Opaque id (32 hex digits).</param>
/// <param name="Kind">What the job does, e.g. <c>clv-fit</c>, <c>clv-score</c>.</param>
/// <param name="Status">queued, running, succeeded or failed.</param>
/// <param name="CreatedAt">When the job was accepted (UTC).</param>
/// <param name="StartedAt">When it started running; null while queued.</param>
/// <param name="FinishedAt">When it finished; null until then.</param>
/// <param name="Error">Why it failed; null unless failed.</param>
/// <param name="Result">What it produced; null unless succeeded.</param>
/// <param name="Progress">The latest progress message of a running job (e.g. "cross-validating lr"); null when it reports none.</param>
public sealed record JobStatus(
    string Id,
    string Kind,
    JobState Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    string? Error,
    object? Result,
    string? Progress = null);
