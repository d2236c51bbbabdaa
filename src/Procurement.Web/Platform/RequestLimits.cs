using Microsoft.AspNetCore.Http.Features;

namespace Procurement.Web.Platform;

/// <summary>
/// JSON API bodies are small; a larger one is a mistake or an attack and answers 413 before it is read.
/// Endpoints that take files raise their own limit.
/// </summary>
public static class RequestLimits
{
    public const long JsonBodyBytes = 1024 * 1024;

    public static IApplicationBuilder UseApiBodyLimit(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/api"))
            {
                if (context.Request.ContentLength > JsonBodyBytes)
                {
                    context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                    return;
                }
                // Chunked bodies carry no length: Kestrel stops them at the limit while they are read.
                if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
                {
                    limit.MaxRequestBodySize = JsonBodyBytes;
                }
            }
            await next(context);
        });
}
