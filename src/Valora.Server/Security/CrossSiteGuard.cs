using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;

namespace Valora.Server.Security;

/// <summary>
/// Refuses a state-changing API call (POST, PUT, PATCH, DELETE under <c>/api</c>) that a browser could have been made to
/// send from another site: when the caller is authenticated by the dashboard cookie, the request must come from this
/// origin (<c>Sec-Fetch-Site: same-origin</c>, or an <c>Origin</c> equal to this host) or carry a valid antiforgery
/// token (header <c>RequestVerificationToken</c>). API-key calls are not sent by browsers on their own, so they pass.
/// (The cookie is SameSite=Lax too, which already keeps it off cross-site POSTs in current browsers.)
/// </summary>
public static class CrossSiteGuard
{
    public static IApplicationBuilder UseCrossSiteGuard(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        var cookieCaller = context.User.Identity is { IsAuthenticated: true, AuthenticationType: var type }
            && string.Equals(type, IdentityConstants.ApplicationScheme, StringComparison.Ordinal);
        if (cookieCaller && IsUnsafe(request.Method) && request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
            && !SameOrigin(request)
            && !await context.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(context))
        {
            await Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Cross-site request refused",
                detail: "A change through the dashboard's sign-in must come from the dashboard itself.").ExecuteAsync(context);
            return;
        }
        await next(context);
    });

    static bool IsUnsafe(string method) =>
        !HttpMethods.IsGet(method) && !HttpMethods.IsHead(method) && !HttpMethods.IsOptions(method) && !HttpMethods.IsTrace(method);

    static bool SameOrigin(HttpRequest request)
    {
        if (string.Equals(request.Headers["Sec-Fetch-Site"], "same-origin", StringComparison.Ordinal))
        {
            return true;
        }
        var origin = request.Headers.Origin.ToString();
        return origin.Length > 0
            && Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && string.Equals(uri.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }
}
