using Procurement.Core.Common;

namespace Procurement.Core.Payments;

public sealed record PaymentStarted(Guid PaymentId, string Method, decimal Amount, string? Reference, Payee? Payee, string? PaymentIntentId = null,
    string? ClientSecret = null)
{
    /// <summary>The order's open online attempt, asked for again: answered 200 rather than 201.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool Reused { get; init; }
}

public sealed record PaymentDetails(
    Guid Id, Guid OrderId, string OrderNumber, string? UnionName, string Method, string Status, string Flag, decimal Amount, decimal Received,
    decimal Missing, string Reference, DateTimeOffset CreatedAt, DateTimeOffset? SucceededAt, IReadOnlyList<TransferReceipt> Receipts,
    string? FailureReason = null, string? ResolutionNote = null, DateTimeOffset? ResolvedAt = null, decimal Refunded = 0m, decimal UnappliedAmount = 0m,
    DateTimeOffset? MarkedPaidAt = null, bool ReceiptAttached = false)
{
    public static PaymentDetails Of(PaymentRow row, PaymentMethodNames methods)
    {
        var p = row.Payment;
        return new PaymentDetails(p.Id, p.OrderId, row.OrderNumber, row.UnionName, methods.Of(p.Method), p.Status.ToString(), p.Flag.ToString(), p.Amount,
            p.Received, p.Missing, p.Reference, p.CreatedAt, p.SucceededAt, p.Receipts, p.FailureReason, p.ResolutionNote, p.ResolvedAt, p.Refunded, p.UnappliedAmount,
            p.MarkedPaidAt, p.ReceiptFile is not null);
    }

    public static Paged<PaymentDetails> Page(Paged<PaymentRow> found, PaymentMethodNames methods) =>
        new(found.Total, found.Page, found.PageSize, found.Items.Select(r => Of(r, methods)).ToList());
}

public sealed record RefundDetails(
    Guid Id, Guid OrderId, string OrderNumber, string? UnionName, string Method, string Status, decimal Amount, string Reason, Guid? CaseId,
    DateTimeOffset RequestedAt, string? ProviderRefundId, string? Reference, string? FailureReason, DateTimeOffset? CompletedAt, int Attempts)
{
    public static RefundDetails Of(RefundRow row, PaymentMethodNames methods)
    {
        var r = row.Refund;
        return new RefundDetails(r.Id, r.OrderId, row.OrderNumber, row.UnionName, methods.Of(r.Method), r.Status.ToString(), r.Amount, r.Reason, r.CaseId,
            r.RequestedAt, r.ProviderRefundId, r.Reference, r.FailureReason, r.CompletedAt, r.Attempts);
    }
}
