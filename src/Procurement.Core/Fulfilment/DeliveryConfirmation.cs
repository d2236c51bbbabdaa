using Microsoft.Extensions.Logging;
using Procurement.Core.Common;
using Procurement.Core.Ordering;
using Procurement.Core.Users;

namespace Procurement.Core.Fulfilment;

/// <summary>
/// The purchaser confirms a parcel arrived when tracking never said so (the member tells them): the parcel is
/// delivered, booked to its supplier's open settlement month, and the last one delivers the order, in one unit of work.
/// </summary>
public sealed class DeliveryConfirmation(
    IShipmentStore shipments, IOrderStore orders, Settlement.ISettlementStore settlements, Ledger.ILedger ledger, Payments.IPaidOrderInvoices invoices, IUnitOfWork unitOfWork, ICurrentUser user, TimeProvider clock,
    ILogger<DeliveryConfirmation> logger)
{
    public async Task<Result<ShipmentView>> ConfirmAsync(Guid orderId, long shipmentId, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.Purchase) is { } refused)
        {
            return refused;
        }
        if (await orders.FindAsync(orderId, cancellationToken) is not { } order
            || await shipments.FindAsync(shipmentId, cancellationToken) is not { } shipment || shipment.OrderId != order.Id)
        {
            return Error.NotFound();
        }
        var before = await shipments.CountsAsync(order.Id, cancellationToken);
        var now = clock.GetUtcNow();
        var settled = await settlements.SettledMonthsAsync([shipment.SupplierId], Settlement.SettlementMonth.Of(now).Key, cancellationToken);
        var month = Settlement.SettlementMonth.BookingKey(now, settled);
        if (shipment.ConfirmDelivered(user.UserId!.Value, now, month) is { } wrong)
        {
            return wrong;
        }
        settlements.Book(shipment.SupplierId, month);
        if (shipment.ValueFen > 0)
        {
            ledger.Post(Ledger.Postings.Delivered(shipment.Id, order.Id, shipment.SupplierId, order.Number, Money.FromFen(shipment.ValueFen), now, user.UserId));
        }
        order.Follow(before with { Shipped = before.Shipped - 1, Delivered = before.Delivered + 1 }, user.UserId, now);
        invoices.Delivered(order);
        if (await unitOfWork.CommitAsync(cancellationToken) is { } conflict)
        {
            return conflict;
        }
        logger.LogInformation("Shipment {ShipmentId} of order {OrderNumber} confirmed delivered by {UserId}; order {Status}", shipment.Id, order.Number,
            user.UserId, order.Status);
        return await shipments.ViewAsync(shipment.Id, cancellationToken) is { } view ? view : Error.NotFound();
    }
}
