using System.Reflection;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Procurement.Infrastructure.Persistence;
using Procurement.Web.Platform;

namespace Procurement.IntegrationTests.Platform;

/// <summary>
/// A unit of work per operation: no page holds a service that holds a <see cref="ProcurementDbContext"/> for the life
/// of its circuit; pages run each action through <see cref="Operations"/>, in a scope of its own.
/// </summary>
public sealed class UnitOfWorkTests
{
    /// <summary>Statically rendered pages live for one HTTP request, which is one operation already.</summary>
    private static readonly HashSet<string> StaticPages = [nameof(Web.Components.Account.Login)];

    [Fact]
    public async Task No_component_injects_a_service_that_holds_the_database_context()
    {
        IServiceCollection? registered = null;
        await using var app = new ProcurementApp().WithWebHostBuilder(b => b.ConfigureTestServices(services => registered = services));
        _ = app.Services;
        var descriptors = registered!.GroupBy(d => d.ServiceType).ToDictionary(g => g.Key, g => g.Last());

        bool HoldsContext(Type type, HashSet<Type> seen)
        {
            if (type == typeof(ProcurementDbContext))
            {
                return true;
            }
            if (!seen.Add(type) || !descriptors.TryGetValue(type, out var descriptor))
            {
                return false;
            }
            if (descriptor.ImplementationFactory is not null)
            {
                // Factories (ICurrentUser, ISystemIdentity…) resolve whatever they name; resolve-time types cannot be read here.
                return false;
            }
            var implementation = descriptor.ImplementationType ?? type;
            return implementation.GetConstructors().SelectMany(c => c.GetParameters())
                .Any(p => HoldsContext(p.ParameterType, seen));
        }

        var offenders = typeof(Operations).Assembly.GetTypes()
            .Where(t => typeof(IComponent).IsAssignableFrom(t) && !t.IsAbstract && !StaticPages.Contains(t.Name))
            .SelectMany(t => t.GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
                .Where(p => p.GetCustomAttribute<InjectAttribute>() is not null && HoldsContext(p.PropertyType, []))
                .Select(p => $"{t.Name}.{p.Name} ({p.PropertyType.Name})"))
            .ToList();

        Assert.Empty(offenders);
    }

    [Fact]
    public async Task Each_operation_gets_a_context_of_its_own()
    {
        await using var app = new ProcurementApp();
        await using var circuit = app.Services.CreateAsyncScope();
        var operations = circuit.ServiceProvider.GetRequiredService<Operations>();

        var first = await operations.RunAsync((ProcurementDbContext db) => Task.FromResult(db.ContextId.InstanceId));
        var second = await operations.RunAsync((ProcurementDbContext db) => Task.FromResult(db.ContextId.InstanceId));

        Assert.NotEqual(first, second);
    }
}
