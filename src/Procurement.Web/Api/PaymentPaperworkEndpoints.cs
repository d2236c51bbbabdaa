using Microsoft.AspNetCore.Http.HttpResults;
using Procurement.Core.Common;
using Procurement.Core.Payments;
using Procurement.Web.Auth;
using Procurement.Web.Platform;

namespace Procurement.Web.Api;

public sealed record PaymentNoticeResponse(
    string OrderNumber, string UnionName, Payee Payee, decimal Amount, string AmountInCapitals, string Reference, DateTimeOffset DueBy, DateTimeOffset IssuedAt,
    string? OrderReference);

/// <summary>Bank-transfer paperwork: the payment notice (JSON, XLSX) and the purchaser's receipt (upload, download).</summary>
public static class PaymentPaperworkEndpoints
{
    public static IEndpointRouteBuilder MapPaymentPaperwork(this IEndpointRouteBuilder app)
    {
        var order = app.MapGroup("/api/v1/orders/{id:guid}").WithTags("Payments");
        order.MapGet("/payment-notice", Notice).RequireCapability(Capability.Purchase);
        order.MapGet("/payment-notice.xlsx", NoticeSheet).RequireCapability(Capability.Purchase);
        order.MapPost("/payments/receipt", MarkPaid).RequireCapability(Capability.Purchase).DisableAntiforgery()
            .AcceptsBodiesUpTo(TransferPaperwork.MaxReceiptBytes + 64 * 1024);
        order.MapGet("/payments/receipt", Receipt).RequireCapability(Capability.ReadOrder);
        // The same files for the portal's links, which sign in with the browser's cookie.
        app.MapGet("/orders/{id:guid}/payment-notice.xlsx", NoticeSheet).RequirePageCapability(Capability.Purchase).ExcludeFromDescription();
        app.MapGet("/orders/{id:guid}/payment-receipt", Receipt).RequirePageCapability(Capability.ReadOrder).ExcludeFromDescription();
        return app;
    }

    [EndpointSummary("The payment notice (付款通知书) of an approved order: payee, amount in figures and capitals, the reference to write, due date")]
    public static async Task<Results<Ok<PaymentNoticeResponse>, ProblemHttpResult>> Notice(Guid id, TransferPaperwork paperwork, CancellationToken cancellationToken) =>
        (await paperwork.NoticeAsync(id, cancellationToken)).ToOk(n => new PaymentNoticeResponse(n.OrderNumber, n.UnionName, n.Payee, n.Amount, n.AmountInCapitals,
            n.Reference, n.DueBy, n.IssuedAt, n.OrderReference));

    [EndpointSummary("The payment notice as XLSX")]
    public static async Task<IResult> NoticeSheet(Guid id, TransferPaperwork paperwork, CancellationToken cancellationToken) =>
        (await paperwork.NoticeSheetAsync(id, cancellationToken)).ToFile();

    [EndpointSummary("Mark the bank transfer paid and attach its receipt (multipart `file`: PDF, JPG or PNG up to 5 MB); finance still confirms the money")]
    public static async Task<Results<Ok<PaymentDetails>, ProblemHttpResult>> MarkPaid(Guid id, IFormFile? file, TransferPaperwork paperwork, CancellationToken cancellationToken)
    {
        if (Uploads.Missing(file) is { } missing)
        {
            return missing;
        }
        if (file!.Length > TransferPaperwork.MaxReceiptBytes)
        {
            return Error.Invalid("file", Texts.Pick("回单文件不能超过 5 MB。", "The receipt may be at most 5 MB.")).ToProblem();
        }
        await using var content = file.OpenReadStream();
        return (await paperwork.MarkPaidAsync(id, content, cancellationToken)).ToOk();
    }

    [EndpointSummary("The receipt the purchaser attached to the order's bank transfer (its union, finance and admins)")]
    public static async Task<IResult> Receipt(Guid id, TransferPaperwork paperwork, CancellationToken cancellationToken)
    {
        var found = await paperwork.ReceiptAsync(id, cancellationToken);
        return found.Value is { } receipt ? TypedResults.File(receipt.Content, receipt.ContentType, receipt.FileName) : found.Error!.ToProblem();
    }
}
