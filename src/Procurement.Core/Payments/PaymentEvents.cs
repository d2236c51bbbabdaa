using Microsoft.Extensions.Logging;
using Procurement.Core.Common;
using Procurement.Core.Fulfilment;
using Procurement.Core.Ordering;

namespace Procurement.Core.Payments;

/// <summary>A verified provider event, as far as we use it: which attempt or order, how much, and what happened.</summary>
/// <param name="AmountFen">What the provider says was paid, in 分 (Stripe's smallest unit for CNY).</param>
/// <param name="Refunds">The refunds a <c>charge.refunded</c> or <c>refund.*</c> event reports, with Stripe's status of each.</param>
/// <param name="SessionId">The Checkout session a <c>checkout.session.completed</c> event is about.</param>
public sealed record PaymentEvent(string Id, string Type, string ApiVersion, string? IntentId, Guid? OrderId, long? AmountFen, string? Currency, string? FailureReason,
    IReadOnlyList<ProviderRefund>? Refunds = null, string? SessionId = null);

/// <summary>What was done with an event, for the log and the tests.</summary>
public enum PaymentEventOutcome
{
    Applied,
    Duplicate,
    Ignored,

    /// <summary>The effect collided with another change (the order moved meanwhile) and nothing was kept: Stripe must send it again.</summary>
    Retry,
}

/// <summary>Creates payment attempts at the provider (Stripe), named for what it does.</summary>
public interface IPaymentProvider
{
    bool Configured { get; }

    /// <summary>A PaymentIntent for <paramref name="amountFen"/> in CNY, tagged with the order, created once per <paramref name="idempotencyKey"/>.</summary>
    Task<Result<ProviderIntent>> CreateIntentAsync(Guid orderId, string orderNumber, long amountFen, string paymentMethodType, string idempotencyKey,
        CancellationToken cancellationToken);

    /// <summary>
    /// A hosted Checkout session (Stripe's page takes the card or shows the Alipay / WeChat Pay QR code, so no card
    /// data touches our servers) for <paramref name="amountFen"/> in CNY, tagged with the order, made once per key.
    /// </summary>
    Task<Result<ProviderCheckout>> CreateCheckoutAsync(Guid orderId, string orderNumber, long amountFen, string paymentMethodType, Uri successUrl, Uri cancelUrl,
        string idempotencyKey, CancellationToken cancellationToken);
}

public sealed record ProviderIntent(string IntentId, string ClientSecret);

/// <summary>A hosted Checkout page for one payment attempt: where to send the purchaser, and the session's id.</summary>
public sealed record ProviderCheckout(string SessionId, string Url);

/// <summary>Remembers which provider events were handled, in the same unit of work as their effect.</summary>
public interface IPaymentEventLog
{
    Task<bool> SeenAsync(string eventId, CancellationToken cancellationToken);

    void Record(string eventId, string type, string apiVersion, DateTimeOffset at);

    Task<Payment?> FindByIntentAsync(string intentId, CancellationToken cancellationToken);

    Task<Payment?> FindBySessionAsync(string sessionId, CancellationToken cancellationToken);
}

