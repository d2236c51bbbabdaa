using Microsoft.AspNetCore.Http.HttpResults;
using Procurement.Core.Common;
using Procurement.Core.Payments;
using Procurement.Web.Auth;

namespace Procurement.Web.Api;

/// <summary>What the webhook answers Stripe: the event's id and what was done with it.</summary>
public sealed record WebhookAnswer(string EventId, string Outcome);

/// <summary>
/// Paying approved orders (<see cref="PayOrder"/>), finance's transfers, flagged payments and refunds
/// (<see cref="TransferConfirmations"/>, <see cref="PaymentResolutions"/>, <see cref="FinanceRefunds"/>), reading them
/// (<see cref="PaymentQueries"/>) and Stripe's webhook. Who may act is decided by each use case's capability.
/// </summary>
public static class PaymentsEndpoints
{
    /// <summary>
    /// The contract's names for the payment methods (<c>docs/api.md</c>): <c>stripe</c> is Core's online payment. Core
    /// reads and writes the API's words through this, so the wire stays as it was while Core names no vendor.
    /// </summary>
    public static readonly PaymentMethodNames MethodNames = new(Online: "stripe", BankTransfer: "bank_transfer");

    public static IEndpointRouteBuilder MapPayments(this IEndpointRouteBuilder app)
    {
        var orders = app.MapGroup("/api/v1/orders/{id:guid}/payments").WithTags("Payments");
        orders.MapPost("/", Start).RequireCapability(Capability.Purchase);
        orders.MapGet("/", ForOrder).RequireCapability(Capability.ReadOrder);
        orders.MapPost("/checkout", Checkout).RequireCapability(Capability.Purchase);
        var finance = app.MapGroup("/api/v1/finance").WithTags("Payments").RequireCapability(Capability.FinanceRead);
        finance.MapPost("/orders/{id:guid}/bank-transfer-confirmations", Confirm).RequireCapability(Capability.FinanceWrite);
        finance.MapGet("/bank-transfers", Awaiting);
        finance.MapGet("/flagged-payments", Flagged);
        finance.MapPost("/payments/{paymentId:guid}/resolution", Resolve).RequireCapability(Capability.FinanceWrite);
        finance.MapPost("/payments/{paymentId:guid}/refunds", ReturnPayment).RequireCapability(Capability.FinanceWrite);
        finance.MapGet("/payments", Payments);
        finance.MapGet("/payments/export", ExportPayments);
        finance.MapGet("/refunds", Refunds);
        finance.MapPost("/refunds/{refundId:guid}/completion", RefundSent).RequireCapability(Capability.FinanceWrite);
        finance.MapPost("/refunds/{refundId:guid}/retry", RetryRefund).RequireCapability(Capability.FinanceWrite);
        // The same export for the finance page's download links, which sign in with the browser's cookie.
        // Read by people (issue #21): states and flags as words in the reader's language; the API keeps the codes.
        app.MapGet("/finance/payments/export.{format}", (string? format, string? status, string? method, DateOnly? from, DateOnly? to, string? q, PaymentQueries queries) =>
                ExportPaymentsFor(format, status, method, from, to, q, queries, SheetLabels.Reader))
            .RequirePageCapability(Capability.FinanceRead).ExcludeFromDescription();
        app.MapGet("/api/v1/orders/{id:guid}/refunds", OrderRefunds).WithTags("Payments").RequireCapability(Capability.ReadOrder);
        // Stripe signs its calls; there is no user. The handler acts as the explicit system identity.
        app.MapPost("/api/v1/webhooks/stripe", StripeWebhook).WithTags("Payments").AllowAnonymous();
        return app;
    }

    [EndpointSummary("Pay an approved order: bank_transfer answers the payee and the reference to quote; stripe a PaymentIntent's id and client secret (503 when Stripe is not configured)")]
    public static async Task<Results<Created<PaymentStarted>, Ok<PaymentStarted>, ProblemHttpResult>> Start(Guid id, PaymentRequest request, PayOrder pay,
        CancellationToken cancellationToken)
    {
        var result = await pay.StartAsync(id, request, cancellationToken);
        // The order's open online attempt asked for again is the same attempt: 200, not a second 201.
        if (result.Value is { Reused: true } same)
        {
            return TypedResults.Ok(same);
        }
        return result.ToCreated(_ => $"/api/v1/orders/{id}/payments") switch
        {
            { Result: Created<PaymentStarted> created } => created,
            { Result: ProblemHttpResult problem } => problem,
            var other => throw new InvalidOperationException($"Unexpected result {other.Result}"),
        };
    }

