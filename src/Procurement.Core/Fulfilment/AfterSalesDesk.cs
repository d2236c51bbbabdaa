using Microsoft.Extensions.Logging;
using Procurement.Core.Common;
using Procurement.Core.Ordering;
using Procurement.Core.Payments;
using Procurement.Core.Users;

namespace Procurement.Core.Fulfilment;

/// <summary>The body of <c>POST /api/v1/orders/{id}/after-sales</c>.</summary>
public sealed record AfterSalesRequest(long? ShipmentId, string? Kind, int? Packages, string? Description);

/// <summary>The body of a supplier's decision on a case.</summary>
public sealed record AfterSalesDecision(string? Note);

public sealed record AfterSalesView(
    Guid Id, Guid OrderId, string OrderNumber, long ShipmentId, Guid SupplierId, int RecipientRow, string RecipientName, string Mobile, string Kind,
    string Status, int Packages, decimal Value, string Description, DateTimeOffset ReportedAt, long? ResendShipmentId, Guid? RefundId,
    IReadOnlyList<AfterSalesStepView> Timeline);

/// <summary>A case's step as the API shows it (the state by name).</summary>
public sealed record AfterSalesStepView(DateTimeOffset At, Guid? By, string Status, string? Note);

public interface IAfterSalesStore
{
    void Add(AfterSalesCase afterSales);

    Task<AfterSalesCase?> FindAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Whether the parcel has an open case, and how many of its packages were settled already (refunded or resent).</summary>
    Task<(bool Open, int Settled)> HistoryAsync(long shipmentId, CancellationToken cancellationToken);

    Task<IReadOnlyList<AfterSalesView>> ForOrderAsync(Guid orderId, CancellationToken cancellationToken);

    /// <summary>The caller's (a supplier's) cases, open first then newest.</summary>
    Task<Paged<AfterSalesView>> ListAsync(AfterSalesStatus? status, int page, int pageSize, CancellationToken cancellationToken);
}

