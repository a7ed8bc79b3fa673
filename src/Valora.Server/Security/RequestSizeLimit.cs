using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace Valora.Server.Security;

/// <summary>
/// The largest request body an endpoint group accepts (<see cref="SecurityOptions.MaxRequestBodyBytes"/>). Routing hands
/// it to the server's body-size feature (Kestrel then cuts any body, chunked included, at the limit with 413);
/// <see cref="UseRequestSizeLimits"/> refuses a declared <c>Content-Length</c> over it at once, before a handler or a
/// model binder reads a byte, also on hosts without that feature (the in-process test server).
/// </summary>
public sealed record RequestSizeLimit(long? MaxRequestBodySize) : IRequestSizeLimitMetadata
{
    public static IApplicationBuilder UseRequestSizeLimits(IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize;
        if (limit is { } max && context.Request.ContentLength > max)
        {
            await Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request body too large",
                detail: $"The body may be at most {max} bytes.").ExecuteAsync(context);
            return;
        }
        if (limit is { } bodyMax && context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = bodyMax;
        }
        await next(context);
    });
}
