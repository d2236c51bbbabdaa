using System.Reflection;

namespace Procurement.ComponentTests;

/// <summary>
/// A test double of an interface that answers only the methods a test names, and throws for any other (so a
/// component calling something the test did not expect fails loudly rather than getting a default).
/// </summary>
public class Fake<T> : DispatchProxy where T : class
{
    private IReadOnlyDictionary<string, Func<object?[], object?>> _answers = new Dictionary<string, Func<object?[], object?>>();

    public static T Of(params (string Method, Func<object?[], object?> Answer)[] answers)
    {
        var proxy = Create<T, Fake<T>>();
        ((Fake<T>)(object)proxy)._answers = answers.ToDictionary(a => a.Method, a => a.Answer);
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
        _answers.TryGetValue(targetMethod!.Name, out var answer)
            ? answer(args ?? [])
            : throw new NotSupportedException($"{typeof(T).Name}.{targetMethod.Name} was not expected by this test.");
}
