using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Valora.Server.Health;

/// <summary>
/// Writes a health report as JSON: <c>{"status":"Healthy","durationMs":3.1,"checks":[{"name":"database",…}]}</c>.
/// The HTTP status stays the health-check default: 200 when healthy or degraded, 503 when unhealthy.
/// </summary>
public static class HealthResponseWriter
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(report);
        var body = new HealthResponse(
            report.Status,
            report.TotalDuration.TotalMilliseconds,
            [.. report.Entries.Select(e => new HealthCheckEntry(
                e.Key, e.Value.Status, e.Value.Description, e.Value.Duration.TotalMilliseconds))]);
        context.Response.ContentType = "application/json; charset=utf-8";
        return JsonSerializer.SerializeAsync(context.Response.Body, body, Json, context.RequestAborted);
    }

    sealed record HealthResponse(HealthStatus Status, double DurationMs, IReadOnlyList<HealthCheckEntry> Checks);

    sealed record HealthCheckEntry(string Name, HealthStatus Status, string? Description, double DurationMs);
}