    [EndpointSummary("Pay an approved order on Stripe's hosted Checkout page: answers the session's id and the page to send the purchaser to")]
    [EndpointDescription("Body `{ paymentMethodType: card|alipay|wechat_pay }`. Stripe sends the purchaser back to `/orders/{id}/payment?result=success|cancel` on this host, which shows the order as our database has it; only the signed webhook pays it. 503 `payment-provider-unavailable` without `Stripe:SecretKey`.")]
    public static async Task<Results<Created<ProviderCheckout>, ProblemHttpResult>> Checkout(
        Guid id, PaymentRequest request, PayOrder pay, HttpRequest http, CancellationToken cancellationToken)
    {
        var back = new Uri($"{http.Scheme}://{http.Host}{http.PathBase}/orders/{id}/payment");
        var result = await pay.StartCheckoutAsync(id, request.PaymentMethodType, back, cancellationToken);
        return result.ToCreated(checkout => checkout.Url);
    }

    [EndpointSummary("An order's payments with their receipts")]
    public static async Task<Results<Ok<IReadOnlyList<PaymentDetails>>, ProblemHttpResult>> ForOrder(Guid id, PaymentQueries queries, CancellationToken cancellationToken)
    {
        return (await queries.ForOrderAsync(id, cancellationToken)).ToOk();
    }

    [EndpointSummary("Record what arrived for an order's bank transfer (Finance): the order is paid when the receipts reach its total")]
    [EndpointDescription("A short amount is recorded and the order stays unpaid (`missing` says how much is still due); an overpayment pays the order and is flagged `Overpaid`. When the order is paid its reservations become sales in the same transaction.")]
    public static async Task<Results<Ok<PaymentDetails>, ProblemHttpResult>> Confirm(
        Guid id, BankTransferConfirmationRequest request, TransferConfirmations confirmations, CancellationToken cancellationToken)
    {
        return (await confirmations.ConfirmAsync(id, request, cancellationToken)).ToOk();
    }

    [EndpointSummary("Payments (Finance): status=Pending|Succeeded|Failed|Canceled, method=stripe|bank_transfer, from/to (Beijing dates, yyyy-MM-dd), q (order number, union, reference); newest first")]
    public static async Task<Results<Ok<Paged<PaymentDetails>>, ProblemHttpResult>> Payments(
        string? status, string? method, DateOnly? from, DateOnly? to, string? q, int? page, int? pageSize, PaymentQueries queries, CancellationToken cancellationToken)
    {
        return (await queries.ListAsync(status, method, from, to, q, page ?? 1, pageSize ?? 20, cancellationToken)).ToOk();
    }

    [EndpointSummary("The same payments as a file (format=xlsx|csv; CSV is UTF-8 with BOM), at most 50,000 rows")]
    public static IResult ExportPayments(string? format, string? status, string? method, DateOnly? from, DateOnly? to, string? q, PaymentQueries queries) =>
        ExportPaymentsFor(format, status, method, from, to, q, queries, SheetLabels.Contract);

    private static IResult ExportPaymentsFor(string? format, string? status, string? method, DateOnly? from, DateOnly? to, string? q, PaymentQueries queries, SheetLabels labels)
    {
        var asked = Downloads.Format(format, SheetFormat.Xlsx);
        return asked.Error is { } badFormat ? badFormat.ToProblem() : queries.Export(status, method, from, to, q, asked.Value, labels).ToFile();
    }

    [EndpointSummary("An order's refunds: whole-order cancellations after payment and after-sales refunds, with where the money is")]
    public static async Task<Results<Ok<IReadOnlyList<RefundDetails>>, ProblemHttpResult>> OrderRefunds(Guid id, PaymentQueries queries, CancellationToken cancellationToken)
    {
        return (await queries.RefundsForOrderAsync(id, cancellationToken)).ToOk();
    }

    [EndpointSummary("Refunds (Finance): status=Pending (bank refunds to send, Stripe refunds not confirmed), Failed (to retry), Succeeded; q searches the order number or union")]
    public static async Task<Results<Ok<Paged<RefundDetails>>, ProblemHttpResult>> Refunds(
        string? status, string? q, int? page, int? pageSize, FinanceRefunds refunds, CancellationToken cancellationToken)
    {
        return (await refunds.ListAsync(status, q, page ?? 1, pageSize ?? 20, cancellationToken)).ToOk();
    }

