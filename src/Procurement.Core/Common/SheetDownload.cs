namespace Procurement.Core.Common;

/// <summary>
/// A file a use case has agreed to hand out: its name, its format, and how to write it. The use case checks everything
/// first (capability, not found, filters, state) and answers <c>Result&lt;SheetDownload&gt;</c>, so a refusal is an
/// answer and never half a file; <see cref="WriteAsync"/> runs afterwards, straight into the response, reading its rows
/// as it writes them where the sheet writer can.
/// </summary>
public sealed record SheetDownload(string FileName, SheetFormat Format, Func<Stream, CancellationToken, Task> WriteAsync)
{
    /// <summary>A small file that is only ever made whole (the templates).</summary>
    public static SheetDownload Of(string fileName, SheetFormat format, byte[] content) =>
        new(fileName, format, (output, cancellationToken) => output.WriteAsync(content, cancellationToken).AsTask());
}
