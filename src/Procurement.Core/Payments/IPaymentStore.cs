using Procurement.Core.Common;
using Procurement.Core.Ordering;

namespace Procurement.Core.Payments;

/// <summary>A payment with what the pages show beside it: its order's number and the union's name.</summary>
public sealed record PaymentRow(Payment Payment, string OrderNumber, string? UnionName);

public sealed record RefundRow(Refund Refund, string OrderNumber, string? UnionName);

/// <summary>Finance's payments list: by state, method, Beijing creation date range and order number or union.</summary>
public sealed record PaymentListQuery(PaymentStatus? Status = null, PaymentMethod? Method = null, DateOnly? From = null, DateOnly? To = null, string? Q = null,
    int Page = 1, int PageSize = 20);

/// <summary>Writes finance's payments export (XLSX or CSV) to a stream as the rows arrive.</summary>
public interface IPaymentSheets
{
    /// <summary><paramref name="labels"/>: the API's state codes, or words for the reader (the portal's link).</summary>
    Task WriteAsync(IAsyncEnumerable<PaymentDetails> payments, SheetFormat format, SheetLabels labels, Stream output, CancellationToken cancellationToken);
}

public interface IPaymentStore
{
    /// <summary>Payments matching the query, newest first; the page size bounds an export.</summary>
    Task<Paged<PaymentRow>> ListAsync(PaymentListQuery query, CancellationToken cancellationToken);

    /// <summary>The same payments, newest first, at most <paramref name="max"/>, read as they are consumed (an export).</summary>
    IAsyncEnumerable<PaymentRow> ExportAsync(PaymentListQuery query, int max, CancellationToken cancellationToken);

    void Add(Payment payment);

    /// <summary>The order's pending payment of this method, tracked for change; null when there is none.</summary>
    Task<Payment?> FindPendingAsync(Guid orderId, PaymentMethod method, CancellationToken cancellationToken);

    Task<IReadOnlyList<PaymentRow>> ForOrderAsync(Guid orderId, CancellationToken cancellationToken);

    /// <summary>Flagged payments (wrong amount, overpaid), unresolved first, then newest.</summary>
    Task<Paged<PaymentRow>> FlaggedAsync(bool unresolvedOnly, int page, int pageSize, CancellationToken cancellationToken);

    Task<Payment?> FindAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Bank transfers still waiting for (all of) their money, oldest first.</summary>
    Task<Paged<PaymentRow>> AwaitingTransfersAsync(string? q, int page, int pageSize, CancellationToken cancellationToken);
}

public interface IRefundStore
{
    void Add(Refund refund);

    Task<Refund?> FindAsync(Guid id, CancellationToken cancellationToken);

    Task<Refund?> FindByProviderIdAsync(string providerRefundId, CancellationToken cancellationToken);

    Task<IReadOnlyList<RefundRow>> ForOrderAsync(Guid orderId, CancellationToken cancellationToken);

    /// <summary>Refunds in a state (null: every state), pending and failed first, oldest first within.</summary>
    Task<Paged<RefundRow>> ListAsync(RefundStatus? status, string? q, int page, int pageSize, CancellationToken cancellationToken);

    /// <summary>The order's payment whose money paid it (the earliest succeeded, never one flagged unapplied: its money paid nothing), tracked.</summary>
    Task<Payment?> PayingAsync(Guid orderId, CancellationToken cancellationToken);

    /// <summary>
    /// The same for a supplier settling an after-sales case of its own: suppliers never read payments, so this one is
    /// read past the union filter, and only ever with the order id of the supplier's own case.
    /// </summary>
    Task<Payment?> PayingForCaseAsync(Guid orderId, CancellationToken cancellationToken);
}

/// <summary>
/// The parcels a paid order sends, as paying and refunding need them: Payments owns this port and Fulfilment
/// implements it, so Payments never names Fulfilment (references go Fulfilment → Payments only).
/// </summary>
public interface IPaidOrderParcels
{
    /// <summary>Stages the parcels of an order that has just been paid.</summary>
    void MakeFor(Order paid);

    /// <summary>Stages cancelling the parcels of a paid order refunded whole before any left.</summary>
    void CancelFor(Order refunded);
}

/// <summary>
/// The invoices a paid order's suppliers owe (#22 Paperwork), as paying and refunding change them: Payments (and
/// Fulfilment's after-sales) own this port and Paperwork implements it. Every method stages its change in the
/// caller's unit of work, so the invoices move with the money or not at all.
/// </summary>
public interface IPaidOrderInvoices
{
    /// <summary>One invoice per supplier of an order that has just been paid, for its share, as the union asked (its profile when it asked nothing).</summary>
    void OweFor(Order paid);

    /// <summary>A paid order refunded whole: nothing is owed; an invoice already issued now needs a red invoice.</summary>
    void RefundedWhole(Order refunded);

    /// <summary>The order's last parcel arrived (<see cref="Order.DeliveredAt"/> set): its invoices remember when, for "overdue since delivery".</summary>
    void Delivered(Order order);

    /// <summary>Packages of one supplier's goods refunded after-sales: owed that much less; an issued invoice needs a red invoice and a new one.</summary>
    void Refunded(Order order, Guid supplierId, int packages, decimal value);
}
