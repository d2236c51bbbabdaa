using Microsoft.Extensions.Logging;
using Procurement.Core.Common;

namespace Procurement.Core.Payments;

/// <summary>
/// Sends a refund's money back online once its books are committed, so a refund is never sent for an order still
/// counted as paid. Used by a paid order's cancellation, finance's retry and the supplier's after-sales refund; a bank
/// refund waits for finance instead (<see cref="FinanceRefunds"/>).
/// </summary>
public sealed class RefundSender(IOnlinePayments online, RefundBooks books, IUnitOfWork unitOfWork, TimeProvider clock, ILogger<RefundSender> logger)
{
    public async Task SendAsync(Refund refund, Payment payment, CancellationToken cancellationToken)
    {
        if (refund.Method != PaymentMethod.Online)
        {
            return;
        }
        var asked = await online.RefundAsync(payment.Reference, Money.ToFen(refund.Amount), refund.IdempotencyKey, refund.Id, cancellationToken);
        var now = clock.GetUtcNow();
        if (asked.Error is { } failed)
        {
            // Unanswered: the provider may have made it; a retry asks again with the same key.
            refund.Unreached(failed.Detail);
        }
        else if (asked.Value!.Id.Length == 0)
        {
            refund.Refused(asked.Value.FailureReason ?? ProviderOutcomes.Name(asked.Value.Status));
        }
        else
        {
            refund.Asked(asked.Value.Id, asked.Value.Status, asked.Value.FailureReason, now);
            if (refund.Status == RefundStatus.Succeeded)
            {
                books.Confirmed(refund, online: true, now, null);
            }
        }
        if (await unitOfWork.CommitAsync(cancellationToken) is { } conflict)
        {
            // The refund's id is the provider's idempotency key: asking again (finance's retry) finds the same refund.
            logger.LogError("Refund {RefundId}: the provider's answer ({Status}) could not be saved: {Reason}", refund.Id, asked.Value?.Status, conflict.Detail);
            return;
        }
        logger.Log(refund.Status == RefundStatus.Failed ? LogLevel.Warning : LogLevel.Information,
            "Refund {RefundId} of {Amount} CNY asked of the provider ({ProviderRefundId}): {Status} {Failure}", refund.Id, refund.Amount, refund.ProviderRefundId,
            refund.Status, refund.FailureReason);
    }
}
