using Microsoft.Net.Http.Headers;
using Procurement.Core.Common;
using Procurement.Web.Platform;

namespace Procurement.Web.Api;

/// <summary>
/// Every download, one way: the <c>format</c> asked for is parsed here, and a use case's <see cref="SheetDownload"/>
/// becomes the HTTP answer here — its error as a problem, otherwise the file streamed into the response.
/// </summary>
public static class Downloads
{
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string CsvType = "text/csv; charset=utf-8";

    /// <summary><c>format=xlsx|csv</c> (any case); absent means <paramref name="byDefault"/>, anything else is named as a bad <c>format</c>.</summary>
    public static Result<SheetFormat> Format(string? format, SheetFormat byDefault) => format?.ToLowerInvariant() switch
    {
        null => byDefault,
        "xlsx" => SheetFormat.Xlsx,
        "csv" => SheetFormat.Csv,
        _ => Error.Invalid("format", Texts.Pick("格式须为 xlsx 或 csv。", "The format must be xlsx or csv.")),
    };

    public static string ContentType(SheetFormat format) => format == SheetFormat.Xlsx ? XlsxType : CsvType;

    /// <summary>The use case's file as the answer, or its refusal as a problem; nothing is written before it said yes.</summary>
    public static IResult ToFile(this Result<SheetDownload> result) => result.Succeeded ? new SheetFile(result.Value!) : result.Error!.ToProblem();

    /// <summary>A download written straight to the response as it is produced, never buffered whole.</summary>
    private sealed class SheetFile(SheetDownload download) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.ContentType = ContentType(download.Format);
            // filename for old clients, filename* (UTF-8) for names in Chinese: the same header a file result writes.
            var disposition = new ContentDispositionHeaderValue("attachment");
            disposition.SetHttpFileName(download.FileName);
            httpContext.Response.Headers.ContentDisposition = disposition.ToString();
            await download.WriteAsync(httpContext.Response.Body, httpContext.RequestAborted);
        }
    }
}
