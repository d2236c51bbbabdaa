using Procurement.Core.Common;
using Procurement.Core.Ledger;

namespace Procurement.Core.Payments;

/// <summary>
/// The one way a refund is decided and its money confirmed, with the books. Deciding counts the refund against its
/// payment (never more than the payment received, or, for money that paid nothing, than waits in suspense for it) and
/// posts the amount from where it sits to refunds pending; confirming posts it out of the cash it left. Both are staged
/// in the caller's unit of work, so the refund, the payment's counter and the entry are saved together or not at all.
/// </summary>
public sealed class RefundBooks(IRefundStore refunds, ILedger ledger)
{
    /// <param name="chargedTo">Where the money sits: <see cref="LedgerAccount.Held"/> (undelivered goods), a supplier's payable (its delivered goods), or <see cref="LedgerAccount.Unapplied"/>.</param>
    public Result<Refund> Decide(Payment payment, string orderNumber, decimal amount, string chargedTo, string reason, Guid? caseId, Guid? by, DateTimeOffset at)
    {
        var taken = chargedTo == LedgerAccount.Unapplied ? payment.ReturnUnapplied(amount) : payment.TakeRefund(amount);
        if (taken is { } refused)
        {
            return refused;
        }
        var refund = new Refund(payment.OrderId, payment.UnionId, payment, amount, reason, caseId, by, at, chargedTo);
        refunds.Add(refund);
        ledger.Post(Postings.RefundDecided(refund.Id, payment.OrderId, chargedTo, orderNumber, amount, at, by));
        return refund;
    }

    /// <summary>The refund's money went back: online (the provider confirmed) or by a transfer from the bank account finance recorded.</summary>
    public void Confirmed(Refund refund, bool online, DateTimeOffset at, Guid? by) =>
        ledger.Post(Postings.RefundSent(refund.Id, online, refund.OrderId, (online ? refund.ProviderRefundId : refund.Reference) ?? "", refund.Amount, at, by));
}
