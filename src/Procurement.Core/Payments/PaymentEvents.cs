using Microsoft.Extensions.Logging;
using Procurement.Core.Common;
using Procurement.Core.Ordering;

namespace Procurement.Core.Payments;

/// <summary>What a provider's event means to us; the adapter maps the provider's own event names to these.</summary>
public enum PaymentEventKind
{
    /// <summary>Any event we do not act on: recorded as seen and ignored.</summary>
    Other,

    /// <summary>The money of an attempt (or a hosted checkout) arrived.</summary>
    Succeeded,

    /// <summary>The attempt failed (declined, say); the purchaser may try again.</summary>
    Failed,

    /// <summary>The attempt was canceled.</summary>
    Canceled,

    /// <summary>News of refunds: each one reported with where it stands.</summary>
    Refunded,
}

/// <summary>A verified provider event, as far as we use it: which attempt or order, how much, and what happened.</summary>
/// <param name="Type">The provider's own name for the event, kept with the event's id and in the log.</param>
/// <param name="ProviderPaymentId">The provider's id of the attempt (a payment's <see cref="Payment.Reference"/>).</param>
/// <param name="AmountFen">What the provider says was paid, in 分.</param>
/// <param name="Refunds">The refunds a <see cref="PaymentEventKind.Refunded"/> event reports, with where each stands.</param>
/// <param name="SessionId">The hosted checkout session a completed checkout is about.</param>
public sealed record PaymentEvent(string Id, PaymentEventKind Kind, string Type, string ApiVersion, string? ProviderPaymentId, Guid? OrderId, long? AmountFen,
    string? Currency, string? FailureReason, IReadOnlyList<ProviderRefund>? Refunds = null, string? SessionId = null);

/// <summary>What was done with an event, for the log and the tests.</summary>
public enum PaymentEventOutcome
{
    Applied,
    Duplicate,
    Ignored,

    /// <summary>The effect collided with another change (the order moved meanwhile) and nothing was kept: the provider must send it again.</summary>
    Retry,
}

/// <summary>Remembers which provider events were handled, in the same unit of work as their effect.</summary>
public interface IPaymentEventLog
{
    Task<bool> SeenAsync(string eventId, CancellationToken cancellationToken);

    void Record(string eventId, string type, string apiVersion, DateTimeOffset at);

    Task<Payment?> FindByProviderIdAsync(string providerPaymentId, CancellationToken cancellationToken);

    Task<Payment?> FindBySessionAsync(string sessionId, CancellationToken cancellationToken);
}

