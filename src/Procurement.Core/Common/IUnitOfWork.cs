namespace Procurement.Core.Common;

/// <summary>
/// One operation's writes. Ports stage changes (an added row, an entity's verb method) and the use case commits
/// them once, in one transaction: a use case that writes two things says so by staging both before this one call.
/// Each operation (a request, a page action, a job) has its own unit of work, so nothing staged by one can be
/// saved, or lost, by another.
/// </summary>
public interface IUnitOfWork
{
    /// <summary>
    /// Saves everything staged. A <see cref="ErrorKind.Conflict"/> error, and nothing written, when a unique value
    /// (USCC, SKU code, email) is already taken or a row changed since this operation read it.
    /// </summary>
    Task<Error?> CommitAsync(CancellationToken cancellationToken);
}

public static class Conflicts
{
    public static Error Changed() => new(ErrorKind.Conflict,
        Texts.Pick("该记录刚被其他人修改，请刷新后重试。", "Someone else changed this record just now; reload and try again."));

    public static Error Taken() => new(ErrorKind.Conflict,
        Texts.Pick("该值已被占用（可能刚被同时提交），请检查后重试。", "That value is already taken (perhaps submitted twice at once); check and try again."));
}
