using Microsoft.Extensions.Logging;
using Procurement.Core.Common;
using Procurement.Core.Fulfilment;
using Procurement.Core.Ordering;
using Procurement.Core.Users;

namespace Procurement.Core.Payments;

/// <summary>The body of <c>POST /api/v1/finance/refunds/{id}/completion</c>: the bank transfer that sent a refund back.</summary>
public sealed record RefundSentRequest(string? Reference, DateTimeOffset? SentAt);

public sealed record RefundDetails(
    Guid Id, Guid OrderId, string OrderNumber, string? UnionName, string Method, string Status, decimal Amount, string Reason, Guid? CaseId,
    DateTimeOffset RequestedAt, string? ProviderRefundId, string? Reference, string? FailureReason, DateTimeOffset? CompletedAt, int Attempts);

public sealed record RefundRow(Refund Refund, string OrderNumber, string? UnionName);

public sealed record ProviderRefund(string Id, string Status, string? FailureReason);

public interface IRefundStore
{
    void Add(Refund refund);

    Task<Refund?> FindAsync(Guid id, CancellationToken cancellationToken);

    Task<Refund?> FindByProviderIdAsync(string providerRefundId, CancellationToken cancellationToken);

    Task<IReadOnlyList<RefundRow>> ForOrderAsync(Guid orderId, CancellationToken cancellationToken);

    /// <summary>Refunds in a state (null: every state), pending and failed first, oldest first within.</summary>
    Task<Paged<RefundRow>> ListAsync(RefundStatus? status, string? q, int page, int pageSize, CancellationToken cancellationToken);

    /// <summary>The order's payment whose money paid it (the earliest succeeded), tracked.</summary>
    Task<Payment?> PayingAsync(Guid orderId, CancellationToken cancellationToken);

    /// <summary>
    /// The same for a supplier settling an after-sales case of its own: suppliers never read payments, so this one is
    /// read past the union filter, and only ever with the order id of the supplier's own case.
    /// </summary>
    Task<Payment?> PayingForCaseAsync(Guid orderId, CancellationToken cancellationToken);
}

/// <summary>Sends money back through the provider that took it (Stripe), named for what it does.</summary>
public interface IRefundProvider
{
    /// <summary>A refund of <paramref name="amountFen"/> of the intent, made once per <paramref name="idempotencyKey"/>.</summary>
    Task<Result<ProviderRefund>> RefundAsync(string intentId, long amountFen, string idempotencyKey, CancellationToken cancellationToken);
}

