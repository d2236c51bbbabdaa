using Procurement.Core.Ordering;
using Procurement.Core.Payments;

namespace Procurement.Core.Fulfilment;

/// <summary>
/// Fulfilment's side of Payments' <see cref="IPaidOrderParcels"/>: a paid order's parcels are made, a refunded one's
/// cancelled. Payments owns the port so that references go one way, Fulfilment → Payments (after-sales refunds use
/// Payments' refunds; Payments never names Fulfilment).
/// </summary>
/// <remarks>
/// A member-choice order (#24) has no parcels when it is paid: its members get their codes instead, and the parcels
/// are made when the choices close (<see cref="Gifts.GiftDeadlines"/>).
/// </remarks>
public sealed class PaidOrderParcels(IShipmentStore shipments, Gifts.GiftIssuing gifts) : IPaidOrderParcels
{
    public void MakeFor(Order paid)
    {
        if (paid.Mode == OrderMode.Choice)
        {
            gifts.IssueFor(paid);
            return;
        }
        shipments.CreateFor(paid);
    }

    public void CancelFor(Order refunded)
    {
        if (refunded.Mode == OrderMode.Choice)
        {
            gifts.ReleaseFor(refunded);
        }
        shipments.CancelFor(refunded);
    }
}