/// <summary>
/// 售后 for single packages. The purchaser reports a recipient's package in a sent parcel as damaged or lost; the
/// parcel's supplier resends it (a new parcel, which the tracking import sends like any other) or refunds its value:
/// the union's budget and that member's cap usage get the value back and the sales ledger takes the lines back, in
/// one unit of work, and the money goes back the way it came (online, or a bank refund finance records).
/// </summary>
public sealed class AfterSalesDesk(
    IAfterSalesStore cases, IShipmentStore shipments, IOrderStore orders, IRefundStore refunds, IOrderCommitments commitments, RefundSender refundSender,
    Settlement.ISettlementStore settlements, IUnitOfWork unitOfWork, ICurrentUser user, TimeProvider clock, ILogger<AfterSalesDesk> logger)
{
    public async Task<Result<AfterSalesView>> ReportAsync(Guid orderId, AfterSalesRequest request, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.Purchase) is { } refused)
        {
            return refused;
        }
        var fields = new Dictionary<string, string[]>();
        if (request.ShipmentId is null)
        {
            fields["shipmentId"] = [Texts.Pick("请选择包裹。", "Choose the parcel.")];
        }
        if (!Enum.TryParse<AfterSalesKind>(request.Kind, ignoreCase: false, out var kind) || !Enum.IsDefined(kind))
        {
            fields["kind"] = [Texts.Pick("问题类型须为 Damaged（损坏）或 Lost（丢失）。", "The kind must be Damaged or Lost.")];
        }
        var description = request.Description?.Trim() ?? "";
        if (description.Length is 0 or > AfterSalesCase.MaxDescriptionLength)
        {
            fields["description"] = [Texts.Pick($"请描述问题（1–{AfterSalesCase.MaxDescriptionLength} 字）。", $"Describe the problem (1–{AfterSalesCase.MaxDescriptionLength} characters).")];
        }
        if (fields.Count > 0)
        {
            return Error.Invalid(fields);
        }
        if (await orders.FindAsync(orderId, cancellationToken) is not { } order
            || await shipments.FindAsync(request.ShipmentId!.Value, cancellationToken) is not { } shipment || shipment.OrderId != order.Id)
        {
            return Error.NotFound();
        }
        if (shipment.Status is not (ShipmentStatus.Shipped or ShipmentStatus.Delivered))
        {
            return Error.InvalidState(Texts.Pick("只有已发出或已签收的包裹可以申请售后。", "Only a parcel that was sent or delivered can be reported."));
        }
        // A package settled once (refunded, or resent in a parcel of its own, which can have its own case) is not reported again here.
        var (open, settled) = await cases.HistoryAsync(shipment.Id, cancellationToken);
        if (open)
        {
            return Error.InvalidState(Texts.Pick("该包裹已有处理中的售后。", "This parcel already has an open case."));
        }
        var packages = request.Packages ?? 1;
        if (shipment.Packages - settled < 1)
        {
            return Error.InvalidState(Texts.Pick("该包裹的每一份都已处理过售后。", "Every package of this parcel has already been settled."));
        }
        if (packages < 1 || packages > shipment.Packages - settled)
        {
            return Error.Invalid("packages", Texts.Pick($"份数须在 1 到 {shipment.Packages - settled} 之间。", $"The packages must be between 1 and {shipment.Packages - settled}."));
        }
        var value = order.PackageValueOf(shipment.SupplierId) * packages;
        var now = clock.GetUtcNow();
        var afterSales = new AfterSalesCase(shipment, kind, packages, value, description, user.UserId!.Value, now);
        cases.Add(afterSales);
        if (await unitOfWork.CommitAsync(cancellationToken) is { } conflict)
        {
            return conflict;
        }
        logger.LogInformation("After-sales {CaseId} ({Kind}, {Packages} packages, {Value} CNY) reported on shipment {ShipmentId} of order {OrderNumber}",
            afterSales.Id, kind, packages, value, shipment.Id, order.Number);
        return View(afterSales);
    }

    public async Task<Result<IReadOnlyList<AfterSalesView>>> ForOrderAsync(Guid orderId, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.ReadOrder) is { } denied)
        {
            return denied;
        }
        if (!await orders.ExistsAsync(orderId, cancellationToken))
        {
            return Error.NotFound();
        }
        return (await cases.ForOrderAsync(orderId, cancellationToken)).ToList();
    }

    public async Task<Result<Paged<AfterSalesView>>> ListForSupplierAsync(string? status, int page, int pageSize, CancellationToken cancellationToken)
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
        return await cases.ListAsync(wanted, Math.Max(1, page), Math.Clamp(pageSize, 1, ListQuery.MaxPageSize), cancellationToken);
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
        shipments.Add(Shipment.Resend(shipment, afterSales.Packages, afterSales.Id, now));
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
        var refund = new Refund(order.Id, order.UnionId, payment, afterSales.Value, reason, afterSales.Id, user.UserId, now);
        // The supplier's statement counts it in this month, or the next one finance has not settled yet.
        var settled = await settlements.SettledMonthsAsync([afterSales.SupplierId], Settlement.SettlementMonth.Of(now).Key, cancellationToken);
        refund.BookTo(afterSales.SupplierId, Settlement.SettlementDesk.BookingMonth(now, settled));
        refunds.Add(refund);
        var lines = order.Lines.Where(l => l.SupplierId == afterSales.SupplierId)
            .Select(l => (Line: l, Quantity: l.Quantity / Math.Max(1, order.PackageCount) * afterSales.Packages)).ToList();
        commitments.GiveBackPackages(order, afterSales.Mobile, afterSales.Value, lines);
        if (afterSales.Kind == AfterSalesKind.Lost && shipment.Status == ShipmentStatus.Shipped)
        {
            // The lost parcel leaves the count, which may complete the order's delivery.
            var before = await shipments.CountsAsync(order.Id, cancellationToken);
            shipment.Lost();
            order.Follow(before with { Shipped = before.Shipped - 1 }, user.UserId, now);
        }
        afterSales.Refunded(refund.Id, user.UserId!.Value, now, decision.Note);
        var result = await CommitAsync(afterSales, "refunded", cancellationToken);
        if (result.Succeeded)
        {
            await refundSender.SendAsync(refund, payment, cancellationToken);
        }
        return result;
    }

    private async Task<Result<(AfterSalesCase Case, Shipment Shipment, Order Order)>?> DecidableAsync(Guid caseId, AfterSalesDecision decision, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.Supply) is { } refused)
        {
            return refused;
        }
        if (decision.Note?.Trim().Length > AfterSalesCase.MaxDescriptionLength)
        {
            return Error.Invalid("note", Texts.Pick($"说明最多 {AfterSalesCase.MaxDescriptionLength} 字。", $"The note may have at most {AfterSalesCase.MaxDescriptionLength} characters."));
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
        if (await unitOfWork.CommitAsync(cancellationToken) is { } conflict)
        {
            return conflict;
        }
        logger.LogInformation("After-sales {CaseId} of order {OrderNumber} {Verb} by supplier {SupplierId}: {Value} CNY", afterSales.Id, afterSales.OrderNumber, verb,
            afterSales.SupplierId, afterSales.Value);
        return View(afterSales);
    }

    public static AfterSalesView View(AfterSalesCase c, long? resend = null) =>
        new(c.Id, c.OrderId, c.OrderNumber, c.ShipmentId, c.SupplierId, c.RecipientRow, c.RecipientName, c.Mobile, c.Kind.ToString(), c.Status.ToString(), c.Packages,
            c.Value, c.Description, c.ReportedAt, resend, c.RefundId, c.Timeline.Select(t => new AfterSalesStepView(t.At, t.By, t.Status.ToString(), t.Note)).ToList());
}
