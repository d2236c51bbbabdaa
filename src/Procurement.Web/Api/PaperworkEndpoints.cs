using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Procurement.Core.Common;
using Procurement.Core.Ordering;
using Procurement.Core.Paperwork;
using Procurement.Web.Auth;
using Procurement.Web.Platform;

namespace Procurement.Web.Api;

/// <summary>
/// The paperwork a union files (#22): the 实名发放签领表, the invoice profile and each order's invoice request, the
/// suppliers' invoices (owed, issued, red), finance's list and export, and 验收. Each route asks the capability of
/// its actor; which rows it reaches is the tenant filter's business (another union's or supplier's invoice is a 404).
/// </summary>
public static class PaperworkEndpoints
{
    public static IEndpointRouteBuilder MapPaperwork(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/orders/{id:guid}/sign-off-sheet", SignOffSheet).WithTags("Orders").RequireCapability(Capability.ReadOrder);
        // The same file for the order page's link, which signs in with the browser's cookie.
        app.MapGet("/orders/{id:guid}/sign-off-sheet.{format}", SignOffSheet)
            .RequirePageCapability(Capability.ReadOrder).ExcludeFromDescription();

        var profile = app.MapGroup("/api/v1/union/invoice-profile").WithTags("Invoices");
        profile.MapGet("/", Profile).RequireCapability(Capability.ReadUnion);
        profile.MapPut("/", SaveProfile).RequireCapability(Capability.Purchase);

        var order = app.MapGroup("/api/v1/orders/{id:guid}").WithTags("Invoices");
        order.MapGet("/invoice-request", Request).RequireCapability(Capability.ReadOrder);
        order.MapPut("/invoice-request", SetRequest).RequireCapability(Capability.Purchase);
        order.MapGet("/invoices", OrderInvoiceList).RequireCapability(Capability.ReadOrder);
        order.MapPost("/acceptance", Accept).RequireCapability(Capability.Purchase).WithTags("Orders");

        // An invoice's files: the order's union, the supplier that issued it, finance and admins.
        app.MapGet("/api/v1/invoices/{id:guid}/documents/{documentId:guid}", Document).WithTags("Invoices")
            .RequireCapability(Capability.ReadOrder, Capability.Supply);
        app.MapGet("/invoices/{id:guid}/documents/{documentId:guid}", Document)
            .RequirePageCapability(Capability.ReadOrder, Capability.Supply).ExcludeFromDescription();

        var supplier = app.MapGroup("/api/v1/supplier/invoices").WithTags("Invoices").RequireCapability(Capability.Supply);
        supplier.MapGet("/", SupplierList);
        supplier.MapGet("/{id:guid}", SupplierInvoice);
        supplier.MapPost("/{id:guid}/issue", Issue).DisableAntiforgery().AcceptsBodiesUpTo(SupplierInvoices.MaxFileBytes + 64 * 1024);
        supplier.MapPost("/{id:guid}/red", Red).DisableAntiforgery().AcceptsBodiesUpTo(SupplierInvoices.MaxFileBytes + 64 * 1024);

        var finance = app.MapGroup("/api/v1/finance/invoices").WithTags("Invoices").RequireCapability(Capability.FinanceRead);
        finance.MapGet("/", FinanceList);
        finance.MapGet("/export", FinanceExport);
        app.MapGet("/finance/invoices.{format}", FinanceExport).RequirePageCapability(Capability.FinanceRead).ExcludeFromDescription();
        return app;
    }

    [EndpointSummary("The order's 实名发放签领表 (format=xlsx|csv): one row per recipient, mobiles masked, A4 landscape when printed")]
    public static async Task<IResult> SignOffSheet(Guid id, string? format, SignOffSheets sheets, CancellationToken cancellationToken)
    {
        var asked = Downloads.Format(format, SheetFormat.Xlsx);
        return asked.Error is { } badFormat ? badFormat.ToProblem() : (await sheets.DownloadAsync(id, asked.Value, cancellationToken)).ToFile();
    }

    [EndpointSummary("The union's invoice profile (开票信息): title, tax number, email; defaults to the union's name and USCC")]
    public static async Task<Results<Ok<InvoiceRequestView>, ProblemHttpResult>> Profile(InvoiceProfiles profiles, CancellationToken cancellationToken) =>
        (await profiles.MineAsync(cancellationToken)).ToOk();

    [EndpointSummary("Keep the union's invoice profile { type: normal|special, title, taxNumber, email }")]
    public static async Task<Results<Ok<InvoiceRequestView>, ProblemHttpResult>> SaveProfile(InvoiceRequestBody? body, InvoiceProfiles profiles, CancellationToken cancellationToken) =>
        (await profiles.SaveAsync(body ?? new InvoiceRequestBody(), cancellationToken)).ToOk();

    [EndpointSummary("The order's invoice request (the union's profile until the order has its own)")]
    public static async Task<Results<Ok<InvoiceRequestView>, ProblemHttpResult>> Request(Guid id, OrderInvoices invoices, CancellationToken cancellationToken) =>
        (await invoices.RequestAsync(id, cancellationToken)).ToOk();

