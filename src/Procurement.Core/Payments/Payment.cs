using Procurement.Core.Common;

namespace Procurement.Core.Payments;

public enum PaymentMethod
{
    /// <summary>Card, Alipay or WeChat Pay through the online provider (<see cref="IOnlinePayments"/>).</summary>
    Online,

    /// <summary>对公转账, confirmed by finance.</summary>
    BankTransfer,
}

public enum PaymentStatus
{
    /// <summary>Started, not (fully) received yet.</summary>
    Pending,
    Succeeded,
    Failed,
    Canceled,
}

/// <summary>What finance must look at: money that did not match what the order asked.</summary>
public enum PaymentFlag
{
    None,
    WrongAmount,
    Overpaid,

    /// <summary>Money arrived for an order that could no longer take it (cancelled, expired, already paid): it paid nothing, finance returns it.</summary>
    Unapplied,
}

/// <summary>One bank receipt finance confirmed against a transfer: how much, the reference on the statement, when it arrived.</summary>
public sealed record TransferReceipt(decimal Amount, string Reference, DateTimeOffset ReceivedAt, Guid ConfirmedBy, DateTimeOffset ConfirmedAt);

/// <summary>
/// A payment attempt for an order. A bank transfer (对公转账) waits for finance to confirm what arrived; receipts add
/// up, and the order is paid when they reach its total (an overpayment pays it and is flagged for finance to return).
/// The amount asked is fixed when the payment starts: the order's total, computed on the server.
/// </summary>
public sealed class Payment
{
    public const int MaxReferenceLength = 64;

    private readonly List<TransferReceipt> _receipts = [];

    private Payment()
    {
        Reference = "";
    }

    public Payment(Guid orderId, Guid unionId, PaymentMethod method, decimal amount, string reference, Guid? startedBy, DateTimeOffset at)
    {
        Id = Guid.CreateVersion7();
        OrderId = orderId;
        UnionId = unionId;
        Method = method;
        Amount = amount;
        Reference = reference;
        StartedBy = startedBy;
        CreatedAt = at;
        Status = PaymentStatus.Pending;
    }

    public Guid Id { get; private set; }
    public Guid OrderId { get; private set; }
    public Guid UnionId { get; private set; }
    public PaymentMethod Method { get; private set; }
    public PaymentStatus Status { get; private set; }
    public PaymentFlag Flag { get; private set; }

    /// <summary>What the order asks, in CNY.</summary>
    public decimal Amount { get; private set; }

    /// <summary>What has arrived so far (bank transfers: the confirmed receipts).</summary>
    public decimal Received { get; private set; }

    /// <summary>The transfer's reference (the order number), or the provider's id of an online attempt.</summary>
    public string Reference { get; private set; }

