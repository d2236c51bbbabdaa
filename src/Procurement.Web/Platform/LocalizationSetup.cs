using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace Procurement.Web.Platform;

/// <summary>Chinese first: zh-CN unless the culture cookie, <c>?culture=</c> or <c>Accept-Language</c> asks for English.</summary>
public static class LocalizationSetup
{
    public static readonly CultureInfo[] Cultures = [new("zh-CN"), new("en")];

    public static IServiceCollection AddUiLocalization(this IServiceCollection services)
    {
        services.AddLocalization(options => options.ResourcesPath = "Resources");
        services.Configure<RequestLocalizationOptions>(options =>
        {
            options.DefaultRequestCulture = new RequestCulture("zh-CN");
            options.SupportedCultures = Cultures;
            options.SupportedUICultures = Cultures;
            options.FallBackToParentUICultures = true;
            options.FallBackToParentCultures = true;
        });
        return services;
    }

    /// <summary>Switches language for the browser by setting the culture cookie, then returns to the page.</summary>
    public static IEndpointRouteBuilder MapCultureSwitch(this IEndpointRouteBuilder app)
    {
        app.MapGet("/culture/set", (string culture, string? redirectUri, HttpContext context, TimeProvider clock) =>
        {
            // Only local paths: an open redirect would let a link send people anywhere. Anything else is refused.
            if (redirectUri is { Length: > 0 } && !LocalPaths.IsLocal(redirectUri))
            {
                return Api.Problems.ToProblem(Core.Common.Error.Invalid("redirectUri",
                    Core.Common.Texts.Pick("只能跳转到本站的页面。", "Only pages of this site can be returned to.")));
            }
            if (!Cultures.Any(c => c.Name == culture))
            {
                culture = Cultures[0].Name;
            }
            context.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { Expires = clock.GetUtcNow().AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax });
            return Results.LocalRedirect(redirectUri is { Length: > 0 } ? redirectUri : "/");
        }).ExcludeFromDescription();
        return app;
    }
}
