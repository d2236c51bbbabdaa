using FluentValidation;
using Microsoft.Extensions.Logging;
using Procurement.Core.Common;
using Procurement.Core.Ordering;
using Procurement.Core.Payments;
using Procurement.Core.Users;

namespace Procurement.Core.Fulfilment;

/// <summary>
/// 售后, the supplier's side: its open cases, each settled by resending the package(s) (a new parcel, which the
/// tracking import sends like any other) or refunding their value: the union's budget and that member's cap usage
/// get the value back and the sales ledger takes the lines back, in one unit of work, and the money goes back the
/// way it came (online, or a bank refund finance records).
/// </summary>
public sealed class AfterSalesResolution(
    IAfterSalesStore cases, IShipmentStore shipments, IOrderStore orders, IRefundStore refunds, RefundBooks books, IOrderCommitments commitments, IPaidOrderInvoices invoices, RefundSender refundSender,
    Settlement.ISettlementStore settlements, Notifications.INotifications notifications, IUnitOfWork unitOfWork, ICurrentUser user, IValidator<AfterSalesDecision> validator, TimeProvider clock,
    ILogger<AfterSalesResolution> logger, Reporting.IReportingBook reporting)
{
    public async Task<Result<Paged<AfterSalesView>>> ListAsync(string? status, int page, int pageSize, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.Supply) is { } refused)
        {
            return refused;
        }
        AfterSalesStatus? wanted = null;
        if (status is not null)
        {
            if (!Enum.TryParse<AfterSalesStatus>(status, ignoreCase: false, out var parsed))
            {
                return Error.Invalid("status", Texts.Pick("状态须为 Open、Resent 或 Refunded。", "The status must be Open, Resent or Refunded."));
            }
            wanted = parsed;
        }
        var bounds = PageBounds.Require(page, pageSize);
        return await cases.ListAsync(wanted, bounds.Page, bounds.PageSize, cancellationToken);
    }

    /// <summary>The supplier sends the package(s) again: a new parcel of the same contents to the same member.</summary>
    public async Task<Result<AfterSalesView>> ResendAsync(Guid caseId, AfterSalesDecision decision, CancellationToken cancellationToken)
    {
        if (await DecidableAsync(caseId, decision, cancellationToken) is not { } found)
        {
            return Error.NotFound();
        }
        if (found.Error is { } refused)
        {
            return refused;
        }
        var (afterSales, shipment, _) = found.Value!;
        var now = clock.GetUtcNow();
        // A parcel lost before it arrived never made its value the supplier's: the resend carries it, and pays it on delivery.
        var carried = LostInTransit(afterSales, shipment) ? Money.ToFen(afterSales.Value) : 0;
        shipments.Add(Shipment.Resend(shipment, afterSales.Packages, afterSales.Id, now, carried));
        if (afterSales.Kind == AfterSalesKind.Lost)
        {
            shipment.Lost();
        }
        afterSales.Resent(user.UserId!.Value, now, decision.Note);
        return await CommitAsync(afterSales, "resent", cancellationToken);
    }

    /// <summary>
    /// The supplier refunds the package(s)' value: budget and the member's cap get it back, the ledger takes the
    /// lines back, and the money goes back online or as a bank refund finance sends.
    /// </summary>
    public async Task<Result<AfterSalesView>> RefundAsync(Guid caseId, AfterSalesDecision decision, CancellationToken cancellationToken)
    {
        if (await DecidableAsync(caseId, decision, cancellationToken) is not { } found)
        {
            return Error.NotFound();
        }
        if (found.Error is { } refused)
        {
            return refused;
        }
        var (afterSales, shipment, order) = found.Value!;
        if (await refunds.PayingForCaseAsync(order.Id, cancellationToken) is not { } payment)
        {
            return Error.InvalidState(Texts.Pick("找不到该订单的到账记录，请联系平台财务。", "No payment of this order was found; ask the platform's finance."));
        }
        var now = clock.GetUtcNow();
        var reason = Texts.Pick($"售后退款：{afterSales.RecipientName} 的 {afterSales.Packages} 份（{(afterSales.Kind == AfterSalesKind.Damaged ? "损坏" : "丢失")}）",
            $"After-sales refund: {afterSales.Packages} package(s) of {afterSales.RecipientName} ({afterSales.Kind})");
        // A parcel lost before it arrived was never the supplier's to be paid: its value comes back out of the money
        // held for the order, and the supplier's statement is not charged (charging it would take it twice). Anything
        // else was (or will be, on delivery) the supplier's: the refund is taken from its payable and its statement.
        var lost = LostInTransit(afterSales, shipment);
        var decided = books.Decide(payment, order.Number, afterSales.Value, lost ? Ledger.LedgerAccount.Held : Ledger.LedgerAccount.Payable(afterSales.SupplierId),
            reason, afterSales.Id, user.UserId, now);
        if (decided.Error is { } overRefund)
        {
            return overRefund;
        }
        var refund = decided.Value!;
        if (!lost)
        {
            // The supplier's statement counts it in this month, or the next one finance has not settled yet.
            var settled = await settlements.SettledMonthsAsync([afterSales.SupplierId], Settlement.SettlementMonth.Of(now).Key, cancellationToken);
            var month = Settlement.SettlementMonth.BookingKey(now, settled);
            refund.BookTo(afterSales.SupplierId, month);
            settlements.Book(afterSales.SupplierId, month);
        }
        // What the refunded packages held: a member-choice parcel, its member's option.
        var lines = order.ParcelLines(afterSales.SupplierId, afterSales.Packages, shipment.Option);
        commitments.GiveBackPackages(order, afterSales.Mobile, afterSales.Value, lines);
        // The supplier's invoice owes that much less (an issued one now needs a red invoice and a new one).
        invoices.Refunded(order, afterSales.SupplierId, afterSales.Packages, afterSales.Value);
        reporting.Refunded(order, lines);
        if (afterSales.Kind == AfterSalesKind.Lost && shipment.Status == ShipmentStatus.Shipped)
        {
            // The lost parcel leaves the count, which may complete the order's delivery.
            var before = await shipments.CountsAsync(order.Id, cancellationToken);
            shipment.Lost();
            order.Follow(before with { Shipped = before.Shipped - 1 }, user.UserId, now);
            invoices.Delivered(order);
        }
        afterSales.Refunded(refund.Id, user.UserId!.Value, now, decision.Note);
        var result = await CommitAsync(afterSales, "refunded", cancellationToken);
        if (result.Succeeded)
        {
            await refundSender.SendAsync(refund, payment, cancellationToken);
        }
        return result;
    }

    /// <summary>A parcel reported lost that was never delivered: its value is still held for the order, not the supplier's.</summary>
    private static bool LostInTransit(AfterSalesCase afterSales, Shipment shipment) =>
        afterSales.Kind == AfterSalesKind.Lost && shipment.Status is ShipmentStatus.Shipped or ShipmentStatus.Cancelled;

    private async Task<Result<(AfterSalesCase Case, Shipment Shipment, Order Order)>?> DecidableAsync(Guid caseId, AfterSalesDecision decision, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.Supply) is { } refused)
        {
            return refused;
        }
        var checkedDecision = await validator.ValidateAsync(decision, cancellationToken);
        if (!checkedDecision.IsValid)
        {
            return Error.Invalid(checkedDecision.ToFieldErrors());
        }
        // A supplier sees its own cases and parcels only; the order is reached through them.
        if (await cases.FindAsync(caseId, cancellationToken) is not { } afterSales || afterSales.SupplierId != user.SupplierId
            || await shipments.FindAsync(afterSales.ShipmentId, cancellationToken) is not { } shipment
            || await orders.FindForShipmentAsync(afterSales.OrderId, cancellationToken) is not { } order)
        {
            return null;
        }
        if (afterSales.CheckOpen() is { } settled)
        {
            return settled;
        }
        return (afterSales, shipment, order);
    }

    private async Task<Result<AfterSalesView>> CommitAsync(AfterSalesCase afterSales, string verb, CancellationToken cancellationToken)
    {
        // The union hears the supplier's decision with it: "resent" or "refunded" is the detail.
        notifications.Add(Notifications.Notification.ForUnion(afterSales.UnionId, Notifications.NotificationKind.AfterSalesDecided, afterSales.OrderId, afterSales.OrderNumber,
            verb, clock.GetUtcNow()));
        if (await unitOfWork.CommitAsync(cancellationToken) is { } conflict)
        {
            return conflict;
        }
        logger.LogInformation("After-sales {CaseId} of order {OrderNumber} {Verb} by supplier {SupplierId}: {Value} CNY", afterSales.Id, afterSales.OrderNumber, verb,
            afterSales.SupplierId, afterSales.Value);
        return afterSales.ToView();
    }
}
