using Microsoft.AspNetCore.Diagnostics;
using Valora.Data.Analysis;

namespace Valora.Server.Api;

/// <summary>
/// Turns a <see cref="NotAnalysableException"/> that an endpoint did not handle itself into the same 422 problem as
/// <see cref="Problems.NotAnalysable(NotAnalysableException)"/>. Every other exception is left to the default handler
/// (a 500 that names nothing internal): a database or programming error is never reported as "not enough data".
/// </summary>
public sealed class NotAnalysableExceptionHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (exception is not NotAnalysableException notAnalysable)
        {
            return false;
        }
        await Problems.NotAnalysable(notAnalysable).ExecuteAsync(httpContext);
        return true;
    }
}
