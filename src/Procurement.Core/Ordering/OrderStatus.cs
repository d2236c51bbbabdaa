namespace Procurement.Core.Ordering;

/// <summary>The contract's order states, in the order an order normally moves through them.</summary>
public enum OrderStatus
{
    Draft,
    PendingApproval,
    Approved,
    Paid,
    Shipping,
    Delivered,
    Completed,
    Rejected,
    Cancelled,
    Refunded,
}

/// <summary>节日: what the welfare order is for (the contract's <c>occasion</c>).</summary>
public enum Occasion
{
    NewYear,
    SpringFestival,
    Qingming,
    LabourDay,
    DragonBoat,
    MidAutumn,
    NationalDay,
    Other,
}

public static class OrderStatusRules
{
    /// <summary>States in which the order holds stock reservations, budget and members' cap usage.</summary>
    public static bool HoldsReservation(this OrderStatus status) => status is OrderStatus.PendingApproval or OrderStatus.Approved;

    /// <summary>States whose spend counts against the union's budget and members' caps (not rejected, cancelled or refunded, and past the draft).</summary>
    public static bool CountsAsSpend(this OrderStatus status) =>
        status is not (OrderStatus.Draft or OrderStatus.Rejected or OrderStatus.Cancelled or OrderStatus.Refunded);

    /// <summary>States in which payments or refunds may exist: from approval on (a cancelled order may have been approved first).</summary>
    public static bool MayHavePayments(this OrderStatus status) =>
        status is not (OrderStatus.Draft or OrderStatus.PendingApproval or OrderStatus.Rejected);

    /// <summary>States in which the order has parcels: paid and after (a refunded order's are cancelled, and still shown).</summary>
    public static bool HasParcels(this OrderStatus status) =>
        status is OrderStatus.Paid or OrderStatus.Shipping or OrderStatus.Delivered or OrderStatus.Completed or OrderStatus.Refunded;
}
