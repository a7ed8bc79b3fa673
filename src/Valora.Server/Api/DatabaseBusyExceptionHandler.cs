using Microsoft.AspNetCore.Diagnostics;
using Valora.Data.Bulk;

namespace Valora.Server.Api;

/// <summary>
/// A write refused because an exclusive bulk load holds the database (<see cref="DatabaseBusyException"/>): 503 with
/// <c>Retry-After</c>, a problem that says nothing was written and the same request can be sent again later.
/// </summary>
public sealed class DatabaseBusyExceptionHandler : IExceptionHandler
{
    /// <summary>Seconds a client is asked to wait: a large load's index rebuild takes about this long.</summary>
    const int RetryAfterSeconds = 60;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (exception is not DatabaseBusyException busy)
        {
            return false;
        }
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await Results.Problem(busy.Message, statusCode: StatusCodes.Status503ServiceUnavailable, title: "The database is busy with a bulk load")
            .ExecuteAsync(httpContext);
        return true;
    }
}
