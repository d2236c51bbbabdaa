using Microsoft.Extensions.Logging;
using Procurement.Core.Common;
using Procurement.Core.Ordering;
using Procurement.Core.Users;

namespace Procurement.Core.Payments;

/// <summary>
/// The purchaser cancels a paid order that has not shipped (Ordering's <see cref="IPaidOrderCancellation"/>): it is
/// refunded whole. In one unit of work the order becomes Refunded, its budget and every member's cap usage are given
/// back, its stock returns to sale, the sales ledger takes the lines back and its parcels are cancelled; then the money
/// goes back — online through <see cref="RefundSender"/>, or by bank transfer when finance records it.
/// </summary>
public sealed class PaidOrderRefunds(
    IRefundStore refunds, RefundBooks books, IOrderCommitments commitments, IPaidOrderParcels parcels, IPaidOrderInvoices invoices, RefundSender sender, IUnitOfWork unitOfWork, ICurrentUser user,
    TimeProvider clock, ILogger<PaidOrderRefunds> logger, Reporting.IReportingBook reporting) : IPaidOrderCancellation
{
    /// <summary>Called by <see cref="OrderWorkflow"/>, which has checked the purchaser's capability and the order.</summary>
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
        // Nothing was delivered: the whole total comes back out of the money held for the order.
        var decided = books.Decide(payment, order.Number, order.Total, Ledger.LedgerAccount.Held, why, null, user.UserId, now);
        if (decided.Error is { } refused)
        {
            return refused;
        }
        var refund = decided.Value!;
        commitments.GiveBack(order);
        parcels.CancelFor(order);
        invoices.RefundedWhole(order);
        reporting.Refunded(order);
        if (await unitOfWork.CommitAsync(cancellationToken) is { } conflict)
        {
            return conflict;
        }
        logger.LogInformation("Order {OrderNumber} ({OrderId}) refunded in full by {UserId}: {Amount} CNY by {Method}, refund {RefundId}", order.Number,
            order.Id, user.UserId, refund.Amount, refund.Method, refund.Id);
        await sender.SendAsync(refund, payment, cancellationToken);
        return null;
    }
}
