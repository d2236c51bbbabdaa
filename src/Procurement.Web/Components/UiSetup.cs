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
        // Snackbars confirm and go: at most three at once, six seconds each (MudBlazor's default is ten, and they
        // queued behind each other for minutes), a close button on each, and the same message twice shows once.
        services.AddMudServices(config =>
        {
            config.SnackbarConfiguration.MaxDisplayedSnackbars = 3;
            config.SnackbarConfiguration.PreventDuplicates = true;
            config.SnackbarConfiguration.VisibleStateDuration = 6000;
            config.SnackbarConfiguration.ShowTransitionDuration = 200;
            config.SnackbarConfiguration.HideTransitionDuration = 200;
            config.SnackbarConfiguration.ShowCloseIcon = true;
        });
        services.AddScoped<Platform.Operations>();
        services.AddTransient<MudBlazor.MudLocalizer, Shared.ChineseMudLocalizer>();
        // Chinese text goes out as text, not as &#x…; entities: a third of the page's weight otherwise.
        services.Configure<WebEncoderOptions>(options => options.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        return services;
    }
}
