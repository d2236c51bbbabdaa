using Xunit.Abstractions;
using Xunit.Sdk;

namespace Procurement.IntegrationTests.Catalog;

/// <summary>
/// Marks a behaviour-suite class that needs a live server: its tests are reported skipped, not passed, when the
/// environment variable is not set.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RequiresEnvironmentAttribute(string variable) : Attribute
{
    public string Variable { get; } = variable;
}

/// <summary>A <see cref="FactAttribute"/> for the behaviour suite, skipped in classes whose live server is not configured.</summary>
[XunitTestCaseDiscoverer("Procurement.IntegrationTests.Catalog.EngineFactDiscoverer", "Procurement.IntegrationTests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class EngineFactAttribute : FactAttribute;

/// <summary>A <see cref="TheoryAttribute"/> for the behaviour suite, skipped in classes whose live server is not configured.</summary>
[XunitTestCaseDiscoverer("Procurement.IntegrationTests.Catalog.EngineTheoryDiscoverer", "Procurement.IntegrationTests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class EngineTheoryAttribute : TheoryAttribute;

internal static class LiveEngine
{
    public static string? SkipReason(ITestMethod method) =>
        method.TestClass.Class.GetCustomAttributes(typeof(RequiresEnvironmentAttribute)).FirstOrDefault() is { } required
        && required.GetConstructorArguments().First() is string variable
        && string.IsNullOrEmpty(Environment.GetEnvironmentVariable(variable))
            ? $"{variable} is not set: no live server to run against"
            : null;

    public static IXunitTestCase Skipped(IMessageSink sink, ITestFrameworkDiscoveryOptions options, ITestMethod method, string reason) =>
        new XunitSkippedDataRowTestCase(sink, options.MethodDisplayOrDefault(), options.MethodDisplayOptionsOrDefault(), method, reason);
}

public sealed class EngineFactDiscoverer(IMessageSink sink) : FactDiscoverer(sink)
{
    private readonly IMessageSink _sink = sink;

    public override IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions options, ITestMethod method, IAttributeInfo attribute) =>
        LiveEngine.SkipReason(method) is { } reason ? [LiveEngine.Skipped(_sink, options, method, reason)] : base.Discover(options, method, attribute);
}

public sealed class EngineTheoryDiscoverer(IMessageSink sink) : TheoryDiscoverer(sink)
{
    private readonly IMessageSink _sink = sink;

    public override IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions options, ITestMethod method, IAttributeInfo attribute) =>
        LiveEngine.SkipReason(method) is { } reason ? [LiveEngine.Skipped(_sink, options, method, reason)] : base.Discover(options, method, attribute);
}
