using Microsoft.Extensions.DependencyInjection;

namespace Procurement.Infrastructure.Users;

/// <summary>Lets the code that starts background work say, once, that the platform itself is acting.</summary>
public interface ISystemIdentity
{
    /// <summary>From now on this scope acts as the system identity, which sees every tenant.</summary>
    void ActAsSystem();
}

public static class SystemScopes
{
    /// <summary>
    /// A scope for work no person asked for (jobs, the index worker, start-up, webhooks, partner pushes): it acts as
    /// the system identity explicitly, because a scope without a user sees only public data.
    /// </summary>
    public static AsyncServiceScope CreateSystemScope(this IServiceScopeFactory scopes)
    {
        var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ISystemIdentity>().ActAsSystem();
        return scope;
    }

    public static AsyncServiceScope CreateSystemScope(this IServiceProvider services) =>
        services.GetRequiredService<IServiceScopeFactory>().CreateSystemScope();
}
