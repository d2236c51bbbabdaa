using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Http.Features;

namespace Procurement.Web.Platform;

/// <summary>
/// JSON API bodies are small; a larger one is a mistake or an attack and answers 413 before it is read.
/// Endpoints that take files raise their own limit with <see cref="AcceptsBodiesUpTo"/>.
/// </summary>
public static class RequestLimits
{
    public const long JsonBodyBytes = 1024 * 1024;

    public static IApplicationBuilder UseApiBodyLimit(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/api"))
            {
                var allowed = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize ?? JsonBodyBytes;
                if (context.Request.ContentLength > allowed)
                {
                    context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                    return;
                }
                // Chunked bodies carry no length: Kestrel stops them at the limit while they are read.
                if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
                {
                    limit.MaxRequestBodySize = allowed;
                }
            }
            await next(context);
        });

    /// <summary>Lets this endpoint take bodies up to <paramref name="bytes"/> (file uploads).</summary>
    public static TBuilder AcceptsBodiesUpTo<TBuilder>(this TBuilder builder, long bytes) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new BodyLimit(bytes));

    private sealed class BodyLimit(long bytes) : IRequestSizeLimitMetadata
    {
        public long? MaxRequestBodySize => bytes;
    }
}
