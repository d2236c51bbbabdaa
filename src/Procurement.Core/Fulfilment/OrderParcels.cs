using Procurement.Core.Common;
using Procurement.Core.Ordering;
using Procurement.Core.Users;

namespace Procurement.Core.Fulfilment;

/// <summary>
/// What an order's readers (its union's purchasers and approvers, finance, admins) see of its delivery: progress per
/// supplier, every parcel per recipient, and its after-sales cases. Reads only; the order is found through the
/// tenant filter first, so another union's order answers 404.
/// </summary>
public sealed class OrderParcels(IShipmentStore shipments, IAfterSalesStore cases, IOrderStore orders, ICurrentUser user)
{
    /// <summary>An order's parcels, searchable by the member's name or mobile.</summary>
    public async Task<Result<Paged<ShipmentView>>> ListAsync(Guid orderId, ShipmentQuery query, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.ReadOrder) is { } refused)
        {
            return refused;
        }
        if (query.CheckStatus() is { } invalid)
        {
            return invalid;
        }
        if (await orders.FindAsync(orderId, cancellationToken) is null)
        {
            return Error.NotFound();
        }
        return await shipments.ListAsync((query with { OrderId = orderId }).Bounded(), cancellationToken);
    }

    public async Task<Result<FulfilmentProgress>> ProgressAsync(Guid orderId, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.ReadOrder) is { } refused)
        {
            return refused;
        }
        if (await orders.FindAsync(orderId, cancellationToken) is null)
        {
            return Error.NotFound();
        }
        return await shipments.ProgressAsync(orderId, cancellationToken);
    }

    /// <summary>The order's after-sales cases with their timelines.</summary>
    public async Task<Result<IReadOnlyList<AfterSalesView>>> CasesAsync(Guid orderId, CancellationToken cancellationToken)
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
}
