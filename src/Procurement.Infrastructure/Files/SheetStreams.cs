using System.Text;
using MiniExcelLibs;

namespace Procurement.Infrastructure.Files;

/// <summary>
/// Writing an export straight into a response, which refuses synchronous writes (Kestrel and the test host do). XLSX
/// goes through MiniExcel's asynchronous writer, which reads its rows as it writes them (an
/// <see cref="IAsyncEnumerable{T}"/> of rows stays one row in memory); only the zip's closing bytes, written
/// synchronously, are held by <see cref="AsyncOnlyStream"/> until the end. CSV is UTF-8 with a BOM (Excel then opens
/// the Chinese right), CRLF, sent every 64 KB.
/// </summary>
public static class SheetStreams
{
    private const int FlushAt = 1 << 16;

    /// <summary>An XLSX of one sheet (rows of column → value), or of several (a dictionary of sheet name → rows).</summary>
    public static async Task XlsxAsync(Stream output, object sheets, string sheetName, CancellationToken cancellationToken)
    {
        await using var response = new AsyncOnlyStream(output);
        await response.SaveAsAsync(sheets, sheetName: sheetName, excelType: ExcelType.XLSX, cancellationToken: cancellationToken);
        await response.FlushAsync(cancellationToken);
    }

    /// <summary>
    /// The rows, or when there are none one empty row under <paramref name="header"/>: MiniExcel takes the header from
    /// the first row, and an export without rows still shows its columns.
    /// </summary>
    public static async IAsyncEnumerable<Dictionary<string, object?>> OrEmptyRow(this IAsyncEnumerable<Dictionary<string, object?>> rows, IReadOnlyList<string> header)
    {
        var any = false;
        await foreach (var row in rows)
        {
            any = true;
            yield return row;
        }
        if (!any)
        {
            yield return header.ToDictionary(h => h, _ => (object?)null);
        }
    }

    /// <summary>CSV lines (each without its line break) as they come.</summary>
    public static Task CsvAsync(Stream output, IAsyncEnumerable<string> lines, CancellationToken cancellationToken) =>
        CsvAsync(output, null, lines, static (text, line) => text.Append(line), cancellationToken);

    /// <summary>
    /// The one CSV writer: <paramref name="header"/> (if any), then each row appended by <paramref name="append"/> straight
    /// into the buffer (a million rows make no string each), with its line break.
    /// </summary>
    public static async Task CsvAsync<T>(Stream output, string? header, IAsyncEnumerable<T> rows, Action<StringBuilder, T> append, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), FlushAt, leaveOpen: true);
        var text = new StringBuilder(FlushAt + 1024);
        if (header is not null)
        {
            text.Append(header).Append("\r\n");
        }
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            append(text, row);
            text.Append("\r\n");
            if (text.Length >= FlushAt)
            {
                await writer.WriteAsync(text, cancellationToken);
                text.Clear();
            }
        }
        await writer.WriteAsync(text, cancellationToken);
        await writer.FlushAsync(cancellationToken);
    }

    /// <summary>CSV lines already at hand.</summary>
    public static Task CsvAsync(Stream output, IEnumerable<string> lines, CancellationToken cancellationToken) => CsvAsync(output, Async(lines), cancellationToken);

    private static async IAsyncEnumerable<string> Async(IEnumerable<string> lines)
    {
        foreach (var line in lines)
        {
            yield return line;
        }
        await Task.CompletedTask;
    }
}
