using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Procurement.Web.Platform;

/// <summary>The contract as OpenAPI at <c>/openapi/v1.json</c>, and an interactive reference at <c>/docs</c>.</summary>
public static class OpenApiSetup
{
    public static IServiceCollection AddApiDocumentation(this IServiceCollection services)
    {
        services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "陇品汇 Procurement API",
                Version = "v1",
                Description = "消费帮扶 procurement: Gansu specialties for trade-union welfare orders. Errors are RFC 9457 problem details with type urn:procurement:problem:<code>.",
            };
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes["Bearer"] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "The accessToken from POST /api/v1/auth/login.",
            };
            return Task.CompletedTask;
        }));
        return services;
    }

    public static WebApplication MapApiDocumentation(this WebApplication app)
    {
        app.MapOpenApi();
        app.MapScalarApiReference("/docs", options => options.WithTitle("陇品汇 API").WithOpenApiRoutePattern("/openapi/{documentName}.json"));
        return app;
    }
}
