using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Procurement.Infrastructure.Users;

namespace Procurement.Infrastructure.Jobs;

/// <summary>
/// Every Hangfire job runs in a scope of its own that acts as the system identity, set here where jobs start, so a
/// job's queries see every tenant because it says so, not because nobody is signed in.
/// </summary>
public sealed class SystemJobActivator(IServiceScopeFactory scopes) : JobActivator
{
    public override JobActivatorScope BeginScope(JobActivatorContext context) => new SystemJobScope(scopes.CreateSystemScope());

    private sealed class SystemJobScope(AsyncServiceScope scope) : JobActivatorScope
    {
        public override object Resolve(Type type) => ActivatorUtilities.GetServiceOrCreateInstance(scope.ServiceProvider, type);

        public override void DisposeScope() => scope.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
