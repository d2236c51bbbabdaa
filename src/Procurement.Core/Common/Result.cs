namespace Procurement.Core.Common;

/// <summary>The expected ways a use case says no. Mapped once to HTTP problems and once to UI messages.</summary>
public enum ErrorKind
{
    Validation,
    NotFound,
    Forbidden,
    Conflict,
    InvalidState,
    InsufficientStock,
    IdempotencyKeyReused,
    WelfareCapExceeded,
    BudgetExceeded,
    PaymentProviderUnavailable,
    TooLarge,

    /// <summary>The caller did not prove who it is (a partner's bad or stale signature).</summary>
    Unauthorized,

    /// <summary>A partner's line names no single published SKU by its code (none, or several suppliers' at once).</summary>
    UnknownSku,
}

/// <param name="Fields">For <see cref="ErrorKind.Validation"/>: field (camelCase path, or "row 12: 手机号") → messages.</param>
/// <param name="Data">Facts the caller acts on, carried as problem extensions (the budget's <c>remaining</c>, the short <c>skuCode</c>).</param>
public sealed record Error(ErrorKind Kind, string Detail, IReadOnlyDictionary<string, string[]>? Fields = null, IReadOnlyDictionary<string, object?>? Data = null)
{
    public static Error NotFound() => new(ErrorKind.NotFound, Texts.Pick("未找到。", "Not found."));

    public static Error Invalid(string field, string message) =>
        new(ErrorKind.Validation, message, new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>What to tell a person in one line: the field messages when there are any, else the detail.</summary>
    public string Summary => Fields is { Count: > 0 } fields ? string.Join(" ", fields.SelectMany(f => f.Value).Distinct()) : Detail;

    /// <summary>The action does not fit the thing's current state (409 invalid-state).</summary>
    public static Error InvalidState(string detail) => new(ErrorKind.InvalidState, detail);

    public static Error Invalid(IReadOnlyDictionary<string, string[]> fields) =>
        new(ErrorKind.Validation, Texts.Pick("提交的数据有误。", "One or more fields are invalid."), fields);
}

/// <summary>A value, or the error that stood in its way. Exceptions stay for bugs and outages.</summary>
public readonly struct Result<T>
{
    private Result(T? value, Error? error)
    {
        Value = value;
        Error = error;
    }

    public T? Value { get; }
    public Error? Error { get; }
    public bool Succeeded => Error is null;

    /// <summary>
    /// The value, where the caller has already ruled its errors out (a page guarded by the same capability the use
    /// case asks): an error here is a bug, so it throws rather than being shown.
    /// </summary>
    public T Expect() => Succeeded ? Value! : throw new InvalidOperationException($"Unexpected {Error!.Kind}: {Error.Detail}");

    public static implicit operator Result<T>(T value) => new(value, null);
    public static implicit operator Result<T>(Error error) => new(default, error);
}
