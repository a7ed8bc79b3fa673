using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Valora.Data;

namespace Valora.Server.Health;

/// <summary>Healthy when the database answers a query on the customers table (so it is reachable and migrated).</summary>
public sealed class DatabaseHealthCheck(ValoraDatabase database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = database.CreateContext();
            await db.Customers.AnyAsync(cancellationToken);
            return HealthCheckResult.Healthy(database.Describe());
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The description names the database without its password; the exception message goes to the log, not out.
            return HealthCheckResult.Unhealthy(database.Describe(), ex);
        }
    }
}
