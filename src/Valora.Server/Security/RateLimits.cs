using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Valora.Server.Security;

/// <summary>
/// The framework's rate limiter with two fixed-window policies: <see cref="Api"/> per user or API key (per client
/// address for a caller not yet authenticated) and <see cref="SignIn"/> per client address. Over the limit: 429 with
/// <c>Retry-After</c>.
/// </summary>
public static class RateLimits
{
    public const string Api = "api";
    public const string SignIn = "signin";

    public static IServiceCollection AddValoraRateLimits(this IServiceCollection services)
    {
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = (context, _) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    context.HttpContext.Response.Headers.RetryAfter =
                        Math.Ceiling(retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                }
                return ValueTask.CompletedTask;
            };
            options.AddPolicy(Api, http => Window(Caller(http), Settings(http).ApiRequestsPerMinute));
            options.AddPolicy(SignIn, http => Window("ip:" + http.Connection.RemoteIpAddress, Settings(http).SignInsPerMinute));
        });
        return services;
    }

    /// <summary>The partition of a request: the user's or key's id once authenticated, else the client address.</summary>
    static string Caller(HttpContext http) =>
        http.User.Identity?.IsAuthenticated == true && http.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } id
            ? "id:" + id
            : "ip:" + http.Connection.RemoteIpAddress;

    static SecurityOptions Settings(HttpContext http) => http.RequestServices.GetRequiredService<IOptions<SecurityOptions>>().Value;

    static RateLimitPartition<string> Window(string key, int permits) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        });
}
