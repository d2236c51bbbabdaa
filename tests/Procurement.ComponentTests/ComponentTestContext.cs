using System.Globalization;
using Bunit;
using FluentValidation;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using Procurement.Core.Common;
using Procurement.Core.Suppliers;

namespace Procurement.ComponentTests;

/// <summary>
/// bUnit with MudBlazor, the UI strings and the same validators the API uses, in zh-CN. MudBlazor's services are
/// async-disposable only, so the context is disposed through xunit's async lifetime rather than Dispose().
/// </summary>
public abstract class ComponentTestContext : IAsyncLifetime
{
    protected BunitContext Context { get; } = new();

    private BunitJSInterop JSInterop => Context.JSInterop;

    private IServiceCollection Services => Context.Services;

    protected IRenderedComponent<T> Render<T>(Action<ComponentParameterCollectionBuilder<T>>? parameters = null)
        where T : Microsoft.AspNetCore.Components.IComponent => Context.Render(parameters);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await Context.DisposeAsync();

    protected ComponentTestContext()
        : this(_ => { })
    {
    }

    /// <summary>With services of the test's own, added before anything is rendered (bUnit refuses them afterwards).</summary>
    protected ComponentTestContext(Action<IServiceCollection> services)
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
        FieldNames.Configure();
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddLocalization(options => options.ResourcesPath = "Resources");
        Services.AddValidatorsFromAssemblyContaining<SupplierRequestValidator>(ServiceLifetime.Singleton);
        // Components that show actions by capability (AuthorizeView) and run use cases (Operations): an anonymous caller.
        Context.AddAuthorization();
        Services.AddHttpContextAccessor();
        Services.AddScoped<Procurement.Web.Auth.CurrentUser>();
        Services.AddScoped<Procurement.Web.Platform.Operations>();
        Services.AddScoped<Procurement.Web.Components.Ordering.ListAdded>();
        services(Services);
        Render<MudPopoverProvider>();
    }
}
