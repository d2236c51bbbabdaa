using Procurement.Core.Common;

namespace Procurement.Core.Payments;

public enum RefundStatus
{
    /// <summary>Asked of the provider and not confirmed yet, or a bank refund finance has still to send.</summary>
    Pending,
    Succeeded,

    /// <summary>The provider refused or reported it failed: finance must look (retry, or return the money another way).</summary>
    Failed,
}

/// <summary>
/// Money going back to a union: a whole order cancelled after payment, or one package's value (after-sales). The
/// order's books (budget, caps, stock, sales) are given back when the refund is decided, in the same unit of work;
/// this record follows the money itself — through the provider for an online payment, or a bank transfer finance records.
/// </summary>
public sealed class Refund
{
    public const int MaxReasonLength = 500;

    private Refund()
    {
        Reason = "";
    }

    public Refund(Guid orderId, Guid unionId, Payment payment, decimal amount, string reason, Guid? caseId, Guid? requestedBy, DateTimeOffset at, string chargedTo)
    {
        ChargedTo = chargedTo;
        Id = Guid.CreateVersion7();
        OrderId = orderId;
        UnionId = unionId;
        PaymentId = payment.Id;
        Method = payment.Method;
        Amount = amount;
        Reason = reason;
        CaseId = caseId;
        RequestedBy = requestedBy;
        RequestedAt = at;
        Status = RefundStatus.Pending;
    }

    public Guid Id { get; private set; }

    /// <summary>The ledger account the refund is taken from: the order's held money, a supplier's payable, or suspense.</summary>
    public string ChargedTo { get; private set; } = "";

    public Guid OrderId { get; private set; }
    public Guid UnionId { get; private set; }
    public Guid PaymentId { get; private set; }
    public PaymentMethod Method { get; private set; }
    public RefundStatus Status { get; private set; }

    /// <summary>CNY going back: the order's total, or one package's value for after-sales.</summary>
    public decimal Amount { get; private set; }

    public string Reason { get; private set; }

    /// <summary>The after-sales case this refund settles; null for a whole order.</summary>
    public Guid? CaseId { get; private set; }

    public Guid? RequestedBy { get; private set; }
    public DateTimeOffset RequestedAt { get; private set; }

    /// <summary>The provider's refund id, once the provider has it.</summary>
    public string? ProviderRefundId { get; private set; }

    /// <summary>The bank transfer's reference for a bank refund.</summary>
    public string? Reference { get; private set; }

    public string? FailureReason { get; private set; }
    public Guid? CompletedBy { get; private set; }
    public DateTimeOffset? CompletedAt { get; private set; }

    /// <summary>For an after-sales refund: the supplier whose statement it reduces, and the month (<c>yyyyMM</c>) it counts in.</summary>
    public Guid? SupplierId { get; private set; }

    public int? SettlementMonth { get; private set; }

    public void BookTo(Guid supplierId, int month) => (SupplierId, SettlementMonth) = (supplierId, month);

    /// <summary>How many times the provider definitively refused it (each retry after that is a new attempt with a key of its own).</summary>
    public int Attempts { get; private set; }

    /// <summary>
    /// The last call to the provider went unanswered (timeout, 5xx): the provider may have made the refund. A retry
    /// then asks again with the same key, so the provider answers with the refund it made instead of making another.
    /// </summary>
    public bool Unanswered { get; private set; }

    public long Version { get; private set; }

    /// <summary>The key the provider sees for this attempt: kept until the provider says the attempt definitively failed.</summary>
    public string IdempotencyKey => Attempts == 0 ? $"refund-{Id:N}" : $"refund-{Id:N}-{Attempts}";

    /// <summary>The provider's answer to the create: pending, succeeded or failed.</summary>
    public void Asked(string providerRefundId, ProviderOutcome status, string? failure, DateTimeOffset at)
    {
        ProviderRefundId = providerRefundId;
        Unanswered = false;
        Provider(status, failure, at);
    }

    /// <summary>The provider's id of a refund whose create answer was lost, learned from an event that carries our id.</summary>
    public void Learn(string providerRefundId)
    {
        if (ProviderRefundId is null && providerRefundId.Length > 0)
        {
            ProviderRefundId = providerRefundId;
            Version++;
        }
    }

