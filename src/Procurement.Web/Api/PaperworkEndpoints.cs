using Procurement.Core.Common;
using Procurement.Core.Paperwork;
using Procurement.Web.Auth;

namespace Procurement.Web.Api;

/// <summary>
/// An order's paperwork (#22): the 实名发放签领表 for now. Read like the order's own export: ReadOrder (the order's
/// union, finance, admins), and the union filter makes another union's order a 404.
/// </summary>
public static class PaperworkEndpoints
{
    public static IEndpointRouteBuilder MapPaperwork(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/orders/{id:guid}/sign-off-sheet", SignOffSheet).WithTags("Orders").RequireCapability(Capability.ReadOrder);
        // The same file for the order page's link, which signs in with the browser's cookie.
        app.MapGet("/orders/{id:guid}/sign-off-sheet.{format}", SignOffSheet)
            .RequirePageCapability(Capability.ReadOrder).ExcludeFromDescription();
        return app;
    }

    [EndpointSummary("The order's 实名发放签领表 (format=xlsx|csv): one row per recipient, mobiles masked, A4 landscape when printed")]
    public static async Task<IResult> SignOffSheet(Guid id, string? format, SignOffSheets sheets, CancellationToken cancellationToken)
    {
        var asked = Downloads.Format(format, SheetFormat.Xlsx);
        return asked.Error is { } badFormat ? badFormat.ToProblem() : (await sheets.DownloadAsync(id, asked.Value, cancellationToken)).ToFile();
    }
}
