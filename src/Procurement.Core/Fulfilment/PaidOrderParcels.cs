using Procurement.Core.Ordering;
using Procurement.Core.Payments;

namespace Procurement.Core.Fulfilment;

/// <summary>
/// Fulfilment's side of Payments' <see cref="IPaidOrderParcels"/>: a paid order's parcels are made, a refunded one's
/// cancelled. Payments owns the port so that references go one way, Fulfilment → Payments (after-sales refunds use
/// Payments' refunds; Payments never names Fulfilment).
/// </summary>
public sealed class PaidOrderParcels(IShipmentStore shipments) : IPaidOrderParcels
{
    public void MakeFor(Order paid) => shipments.CreateFor(paid);

    public void CancelFor(Order refunded) => shipments.CancelFor(refunded);
}