/// <summary>
/// Refunds. Cancelling a paid order that has not shipped refunds it whole: in one unit of work the order becomes
/// Refunded, its budget and every member's cap usage are given back, its stock returns to sale, the sales ledger
/// takes the lines back and its parcels are cancelled; then the money goes back — asked of Stripe (a failure stays
/// visible to finance, who may retry), or recorded by finance when the bank transfer back is sent.
/// </summary>
public sealed class RefundDesk(
    IRefundStore refunds, IOrderStore orders, IOrderCommitments commitments, IShipmentStore shipments, IRefundProvider provider, IUnitOfWork unitOfWork,
    ICurrentUser user, TimeProvider clock, ILogger<RefundDesk> logger) : IPaidOrderCancellation
{
    public async Task<Error?> CancelPaidAsync(Order order, string? reason, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var why = string.IsNullOrWhiteSpace(reason) ? Texts.Pick("采购员取消已付款订单，全额退款。", "The purchaser cancelled the paid order: refunded in full.") : reason.Trim();
        if (order.Refund(user.UserId, now, why) is { } wrong)
        {
            return wrong;
        }
        if (await refunds.PayingAsync(order.Id, cancellationToken) is not { } payment)
        {
            // Nothing is committed: the order's move above is dropped with this operation.
            return Error.InvalidState(Texts.Pick("找不到该订单的到账记录，请联系财务。", "No payment of this order was found; ask finance."));
        }
        var refund = new Refund(order.Id, order.UnionId, payment, order.Total, why, null, user.UserId, now);
        refunds.Add(refund);
        commitments.GiveBack(order);
        shipments.CancelFor(order);
        if (await unitOfWork.CommitAsync(cancellationToken) is { } conflict)
        {
            return conflict;
        }
        logger.LogInformation("Order {OrderNumber} ({OrderId}) refunded in full by {UserId}: {Amount} CNY by {Method}, refund {RefundId}", order.Number,
            order.Id, user.UserId, refund.Amount, refund.Method, refund.Id);
        await AskProviderAsync(refund, payment, cancellationToken);
        return null;
    }

    /// <summary>A Stripe refund is asked after its books are committed, so a refund is never sent for an order still counted as paid.</summary>
    internal async Task AskProviderAsync(Refund refund, Payment payment, CancellationToken cancellationToken)
    {
        if (refund.Method != PaymentMethod.Stripe)
        {
            return;
        }
        var asked = await provider.RefundAsync(payment.Reference, Money.ToFen(refund.Amount), refund.IdempotencyKey, cancellationToken);
        var now = clock.GetUtcNow();
        if (asked.Error is { } failed)
        {
            refund.Unreached(failed.Detail);
        }
        else
        {
            refund.Asked(asked.Value!.Id, asked.Value.Status, asked.Value.FailureReason, now);
        }
        if (await unitOfWork.CommitAsync(cancellationToken) is { } conflict)
        {
            // The refund's id is Stripe's idempotency key: asking again (finance's retry) finds the same refund.
            logger.LogError("Refund {RefundId}: Stripe's answer ({Status}) could not be saved: {Reason}", refund.Id, asked.Value?.Status, conflict.Detail);
            return;
        }
        logger.Log(refund.Status == RefundStatus.Failed ? LogLevel.Warning : LogLevel.Information,
            "Refund {RefundId} of {Amount} CNY asked of Stripe ({ProviderRefundId}): {Status} {Failure}", refund.Id, refund.Amount, refund.ProviderRefundId,
            refund.Status, refund.FailureReason);
    }

    public async Task<Result<IReadOnlyList<RefundDetails>>> ForOrderAsync(Guid orderId, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.ReadOrder) is { } denied)
        {
            return denied;
        }
        if (!await orders.ExistsAsync(orderId, cancellationToken))
        {
            return Error.NotFound();
        }
        return (await refunds.ForOrderAsync(orderId, cancellationToken)).Select(Details).ToList();
    }

    /// <summary>Finance's refunds: bank refunds to send, failed Stripe refunds to retry, and the history.</summary>
    public async Task<Result<Paged<RefundDetails>>> ListAsync(string? status, string? q, int page, int pageSize, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.FinanceRead) is { } denied)
        {
            return denied;
        }
        RefundStatus? wanted = null;
        if (status is not null)
        {
            if (!Enum.TryParse<RefundStatus>(status, ignoreCase: false, out var parsed))
            {
                return Error.Invalid("status", Texts.Pick("状态须为 Pending、Succeeded 或 Failed。", "The status must be Pending, Succeeded or Failed."));
            }
            wanted = parsed;
        }
        var found = await refunds.ListAsync(wanted, string.IsNullOrWhiteSpace(q) ? null : q.Trim(), Math.Max(1, page), Math.Clamp(pageSize, 1, ListQuery.MaxPageSize),
            cancellationToken);
        return new Paged<RefundDetails>(found.Total, found.Page, found.PageSize, found.Items.Select(Details).ToList());
    }

    /// <summary>Finance records the bank transfer that returned a bank refund (or a failed online one, returned by transfer instead).</summary>
    public async Task<Result<RefundDetails>> SentAsync(Guid refundId, RefundSentRequest request, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.FinanceWrite) is { } denied)
        {
            return denied;
        }
        var clerk = user.UserId!.Value;
        if (await refunds.FindAsync(refundId, cancellationToken) is not { } refund)
        {
            return Error.NotFound();
        }
        if (refund.Sent(request.Reference, request.SentAt, clerk, clock.GetUtcNow()) is { } refused)
        {
            return refused;
        }
        if (await unitOfWork.CommitAsync(cancellationToken) is { } conflict)
        {
            return conflict;
        }
        logger.LogInformation("Bank refund {RefundId} of {Amount} CNY recorded sent by {Clerk} ({Reference})", refund.Id, refund.Amount, clerk, refund.Reference);
        return await DetailsAsync(refund, cancellationToken);
    }

    /// <summary>Finance asks Stripe again for a refund that failed.</summary>
    public async Task<Result<RefundDetails>> RetryAsync(Guid refundId, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.FinanceWrite) is { } denied)
        {
            return denied;
        }
        if (await refunds.FindAsync(refundId, cancellationToken) is not { } refund)
        {
            return Error.NotFound();
        }
        if (refund.Retry() is { } refused)
        {
            return refused;
        }
        if (await refunds.PayingAsync(refund.OrderId, cancellationToken) is not { } payment || payment.Id != refund.PaymentId)
        {
            return Error.InvalidState(Texts.Pick("找不到该退款对应的付款。", "The refund's payment was not found."));
        }
        if (await unitOfWork.CommitAsync(cancellationToken) is { } conflict)
        {
            return conflict;
        }
        await AskProviderAsync(refund, payment, cancellationToken);
        return await DetailsAsync(refund, cancellationToken);
    }

    private async Task<RefundDetails> DetailsAsync(Refund refund, CancellationToken cancellationToken)
    {
        var rows = await refunds.ForOrderAsync(refund.OrderId, cancellationToken);
        return Details(rows.FirstOrDefault(r => r.Refund.Id == refund.Id) ?? new RefundRow(refund, "", null));
    }

    private static RefundDetails Details(RefundRow row)
    {
        var r = row.Refund;
        return new RefundDetails(r.Id, r.OrderId, row.OrderNumber, row.UnionName, r.Method == PaymentMethod.BankTransfer ? PaymentDesk.BankTransfer : PaymentDesk.Stripe,
            r.Status.ToString(), r.Amount, r.Reason, r.CaseId, r.RequestedAt, r.ProviderRefundId, r.Reference, r.FailureReason, r.CompletedAt, r.Attempts);
    }
}