    /// <summary>A provider status (the create's answer or a later event); a success is final and never undone.</summary>
    public bool Provider(ProviderOutcome status, string? failure, DateTimeOffset at)
    {
        if (!ProviderOutcomes.Moves(Status == RefundStatus.Succeeded, status))
        {
            return false;
        }
        Unanswered = false;
        if (status == ProviderOutcome.Succeeded)
        {
            (Status, CompletedAt, FailureReason) = (RefundStatus.Succeeded, at, null);
        }
        else
        {
            (Status, FailureReason) = (RefundStatus.Failed, ProviderOutcomes.Reason(failure) ?? ProviderOutcomes.Name(status));
        }
        Version++;
        return true;
    }

    /// <summary>The provider considered the refund and refused it (no refund was made): failed, and a retry is a new attempt.</summary>
    public void Refused(string reason)
    {
        Unanswered = false;
        Status = RefundStatus.Failed;
        FailureReason = ProviderOutcomes.Reason(reason);
        Version++;
    }

    /// <summary>The call to the provider did not go through (it was down): failed, for finance to retry.</summary>
    public void Unreached(string reason)
    {
        Unanswered = true;
        Status = RefundStatus.Failed;
        FailureReason = reason;
        Version++;
    }

    /// <summary>
    /// Finance retries a failed online refund. After an unanswered call it is the same attempt asked again (same key);
    /// after the provider's definite refusal, a new attempt with a key of its own.
    /// </summary>
    public Error? Retry()
    {
        if (Method != PaymentMethod.Online || Status != RefundStatus.Failed)
        {
            return Error.InvalidState(Texts.Pick("只有失败的在线退款可以重试。", "Only a failed online refund can be retried."));
        }
        if (!Unanswered)
        {
            Attempts++;
        }
        Status = RefundStatus.Pending;
        FailureReason = null;
        Version++;
        return null;
    }

    public static string ReferenceMessage() =>
        Texts.Pick($"请填写退款的银行流水号（最多 {Payment.MaxReferenceLength} 字）。", $"Give the refund's bank reference (at most {Payment.MaxReferenceLength} characters).");

    public static string SentAtMissingMessage() => Texts.Pick("请填写退款汇出时间。", "Give when the refund was sent.");

    public static string SentAtFutureMessage() => Texts.Pick("汇出时间不能晚于现在。", "The refund cannot have been sent in the future.");

    /// <summary>
    /// Finance records the bank transfer that sent the money back: a bank refund, or an online refund that failed and
    /// was returned by transfer instead (the reference is the resolution's record).
    /// </summary>
    public Error? Sent(string? reference, DateTimeOffset? sentAt, Guid by, DateTimeOffset now)
    {
        var text = reference?.Trim() ?? "";
        // The request's validator (RefundSentRequestValidator) answers these first; the refund still refuses to record less.
        var fields = new Dictionary<string, string[]>();
        if (text.Length is 0 or > Payment.MaxReferenceLength)
        {
            fields["reference"] = [ReferenceMessage()];
        }
        if (sentAt is not { } at)
        {
            fields["sentAt"] = [SentAtMissingMessage()];
        }
        else if (at > now + BusinessDate.ClockSkew)
        {
            fields["sentAt"] = [SentAtFutureMessage()];
        }
        if (fields.Count > 0)
        {
            return Error.Invalid(fields);
        }
        if (Status == RefundStatus.Succeeded || (Method == PaymentMethod.Online && Status != RefundStatus.Failed))
        {
            return Error.InvalidState(Texts.Pick("该退款不是待汇出的退款。", "This refund is not waiting to be sent by transfer."));
        }
        if (Method == PaymentMethod.Online && Unanswered)
        {
            // The provider may have made it: sending it by transfer too would return the money twice.
            return Error.InvalidState(Texts.Pick("上次向在线支付服务发起的退款未获答复，可能已经退回。请先重试，确认其结果后再决定是否转账退回。",
                "The last refund request to the online provider went unanswered and may have gone through. Retry it first; only a refund the provider refused can be sent by transfer."));
        }
        (Reference, CompletedBy, CompletedAt, Status, FailureReason) = (text, by, sentAt, RefundStatus.Succeeded, null);
        Version++;
        return null;
    }
}
