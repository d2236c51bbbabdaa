using Procurement.Web.Auth;

namespace Procurement.Web.Platform;

/// <summary>
/// A unit of work per page action. A Blazor circuit lives as long as its browser tab, so a page that injected a use
/// case would share one <c>DbContext</c> across every click: stale entities, and changes staged by one action saved
/// or lost by another. Pages inject this instead and run each action in a scope of its own, acting for the circuit's
/// user: <c>await Ops.RunAsync((ListingEditor e) => e.SubmitAsync(id, ct))</c>.
/// </summary>
public sealed class Operations(IServiceScopeFactory scopes, CurrentUser caller)
{
    public async Task<T> RunAsync<TService, T>(Func<TService, Task<T>> operation) where TService : notnull
    {
        await using var scope = Begin();
        return await operation(scope.ServiceProvider.GetRequiredService<TService>());
    }

    public async Task RunAsync<TService>(Func<TService, Task> operation) where TService : notnull
    {
        await using var scope = Begin();
        await operation(scope.ServiceProvider.GetRequiredService<TService>());
    }

    private AsyncServiceScope Begin()
    {
        var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().CircuitPrincipal = caller.Principal;
        return scope;
    }
}
