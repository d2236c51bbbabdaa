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
    IAfterSalesStore cases, IShipmentStore shipments, IOrderStore orders, IUnitOfWork unitOfWork, ICurrentUser user, TimeProvider clock, ILogger<AfterSalesReport> logger)
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
        return afterSales.ToView();
    }
}