    [EndpointSummary("Ask for the order's invoices { type: normal|special, title, taxNumber, email }, until the order completes")]
    public static async Task<Results<Ok<InvoiceRequestView>, ProblemHttpResult>> SetRequest(Guid id, InvoiceRequestBody? body, OrderInvoices invoices,
        CancellationToken cancellationToken) =>
        (await invoices.SetRequestAsync(id, body ?? new InvoiceRequestBody(), cancellationToken)).ToOk();

    [EndpointSummary("The order's invoices, one per supplier once paid: amount owed (its share less refunds), status, number, file")]
    public static async Task<Results<Ok<IReadOnlyList<InvoiceView>>, ProblemHttpResult>> OrderInvoiceList(Guid id, OrderInvoices invoices, CancellationToken cancellationToken) =>
        (await invoices.ListAsync(id, cancellationToken)).ToOk();

    [EndpointSummary("Record 验收 of a delivered order { note }: who, when, the note; once")]
    public static async Task<Results<Ok<OrderDetails>, ProblemHttpResult>> Accept(Guid id, AcceptanceBody? body, OrderAcceptances acceptances, CancellationToken cancellationToken) =>
        (await acceptances.AcceptAsync(id, body?.Note, cancellationToken)).ToOk();

    [EndpointSummary("One of an invoice's documents (the issued 数电发票, or a red one): PDF, OFD or XML")]
    public static async Task<IResult> Document(Guid id, Guid documentId, OrderInvoices invoices, CancellationToken cancellationToken)
    {
        var found = await invoices.FileAsync(id, documentId, cancellationToken);
        return found.Value is { } file ? TypedResults.File(file.Content, file.ContentType, file.FileName) : found.Error!.ToProblem();
    }

    [EndpointSummary("The supplier's invoices, newest first (status=Requested|Issued|RedRequired|Voided)")]
    public static async Task<Results<Ok<Paged<InvoiceView>>, ProblemHttpResult>> SupplierList(string? status, int? page, int? pageSize, SupplierInvoices invoices,
        CancellationToken cancellationToken) =>
        (await invoices.ListAsync(status, page ?? 1, pageSize ?? 20, cancellationToken)).ToOk();

    [EndpointSummary("One of the supplier's invoices with its goods lines and documents")]
    public static async Task<Results<Ok<InvoiceView>, ProblemHttpResult>> SupplierInvoice(Guid id, SupplierInvoices invoices, CancellationToken cancellationToken) =>
        (await invoices.GetAsync(id, cancellationToken)).ToOk();

    [EndpointSummary("Issue the invoice: multipart number, issuedAt (yyyy-MM-dd), amount (exactly what is owed), file (PDF, OFD or XML, ≤ 5 MB)")]
    public static async Task<Results<Ok<InvoiceView>, ProblemHttpResult>> Issue(Guid id, [FromForm] string? number, [FromForm] string? issuedAt, [FromForm] string? amount,
        IFormFile? file, SupplierInvoices invoices, CancellationToken cancellationToken)
    {
        await using var content = file?.OpenReadStream();
        return (await invoices.IssueAsync(id, new InvoiceIssueForm(number, issuedAt, amount), content, cancellationToken)).ToOk();
    }

    [EndpointSummary("Record the red invoice (红字发票) cancelling the issued one: multipart number, issuedAt, amount (the issued amount, negative), file")]
    public static async Task<Results<Ok<InvoiceView>, ProblemHttpResult>> Red(Guid id, [FromForm] string? number, [FromForm] string? issuedAt, [FromForm] string? amount,
        IFormFile? file, SupplierInvoices invoices, CancellationToken cancellationToken)
    {
        await using var content = file?.OpenReadStream();
        return (await invoices.CancelByRedAsync(id, new InvoiceIssueForm(number, issuedAt, amount), content, cancellationToken)).ToOk();
    }

    [EndpointSummary("Invoices across suppliers (status=, supplierId=, overdueDays=: still owed that many days after delivery)")]
    public static async Task<Results<Ok<Paged<InvoiceView>>, ProblemHttpResult>> FinanceList(string? status, Guid? supplierId, int? overdueDays, int? page, int? pageSize,
        FinanceInvoices invoices, CancellationToken cancellationToken) =>
        (await invoices.ListAsync(status, supplierId, overdueDays, page ?? 1, pageSize ?? 20, cancellationToken)).ToOk();

    [EndpointSummary("The same list as XLSX or CSV (format=xlsx|csv), every matching row")]
    public static IResult FinanceExport(string? format, string? status, Guid? supplierId, int? overdueDays, FinanceInvoices invoices)
    {
        var asked = Downloads.Format(format, SheetFormat.Xlsx);
        return asked.Error is { } badFormat ? badFormat.ToProblem() : invoices.Export(status, supplierId, overdueDays, asked.Value).ToFile();
    }
}

/// <summary><c>{ note }</c> of 验收.</summary>
public sealed record AcceptanceBody(string? Note);
