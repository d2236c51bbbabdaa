using Microsoft.AspNetCore.Http.HttpResults;
using Procurement.Core.Catalog.Listings;
using Procurement.Core.Common;
using Procurement.Web.Auth;
using Procurement.Web.Platform;

namespace Procurement.Web.Api;

public sealed record StockImportResponse(int Rows, int Updated);

/// <summary>Bulk stock and price updates from CSV or XLSX, and the template to fill in.</summary>
public static class StockImportEndpoints
{
    /// <summary>50,000 rows fit in a few MB; the limit leaves room for wide XLSX files without inviting abuse.</summary>
    public const long MaxFileBytes = 16 * 1024 * 1024;

    public static IEndpointRouteBuilder MapStockImports(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/supplier/stock-imports").WithTags("Supplier listings").RequireCapability(Capability.Supply);
        group.MapPost("/", Import).DisableAntiforgery().AcceptsBodiesUpTo(MaxFileBytes);
        group.MapGet("/template", Template);
        // The same template for the portal's download links, which sign in with the browser's cookie.
        app.MapGet("/supplier/stock-import/template.{format}", Template).RequirePageCapability(Capability.Supply).ExcludeFromDescription();
        return app;
    }

    [EndpointSummary("Update stock (and optionally price) of many SKUs from a CSV or XLSX file (sku_code,stock,price); all or nothing")]
    [EndpointDescription("Multipart form with one `file`. CSV in UTF-8 (BOM optional) or GB18030, or the first sheet of an XLSX. A blank price keeps the price. Every bad row is reported in `errors` as `row N: column`, and nothing is written.")]
    public static async Task<Results<Ok<StockImportResponse>, ProblemHttpResult>> Import(IFormFile? file, StockImport import, CancellationToken cancellationToken)
    {
        if (Uploads.Missing(file) is { } missing)
        {
            return missing;
        }
        await using var stream = file!.OpenReadStream();
        return (await import.RunAsync(stream, cancellationToken)).ToOk(summary => new StockImportResponse(summary.Rows, summary.Updated));
    }

    [EndpointSummary("The import template, filled with the caller's SKUs and their current stock and price (format=csv|xlsx)")]
    public static async Task<IResult> Template(string? format, StockImport import, CancellationToken cancellationToken)
    {
        var asked = Downloads.Format(format, SheetFormat.Csv);
        return asked.Error is { } badFormat ? badFormat.ToProblem() : (await import.TemplateAsync(asked.Value, cancellationToken)).ToFile();
    }
}
