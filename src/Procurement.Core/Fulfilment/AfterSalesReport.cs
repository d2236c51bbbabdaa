using FluentValidation;
using Microsoft.Extensions.Logging;
using Procurement.Core.Common;
using Procurement.Core.Ordering;
using Procurement.Core.Users;

namespace Procurement.Core.Fulfilment;

/// <summary>
/// 售后, the purchaser's side: a recipient's package(s) in a sent or delivered parcel reported as damaged or lost. A
/// parcel has at most one open case, and never more packages than it holds less those already settled; the case is
/// worth the parcel supplier's lines of one package × the packages. The supplier decides it (<see cref="AfterSalesResolution"/>).
/// </summary>
public sealed class AfterSalesReport(
    IAfterSalesStore cases, IShipmentStore shipments, IOrderStore orders, Notifications.INotifications notifications, IUnitOfWork unitOfWork, ICurrentUser user,
    IValidator<AfterSalesRequest> validator, TimeProvider clock, ILogger<AfterSalesReport> logger)
{
    public async Task<Result<AfterSalesView>> ReportAsync(Guid orderId, AfterSalesRequest request, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.Purchase) is { } refused)
        {
            return refused;
        }
        var checkedRequest = await validator.ValidateAsync(request, cancellationToken);
        if (!checkedRequest.IsValid)
        {
            return Error.Invalid(checkedRequest.ToFieldErrors());
        }
        if (await orders.FindAsync(orderId, cancellationToken) is not { } order
            || await shipments.FindAsync(request.ShipmentId!.Value, cancellationToken) is not { } shipment || shipment.OrderId != order.Id)
        {
            return Error.NotFound();
        }
        return await OpenAsync(order, shipment, request, request.Description!.Trim(), user.UserId!.Value, cancellationToken);
    }

    /// <summary>
    /// A member reports a problem with their own parcel from the gift page (member choice, #24): the same case the
    /// purchaser would open, which the purchaser sees on the order. The caller found the parcel by the member's code;
    /// <see cref="AfterSalesCase.ReportedBy"/> is empty (no account) and the description names the member.
    /// </summary>
    public async Task<Result<AfterSalesView>> ReportForMemberAsync(Order order, Shipment shipment, string memberName, AfterSalesRequest request,
        CancellationToken cancellationToken)
    {
        var checkedRequest = await validator.ValidateAsync(request, cancellationToken);
        if (!checkedRequest.IsValid)
        {
            return Error.Invalid(checkedRequest.ToFieldErrors());
        }
        var description = Texts.Pick($"职工{memberName}在礼包页反馈：", $"Member {memberName} reported on the gift page: ") + request.Description!.Trim();
        return await OpenAsync(order, shipment, request, description[..Math.Min(description.Length, AfterSalesCase.MaxDescriptionLength)], Guid.Empty,
            cancellationToken);
    }

    private async Task<Result<AfterSalesView>> OpenAsync(Order order, Shipment shipment, AfterSalesRequest request, string description, Guid reportedBy,
        CancellationToken cancellationToken)
    {
        var kind = AfterSalesRequestValidator.KindOf(request.Kind)!.Value;
        if (shipment.Status is not (ShipmentStatus.Shipped or ShipmentStatus.Delivered))
        {
            return Error.InvalidState(Texts.Pick("只有已发出或已签收的包裹可以申请售后。", "Only a parcel that was sent or delivered can be reported."));
        }
        // A package settled once (refunded, or resent in a parcel of its own, which can have its own case) is not reported again here.
        var (open, settled) = await cases.HistoryAsync(shipment.Id, cancellationToken);
        if (open)
        {
            return OpenCase();
        }
        if (shipment.Packages - settled < 1)
        {
            return Error.InvalidState(Texts.Pick("该包裹的每一份都已处理过售后。", "Every package of this parcel has already been settled."));
        }
        // A parcel that has not arrived travels as one box: lost, it is lost whole (its packages are refunded or resent
        // together). Reporting part of it would leave the rest neither delivered nor refunded, its money held for ever.
        var lostOnTheWay = kind == AfterSalesKind.Lost && shipment.Status == ShipmentStatus.Shipped;
        var packages = request.Packages ?? (lostOnTheWay ? shipment.Packages - settled : 1);
        if (lostOnTheWay && packages != shipment.Packages - settled)
        {
            return Error.Invalid("packages", Texts.Pick($"未签收的包裹丢失时整件丢失，请按全部 {shipment.Packages - settled} 份申请。",
                $"A parcel lost before it arrived is lost whole: report all {shipment.Packages - settled} packages."));
        }
        if (packages < 1 || packages > shipment.Packages - settled)
        {
            return Error.Invalid("packages", Texts.Pick($"份数须在 1 到 {shipment.Packages - settled} 之间。", $"The packages must be between 1 and {shipment.Packages - settled}."));
        }
        // A member-choice order's parcels each carry their member's chosen option: one package is worth the option's
        // goods of this supplier. Attack review (session 12): it was the parcel's own value, which a resend of a damaged
        // parcel does not carry (0.00), so the resend's refund gave the member nothing while taking the goods back.
        var value = order.Mode == OrderMode.Choice && shipment.Option is { } option && order.Options.FirstOrDefault(o => o.Index == option) is { } held
            ? held.PackageValueOf(shipment.SupplierId) * packages
            : order.Mode == OrderMode.Choice && shipment.Packages > 0
                ? Money.Round(Money.FromFen(shipment.ValueFen) / shipment.Packages * packages)
                : order.PackageValueOf(shipment.SupplierId) * packages;
        var now = clock.GetUtcNow();
        var afterSales = new AfterSalesCase(shipment, kind, packages, value, description, reportedBy, now);
        cases.Add(afterSales);
        notifications.Add(Notifications.Notification.ForSupplier(afterSales.SupplierId, Notifications.NotificationKind.AfterSalesOpened, order.Id, order.Number,
            packages.ToString(System.Globalization.CultureInfo.InvariantCulture), now));
        if (await unitOfWork.CommitAsync(cancellationToken) is { } conflict)
        {
            // Reported twice at once: the database keeps one open case per parcel and refuses the other.
            return conflict.Kind == ErrorKind.Conflict ? OpenCase() : conflict;
        }
        logger.LogInformation("After-sales {CaseId} ({Kind}, {Packages} packages, {Value} CNY) reported on shipment {ShipmentId} of order {OrderNumber}",
            afterSales.Id, kind, packages, value, shipment.Id, order.Number);
        return afterSales.ToView();
    }

    private static Error OpenCase() => new(ErrorKind.Conflict, Texts.Pick("该包裹已有处理中的售后。", "This parcel already has an open case."));
}