    public Guid? StartedBy { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? SucceededAt { get; private set; }

    /// <summary>Bumped on every change: two finance clerks confirming one transfer at once cannot both count.</summary>
    public long Version { get; private set; }

    public IReadOnlyList<TransferReceipt> Receipts => _receipts;

    /// <summary>
    /// What the order still waits for. While the payment is pending, a part finance has already returned
    /// (<see cref="ReturnUnapplied"/>) no longer counts: only the money still here pays toward the total.
    /// </summary>
    public decimal Missing => Math.Max(0m, Amount - (Status == PaymentStatus.Pending ? Received - Refunded : Received));

    /// <summary>What refunds decided against this payment add up to; never more than <see cref="Received"/>.</summary>
    public decimal Refunded { get; private set; }

    /// <summary>What is left to refund of the money received.</summary>
    public decimal Refundable => Received - Refunded;

    /// <summary>
    /// Of the money received, what pays no order and waits in suspense (the ledger's <c>suspense:unapplied</c>): the
    /// parts of a transfer not yet complete, an overpayment, or a payment that arrived for an order that could no
    /// longer take it. Finance returns it (<see cref="ReturnUnapplied"/>).
    /// </summary>
    public decimal UnappliedAmount { get; private set; }

    /// <summary>For an online attempt: the type asked (<c>card</c>, <c>alipay</c>, <c>wechat_pay</c>), so asking again for the same finds it.</summary>
    public string? OnlineType { get; private set; }

    public void AskedAs(string onlineType) => OnlineType = onlineType;

    /// <summary>The purchaser's bank receipt (回单) for this transfer, in the shared file store: a name we made, never the upload's.</summary>
    public string? ReceiptFile { get; private set; }

    /// <summary>What the receipt's bytes are (<c>application/pdf</c>, <c>image/jpeg</c>, <c>image/png</c>), judged from its first bytes.</summary>
    public string? ReceiptType { get; private set; }

    /// <summary>When the purchaser said the transfer was made (已付款) and attached the receipt; finance still confirms the money.</summary>
    public DateTimeOffset? MarkedPaidAt { get; private set; }

    public Guid? MarkedPaidBy { get; private set; }

    /// <summary>
    /// The purchaser says the transfer was made and attaches the receipt. Only a bank transfer still waiting for its
    /// money takes one; a later receipt replaces the earlier (a clearer scan). Nothing here counts as money: only
    /// finance's confirmation from the statement does.
    /// </summary>
    public Error? MarkPaid(string receiptFile, string receiptType, Guid by, DateTimeOffset at)
    {
        if (Method != PaymentMethod.BankTransfer || Status != PaymentStatus.Pending)
        {
            return Error.InvalidState(Texts.Pick("只有待到账的对公转账可以标记已付款。", "Only a bank transfer still waiting for its money can be marked paid."));
        }
        (ReceiptFile, ReceiptType, MarkedPaidBy, MarkedPaidAt) = (receiptFile, receiptType, by, at);
        Version++;
        return null;
    }

    /// <summary>Finance returns money that paid nothing: at most what waits in suspense for this payment.</summary>
    public Error? ReturnUnapplied(decimal amount)
    {
        if (amount <= 0m || !Money.HasAtMostTwoDecimals(amount))
        {
            return Error.Invalid("amount", Texts.Pick("退款金额须大于 0，最多两位小数。", "The amount must be above 0 with at most two decimals."));
        }
        if (amount > UnappliedAmount)
        {
            return Error.Invalid("amount", Texts.Pick($"退款金额超过该付款未匹配的 {UnappliedAmount:0.00} 元。",
                $"The amount is more than the {UnappliedAmount:0.00} CNY of this payment that paid nothing."));
        }
        UnappliedAmount -= amount;
        Refunded += amount;
        Version++;
        return null;
    }

    /// <summary>
    /// Counts a refund against this payment, or refuses it when the payment did not receive that much. The version
    /// bump makes two refunds decided at once collide: one of them is refused by the database, so the sum of refunds
    /// can never pass what arrived.
    /// </summary>
    public Error? TakeRefund(decimal amount)
    {
        if (amount <= 0m || amount > Refundable)
        {
            return Error.InvalidState(Texts.Pick($"退款金额超过该付款可退的 {Refundable:0.00} 元。",
                $"The refund is more than the {Refundable:0.00} CNY this payment can still return."));
        }
        Refunded += amount;
        Version++;
        return null;
    }

    /// <summary>
    /// The money of this attempt arrived but pays nothing: the order had moved on (cancelled, expired, paid by another
    /// attempt). Kept as received, flagged for finance to return.
    /// </summary>
    public void Unapplied(decimal amount, DateTimeOffset at)
    {
        Received = amount;
        UnappliedAmount = amount;
        Status = PaymentStatus.Succeeded;
        SucceededAt = at;
        Flag = PaymentFlag.Unapplied;
        FailureReason = null;
        Version++;
    }

    /// <summary>
    /// The books' opening (<c>LedgerOpening</c>), for a payment received before the ledger existed: how much of it
    /// paid nothing and waits in suspense, and the flag that says why (money that paid no order, kept silently by the
    /// code before, is flagged <see cref="PaymentFlag.Unapplied"/> here for finance to return).
    /// </summary>
    public void Opening(decimal unapplied, PaymentFlag flag)
    {
        UnappliedAmount = unapplied;
        if (Flag == PaymentFlag.None)
        {
            Flag = flag;
        }
        Version++;
    }

    /// <summary>Whether this is an online attempt still waiting for the provider (the one a second request reuses or cancels).</summary>
    public bool OpenOnline => Method == PaymentMethod.Online && Status == PaymentStatus.Pending;

    /// <summary>We cancelled this open attempt at the provider before another method: it can no longer take money.</summary>
    public void CanceledHere(string reason)
    {
        if (Status == PaymentStatus.Pending)
        {
            Status = PaymentStatus.Canceled;
            FailureReason = reason;
            Version++;
        }
    }

    public const int MaxNoteLength = 500;

    /// <summary>How finance settled a flagged payment (returned the overpayment, asked for the rest…), who and when.</summary>
    public string? ResolutionNote { get; private set; }
    public Guid? ResolvedBy { get; private set; }
    public DateTimeOffset? ResolvedAt { get; private set; }

    public static string NoteMessage() => Texts.Pick($"请填写处理说明（1–{MaxNoteLength} 字）。", $"Say how it was settled (1–{MaxNoteLength} characters).");

    /// <summary>Finance closes a flag with a note; the flag itself stays, as the record of what happened.</summary>
    public Error? Resolve(string? note, Guid by, DateTimeOffset at)
    {
        var text = note?.Trim() ?? "";
        if (text.Length is 0 or > MaxNoteLength)
        {
            return Error.Invalid("note", NoteMessage());
        }
        if (Flag == PaymentFlag.None || ResolvedAt is not null)
        {
            return Error.InvalidState(Texts.Pick("该付款没有待处理的异常。", "This payment has nothing left to settle."));
        }
        (ResolutionNote, ResolvedBy, ResolvedAt) = (text, by, at);
        Version++;
        return null;
    }

    /// <summary>The provider's last word on a failed or canceled attempt, shown to the purchaser.</summary>
    public string? FailureReason { get; private set; }

    /// <summary>The provider's id for this online attempt, once created.</summary>
    public void AttachIntent(string providerPaymentId)
    {
        Reference = providerPaymentId;
        Version++;
    }

    /// <summary>The hosted checkout session of this attempt (the provider's attempt id is learned when the session completes).</summary>
    public string? CheckoutSessionId { get; private set; }

    public void AttachCheckout(string sessionId)
    {
        CheckoutSessionId = sessionId;
        Version++;
    }

    /// <summary>
    /// The provider says the money arrived. True when that pays the order: the amount matches what was asked. A
    /// different amount leaves the payment unpaid and flagged for finance. A late duplicate changes nothing.
    /// </summary>
    public bool ProviderSucceeded(decimal amount, DateTimeOffset at)
    {
        if (!ProviderOutcomes.Moves(Status == PaymentStatus.Succeeded, ProviderOutcome.Succeeded) || Flag == PaymentFlag.WrongAmount)
        {
            // Succeeded already, or a wrong amount already recorded (a checkout reports it twice): nothing changes.
            return false;
        }
        Version++;
        if (amount < 0m)
        {
            // Not in CNY: flagged for finance, nothing counted (the books are kept in CNY).
            Flag = PaymentFlag.WrongAmount;
            FailureReason = Texts.Pick("到账币种不是人民币。", "The money arrived in a currency other than CNY.");
            return false;
        }
        if (amount != Amount)
        {
            Flag = PaymentFlag.WrongAmount;
            Received = amount;
            UnappliedAmount = amount;
            return false;
        }
        Received = amount;
        Status = PaymentStatus.Succeeded;
        SucceededAt = at;
        FailureReason = null;
        return true;
    }

    /// <summary>A failure or cancellation from the provider; one arriving after success (out of order) never un-pays.</summary>
    public void ProviderFailed(ProviderOutcome outcome, string? reason)
    {
        if (outcome is not (ProviderOutcome.Failed or ProviderOutcome.Canceled) || !ProviderOutcomes.Moves(Status == PaymentStatus.Succeeded, outcome))
        {
            return;
        }
        Status = outcome == ProviderOutcome.Canceled ? PaymentStatus.Canceled : PaymentStatus.Failed;
        FailureReason = ProviderOutcomes.Reason(reason);
        Version++;
    }

    /// <summary>
    /// Records a bank receipt. True when this receipt completes the payment (the order becomes paid); a short total
    /// stays pending with what is missing; more than asked completes it and flags the overpayment.
    /// </summary>
    public Result<bool> Receive(decimal amount, string reference, DateTimeOffset receivedAt, Guid by, DateTimeOffset at)
    {
        if (Method != PaymentMethod.BankTransfer)
        {
            return Error.InvalidState(Texts.Pick("该付款不是对公转账。", "This payment is not a bank transfer."));
        }
        if (Status != PaymentStatus.Pending)
        {
            return Error.InvalidState(Texts.Pick("该转账已确认到账，不能再登记。", "This transfer is already complete."));
        }
        _receipts.Add(new TransferReceipt(amount, reference, receivedAt, by, at));
        Received += amount;
        UnappliedAmount += amount;
        Version++;
        // Parts finance already returned paid nothing and are gone: what is still here must reach the total.
        var kept = Received - Refunded;
        if (kept < Amount)
        {
            return false;
        }
        // The order's total pays the order; anything over it stays in suspense for finance to return.
        UnappliedAmount -= Amount;
        Status = PaymentStatus.Succeeded;
        SucceededAt = at;
        Flag = kept > Amount ? PaymentFlag.Overpaid : PaymentFlag.None;
        return true;
    }
}