/// <summary>
/// The online provider's webhook events, each applied once (the event id is stored in the same unit of work as its effect, under a
/// unique key), in whatever order they arrive. Runs as the system identity: a webhook has no user.
/// </summary>
public sealed class PaymentEvents(IPaymentEventLog log, IOrderStore orders, IOrderCommitments commitments, IPaidOrderParcels parcels, IPaidOrderInvoices invoices, IRefundStore refunds,
    RefundBooks books, IPaymentStore payments, Ledger.ILedger ledger, Notifications.INotifications notifications, IUnitOfWork unitOfWork, TimeProvider clock, ILogger<PaymentEvents> logger,
    Reporting.IReportingBook reporting)
{
    public async Task<PaymentEventOutcome> HandleAsync(PaymentEvent paymentEvent, CancellationToken cancellationToken)
    {
        if (await log.SeenAsync(paymentEvent.Id, cancellationToken))
        {
            return PaymentEventOutcome.Duplicate;
        }
        var now = clock.GetUtcNow();
        log.Record(paymentEvent.Id, paymentEvent.Type, paymentEvent.ApiVersion, now);
        var outcome = paymentEvent.Kind switch
        {
            PaymentEventKind.Succeeded => await SucceededAsync(paymentEvent, now, cancellationToken),
            PaymentEventKind.Failed or PaymentEventKind.Canceled => await FailedAsync(paymentEvent, cancellationToken),
            PaymentEventKind.Refunded => await FollowRefundsAsync(paymentEvent.Refunds ?? [], now, cancellationToken) > 0
                ? PaymentEventOutcome.Applied
                : PaymentEventOutcome.Ignored,
            _ => PaymentEventOutcome.Ignored,
        };
        if (await unitOfWork.CommitAsync(cancellationToken) is { } conflict)
        {
            // Another delivery of the same event won its key: handled there. Otherwise the order or payment moved
            // meanwhile (the expiry job, a clerk) and nothing was kept: the provider is told to send the event again.
            if (await log.SeenAsync(paymentEvent.Id, cancellationToken))
            {
                logger.LogInformation("Payment event {EventId} ({Type}) was handled concurrently", paymentEvent.Id, paymentEvent.Type);
                return PaymentEventOutcome.Duplicate;
            }
            logger.LogWarning("Payment event {EventId} ({Type}) collided with another change ({Reason}); asking the provider to retry", paymentEvent.Id, paymentEvent.Type, conflict.Detail);
            return PaymentEventOutcome.Retry;
        }
        logger.LogInformation("Payment event {EventId} ({Type}, API {ApiVersion}) {Outcome}", paymentEvent.Id, paymentEvent.Type, paymentEvent.ApiVersion, outcome);
        return outcome;
    }

    private async Task<PaymentEventOutcome> SucceededAsync(PaymentEvent e, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // A hosted checkout reports its session completed and its attempt succeeded: the session names the attempt
        // and learns the provider's id, so whichever comes second finds the same, already paid, attempt.
        var payment = e.SessionId is { } session ? await log.FindBySessionAsync(session, cancellationToken) : null;
        if (payment is not null && e.ProviderPaymentId is { } learned && payment.Reference != learned)
        {
            payment.AttachIntent(learned);
        }
        payment ??= e.ProviderPaymentId is { } id ? await log.FindByProviderIdAsync(id, cancellationToken) : null;
        if (payment is null && e.OrderId is { } tagged && e.AmountFen is { } paid && paid > 0
            && string.Equals(e.Currency, "cny", StringComparison.OrdinalIgnoreCase) && await orders.FindAsync(tagged, cancellationToken) is { } named)
        {
            // Money for an attempt we have no record of (its row was never saved: a crash between the provider's
            // create and our commit): it is still ours to account for. Recorded as an online payment that paid
            // nothing, flagged for finance to return.
            var orphan = new Payment(named.Id, named.UnionId, PaymentMethod.Online, named.Total, e.ProviderPaymentId ?? "", null, now);
            orphan.Unapplied(Money.FromFen(paid), now);
            payments.Add(orphan);
            ledger.Post(Ledger.Postings.Unapplied(orphan.Id, online: true, named.Id, named.Number, orphan.Received, now));
            logger.LogWarning("Payment event {EventId}: {Amount} fen for order {OrderNumber} by attempt {ProviderPaymentId}, which we have no record of; flagged unapplied",
                e.Id, paid, named.Number, e.ProviderPaymentId);
            return PaymentEventOutcome.Applied;
        }
        var orderId = payment?.OrderId ?? e.OrderId;
        if (payment is null || orderId is null || await orders.FindAsync(orderId.Value, cancellationToken) is not { } order || e.AmountFen is not { } fen)
        {
            logger.LogWarning("Payment event {EventId} names no payment of ours (attempt {ProviderPaymentId}, order {OrderId})", e.Id, e.ProviderPaymentId, e.OrderId);
            return PaymentEventOutcome.Ignored;
        }
        var amount = string.Equals(e.Currency, "cny", StringComparison.OrdinalIgnoreCase) ? Money.FromFen(fen) : -1m;
        var flaggedBefore = payment.Flag == PaymentFlag.WrongAmount;
        if (!payment.ProviderSucceeded(amount, now))
        {
            if (payment.Flag == PaymentFlag.WrongAmount && !flaggedBefore)
            {
                // The money arrived but pays nothing: it waits in suspense for finance to return it.
                if (amount > 0m)
                {
                    ledger.Post(Ledger.Postings.Unapplied(payment.Id, online: true, order.Id, order.Number, amount, now));
                }
                logger.LogWarning("Payment event {EventId}: {Amount} {Currency} for order {OrderNumber}, which asks {Expected} CNY; flagged for finance",
                    e.Id, fen, e.Currency, order.Number, payment.Amount);
            }
            return PaymentEventOutcome.Applied;
        }
        if (order.Pay(null, now, Texts.Pick("在线支付成功。", "Paid online.")) is null)
        {
            commitments.Sell(order);
            parcels.MakeFor(order);
            invoices.OweFor(order);
            reporting.Paid(order);
            ledger.Post(Ledger.Postings.Received(payment.Id, order.Id, order.Number, payment.Received, now));
            notifications.Add(Notifications.Notification.ForUnion(order.UnionId, Notifications.NotificationKind.PaymentConfirmed, order.Id, order.Number,
                payment.Received.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture), now));
        }
        else
        {
            // Money for an order that can no longer take it (cancelled, expired, paid by another attempt): it pays
            // nothing, is flagged Unapplied and waits in suspense for finance to return it.
            payment.Unapplied(payment.Received, now);
            ledger.Post(Ledger.Postings.Unapplied(payment.Id, online: true, order.Id, order.Number, payment.Received, now));
            logger.LogWarning("Payment event {EventId}: order {OrderNumber} is {Status} and was paid anyway; {Amount} CNY flagged unapplied for finance to return",
                e.Id, order.Number, order.Status, payment.Received);
        }
        return PaymentEventOutcome.Applied;
    }

    /// <summary>The provider's word on refunds; a success is never undone.</summary>
    private async Task<int> FollowRefundsAsync(IReadOnlyList<ProviderRefund> reported, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var changed = 0;
        foreach (var report in reported)
        {
            // Found by the provider's id, or by ours in its metadata when the create's answer was lost.
            var refund = await refunds.FindByProviderIdAsync(report.Id, cancellationToken)
                         ?? (report.RefundId is { } ours ? await refunds.FindAsync(ours, cancellationToken) : null);
            if (refund is null)
            {
                logger.LogWarning("The provider reports refund {ProviderRefundId} ({Status}), which was not made here", report.Id, report.Status);
                continue;
            }
            refund.Learn(report.Id);
            if (refund.Provider(report.Status, report.FailureReason, now))
            {
                changed++;
                if (refund.Status == RefundStatus.Succeeded)
                {
                    books.Confirmed(refund, online: true, now, null);
                }
                logger.Log(refund.Status == RefundStatus.Failed ? LogLevel.Warning : LogLevel.Information,
                    "Refund {RefundId} ({ProviderRefundId}) is now {Status} {Failure}", refund.Id, report.Id, refund.Status, refund.FailureReason);
            }
        }
        return changed;
    }

    private async Task<PaymentEventOutcome> FailedAsync(PaymentEvent e, CancellationToken cancellationToken)
    {
        if (e.ProviderPaymentId is not { } id || await log.FindByProviderIdAsync(id, cancellationToken) is not { } payment)
        {
            return PaymentEventOutcome.Ignored;
        }
        payment.ProviderFailed(e.Kind == PaymentEventKind.Canceled ? ProviderOutcome.Canceled : ProviderOutcome.Failed, e.FailureReason);
        return PaymentEventOutcome.Applied;
    }
}