    [EndpointSummary("Record the bank transfer that sent a bank refund back (Finance): reference and sentAt")]
    public static async Task<Results<Ok<RefundDetails>, ProblemHttpResult>> RefundSent(
        Guid refundId, RefundSentRequest request, FinanceRefunds refunds, CancellationToken cancellationToken)
    {
        return (await refunds.SentAsync(refundId, request, cancellationToken)).ToOk();
    }

    [EndpointSummary("Ask Stripe again for a refund that failed (Finance)")]
    public static async Task<Results<Ok<RefundDetails>, ProblemHttpResult>> RetryRefund(Guid refundId, FinanceRefunds refunds, CancellationToken cancellationToken)
    {
        return (await refunds.RetryAsync(refundId, cancellationToken)).ToOk();
    }

    [EndpointSummary("Stripe's webhook: the raw body's Stripe-Signature verified (300 s tolerance), each event id applied once")]
    [EndpointDescription("A bad or stale signature, or a body that is not an event, answers 400 and changes nothing. A replayed event answers 200 and changes nothing. `payment_intent.succeeded` and `checkout.session.completed` whose amount equals the order's total pay it; another amount flags the payment for finance; failures and cancellations are recorded and never un-pay.")]
    public static async Task<Results<Ok<WebhookAnswer>, ProblemHttpResult>> StripeWebhook(
        HttpRequest request, Infrastructure.Payments.StripeWebhookReader reader, IServiceScopeFactory scopes, CancellationToken cancellationToken)
    {
        using var body = new StreamReader(request.Body);
        var read = reader.Read(await body.ReadToEndAsync(cancellationToken), request.Headers["Stripe-Signature"]);
        if (read.Error is { } refused)
        {
            return refused.ToProblem();
        }
        await using var scope = Infrastructure.Users.SystemScopes.CreateSystemScope(scopes);
        var outcome = await scope.ServiceProvider.GetRequiredService<PaymentEvents>().HandleAsync(read.Value!, cancellationToken);
        // Any answer but 2xx makes Stripe deliver the event again later.
        return outcome == PaymentEventOutcome.Retry
            ? Conflicts.Changed().ToProblem()
            : TypedResults.Ok(new WebhookAnswer(read.Value!.Id, outcome.ToString()));
    }

    [EndpointSummary("Payments whose money did not match the order (WrongAmount, Overpaid), unresolved first (Finance); all=true includes settled ones")]
    public static async Task<Results<Ok<Paged<PaymentDetails>>, ProblemHttpResult>> Flagged(
        bool? all, int? page, int? pageSize, PaymentResolutions resolutions, CancellationToken cancellationToken)
    {
        return (await resolutions.FlaggedAsync(all != true, page ?? 1, pageSize ?? 20, cancellationToken)).ToOk();
    }

    [EndpointSummary("Settle a flagged payment with a note (Finance); who and when are kept")]
    public static async Task<Results<Ok<PaymentDetails>, ProblemHttpResult>> Resolve(
        Guid paymentId, ResolutionRequest request, PaymentResolutions resolutions, CancellationToken cancellationToken)
    {
        return (await resolutions.ResolveAsync(paymentId, request, cancellationToken)).ToOk();
    }

    [EndpointSummary("Return money that paid nothing (unapplied, wrong amount, overpaid) back the way it came (Finance)")]
    public static async Task<Results<Created<RefundDetails>, ProblemHttpResult>> ReturnPayment(
        Guid paymentId, PaymentRefundRequest request, PaymentResolutions resolutions, CancellationToken cancellationToken)
    {
        return (await resolutions.ReturnAsync(paymentId, request, cancellationToken)).ToCreated(r => $"/api/v1/finance/refunds?q={r.OrderNumber}");
    }

    [EndpointSummary("Bank transfers awaiting (part of) their money, oldest first (Finance)")]
    public static async Task<Results<Ok<Paged<PaymentDetails>>, ProblemHttpResult>> Awaiting(
        string? q, int? page, int? pageSize, TransferConfirmations confirmations, CancellationToken cancellationToken)
    {
        return (await confirmations.AwaitingAsync(q, page ?? 1, pageSize ?? 20, cancellationToken)).ToOk();
    }
}
