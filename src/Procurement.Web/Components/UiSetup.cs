using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.Extensions.WebEncoders;
using MudBlazor.Services;

namespace Procurement.Web.Components;

public static class UiSetup
{
    public static IServiceCollection AddUi(this IServiceCollection services)
    {
        // A listing description may be 20,000 characters of Chinese (about 60 KB as UTF-8) and travels from the
        // browser in one message; the default limit of 32 KB would drop the circuit.
        services.AddRazorComponents().AddInteractiveServerComponents()
            .AddHubOptions(hub => hub.MaximumReceiveMessageSize = 256 * 1024);
        services.AddMudServices();
        services.AddScoped<Platform.Operations>();
        services.AddTransient<MudBlazor.MudLocalizer, Shared.ChineseMudLocalizer>();
        // Chinese text goes out as text, not as &#x…; entities: a third of the page's weight otherwise.
        services.Configure<WebEncoderOptions>(options => options.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        return services;
    }
}