/// <summary>
/// Stripe's webhook events, each applied once (the event id is stored in the same unit of work as its effect, under a
/// unique key), in whatever order they arrive. Runs as the system identity: a webhook has no user.
/// </summary>
public sealed class PaymentEvents(IPaymentEventLog log, IOrderStore orders, IOrderCommitments commitments, IShipmentStore shipments, IRefundStore refunds,
    IUnitOfWork unitOfWork, TimeProvider clock, ILogger<PaymentEvents> logger)
{
    public const string Succeeded = "payment_intent.succeeded";
    public const string CheckoutCompleted = "checkout.session.completed";
    public const string Failed = "payment_intent.payment_failed";
    public const string Canceled = "payment_intent.canceled";
    public const string Refunded = "charge.refunded";
    public const string RefundUpdated = "refund.updated";
    public const string RefundFailed = "refund.failed";

    public async Task<PaymentEventOutcome> HandleAsync(PaymentEvent stripeEvent, CancellationToken cancellationToken)
    {
        if (await log.SeenAsync(stripeEvent.Id, cancellationToken))
        {
            return PaymentEventOutcome.Duplicate;
        }
        var now = clock.GetUtcNow();
        log.Record(stripeEvent.Id, stripeEvent.Type, stripeEvent.ApiVersion, now);
        var outcome = stripeEvent.Type switch
        {
            Succeeded or CheckoutCompleted => await SucceededAsync(stripeEvent, now, cancellationToken),
            Failed or Canceled => await FailedAsync(stripeEvent, cancellationToken),
            Refunded or RefundUpdated or RefundFailed => await FollowRefundsAsync(stripeEvent.Refunds ?? [], now, cancellationToken) > 0
                ? PaymentEventOutcome.Applied
                : PaymentEventOutcome.Ignored,
            _ => PaymentEventOutcome.Ignored,
        };
        if (await unitOfWork.CommitAsync(cancellationToken) is { } conflict)
        {
            // Another delivery of the same event won its key: handled there. Otherwise the order or payment moved
            // meanwhile (the expiry job, a clerk) and nothing was kept: Stripe is told to send the event again.
            if (await log.SeenAsync(stripeEvent.Id, cancellationToken))
            {
                logger.LogInformation("Stripe event {EventId} ({Type}) was handled concurrently", stripeEvent.Id, stripeEvent.Type);
                return PaymentEventOutcome.Duplicate;
            }
            logger.LogWarning("Stripe event {EventId} ({Type}) collided with another change ({Reason}); asking Stripe to retry", stripeEvent.Id, stripeEvent.Type, conflict.Detail);
            return PaymentEventOutcome.Retry;
        }
        logger.LogInformation("Stripe event {EventId} ({Type}, API {ApiVersion}) {Outcome}", stripeEvent.Id, stripeEvent.Type, stripeEvent.ApiVersion, outcome);
        return outcome;
    }

    private async Task<PaymentEventOutcome> SucceededAsync(PaymentEvent e, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Checkout sends both checkout.session.completed and payment_intent.succeeded: the session names the attempt
        // and learns its intent, so whichever comes second finds the same, already paid, attempt.
        var payment = e.SessionId is { } session ? await log.FindBySessionAsync(session, cancellationToken) : null;
        if (payment is not null && e.IntentId is { } learned && payment.Reference != learned)
        {
            payment.AttachIntent(learned);
        }
        payment ??= e.IntentId is { } intent ? await log.FindByIntentAsync(intent, cancellationToken) : null;
        var orderId = payment?.OrderId ?? e.OrderId;
        if (payment is null || orderId is null || await orders.FindAsync(orderId.Value, cancellationToken) is not { } order || e.AmountFen is not { } fen)
        {
            logger.LogWarning("Stripe event {EventId} names no payment of ours (intent {IntentId}, order {OrderId})", e.Id, e.IntentId, e.OrderId);
            return PaymentEventOutcome.Ignored;
        }
        var amount = string.Equals(e.Currency, "cny", StringComparison.OrdinalIgnoreCase) ? Money.FromFen(fen) : -1m;
        if (!payment.ProviderSucceeded(amount, now))
        {
            if (payment.Flag == PaymentFlag.WrongAmount)
            {
                logger.LogWarning("Stripe event {EventId}: {Amount} {Currency} for order {OrderNumber}, which asks {Expected} CNY; flagged for finance",
                    e.Id, fen, e.Currency, order.Number, payment.Amount);
            }
            return PaymentEventOutcome.Applied;
        }
        if (order.Pay(null, now, Texts.Pick("在线支付成功。", "Paid online.")) is null)
        {
            commitments.Sell(order);
            shipments.CreateFor(order);
        }
        else
        {
            // Money for an order that is no longer payable (expired, cancelled): kept as a succeeded payment for finance to return.
            logger.LogWarning("Stripe event {EventId}: order {OrderNumber} is {Status} and was paid anyway; finance must refund it", e.Id, order.Number, order.Status);
        }
        return PaymentEventOutcome.Applied;
    }

    /// <summary>Stripe's word on refunds (<c>charge.refunded</c>, <c>refund.updated</c>, <c>refund.failed</c>); a success is never undone.</summary>
    private async Task<int> FollowRefundsAsync(IReadOnlyList<ProviderRefund> reported, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var changed = 0;
        foreach (var report in reported)
        {
            if (await refunds.FindByProviderIdAsync(report.Id, cancellationToken) is not { } refund)
            {
                logger.LogWarning("Stripe reports refund {ProviderRefundId} ({Status}), which was not made here", report.Id, report.Status);
                continue;
            }
            if (refund.Provider(report.Status, report.FailureReason, now))
            {
                changed++;
                logger.Log(refund.Status == RefundStatus.Failed ? LogLevel.Warning : LogLevel.Information,
                    "Refund {RefundId} ({ProviderRefundId}) is now {Status} {Failure}", refund.Id, report.Id, refund.Status, refund.FailureReason);
            }
        }
        return changed;
    }

    private async Task<PaymentEventOutcome> FailedAsync(PaymentEvent e, CancellationToken cancellationToken)
    {
        if (e.IntentId is not { } intent || await log.FindByIntentAsync(intent, cancellationToken) is not { } payment)
        {
            return PaymentEventOutcome.Ignored;
        }
        payment.ProviderFailed(e.Type == Canceled, e.FailureReason);
        return PaymentEventOutcome.Applied;
    }
}
