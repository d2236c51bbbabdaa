using static Procurement.Core.Ledger.Posting;

namespace Procurement.Core.Ledger;

/// <summary>
/// What each movement of money posts: the one place the books' rules are written. Every entry's key names the
/// movement, so booking it twice is refused by the database. Amounts are CNY to the fen, computed by the caller on
/// the server from its own records.
/// </summary>
public static class Postings
{
    public static string CashOf(bool online) => online ? LedgerAccount.OnlineCash : LedgerAccount.BankCash;

    /// <summary>An online payment arrived and paid its order: cash in, held until the order's parcels arrive.</summary>
    public static JournalEntry Received(Guid paymentId, Guid orderId, string orderNumber, decimal amount, DateTimeOffset at) =>
        JournalEntry.Of($"receipt:{paymentId:N}", EntryKind.PaymentReceived, at, orderId, null, orderNumber, null,
            Dr(LedgerAccount.OnlineCash, amount), Cr(LedgerAccount.Held, amount));

    /// <summary>
    /// Money that arrived and pays no order: an online payment for an order that can no longer take it (cancelled,
    /// expired, paid already) or of the wrong amount. It waits in suspense for finance to return it.
    /// </summary>
    public static JournalEntry Unapplied(Guid paymentId, bool online, Guid orderId, string reference, decimal amount, DateTimeOffset at) =>
        JournalEntry.Of($"receipt:{paymentId:N}", EntryKind.UnappliedReceipt, at, orderId, null, reference, null,
            Dr(CashOf(online), amount), Cr(LedgerAccount.Unapplied, amount));

    /// <summary>One bank receipt finance confirmed against a transfer: in suspense until the transfer is complete.</summary>
    public static JournalEntry TransferReceipt(Guid paymentId, int receipt, Guid orderId, string bankReference, decimal amount, DateTimeOffset at, Guid by) =>
        JournalEntry.Of($"receipt:{paymentId:N}:{receipt}", EntryKind.UnappliedReceipt, at, orderId, null, bankReference, by,
            Dr(LedgerAccount.BankCash, amount), Cr(LedgerAccount.Unapplied, amount));

    /// <summary>A transfer's receipts reached the order's total: that much pays the order (any excess stays in suspense).</summary>
    public static JournalEntry Applied(Guid paymentId, Guid orderId, string orderNumber, decimal amount, DateTimeOffset at, Guid? by) =>
        JournalEntry.Of($"applied:{paymentId:N}", EntryKind.ReceiptApplied, at, orderId, null, orderNumber, by,
            Dr(LedgerAccount.Unapplied, amount), Cr(LedgerAccount.Held, amount));

    /// <summary>
    /// A refund decided: owed back to the union from where the money sits — the held money of undelivered goods, the
    /// payable of the supplier whose delivered goods are refunded, or suspense for money that paid nothing.
    /// </summary>
    public static JournalEntry RefundDecided(Guid refundId, Guid orderId, string from, string reference, decimal amount, DateTimeOffset at, Guid? by) =>
        JournalEntry.Of($"refund:{refundId:N}", EntryKind.RefundDecided, at, orderId, LedgerAccount.SupplierOf(from), reference, by,
            Dr(from, amount), Cr(LedgerAccount.RefundsPending, amount));

    /// <summary>A refund's money went back the way it came.</summary>
    public static JournalEntry RefundSent(Guid refundId, bool online, Guid orderId, string reference, decimal amount, DateTimeOffset at, Guid? by) =>
        JournalEntry.Of($"refund-sent:{refundId:N}", EntryKind.RefundSent, at, orderId, null, reference, by,
            Dr(LedgerAccount.RefundsPending, amount), Cr(CashOf(online), amount));

    /// <summary>A parcel arrived: its goods' value becomes its supplier's to be paid.</summary>
    public static JournalEntry Delivered(long shipmentId, Guid orderId, Guid supplierId, string orderNumber, decimal value, DateTimeOffset at, Guid? by) =>
        JournalEntry.Of(DeliveryKey(shipmentId), EntryKind.Delivered, at, orderId, supplierId, orderNumber, by,
            Dr(LedgerAccount.Held, value), Cr(LedgerAccount.Payable(supplierId), value));

    public static string DeliveryKey(long shipmentId) => $"delivery:{shipmentId}";

    /// <summary>The service fee of a settled month, taken from the supplier's payable.</summary>
    public static JournalEntry ServiceFee(Guid supplierId, int month, decimal fee, DateTimeOffset at, Guid by) =>
        JournalEntry.Of($"fee:{supplierId:N}:{month}", EntryKind.ServiceFee, at, null, supplierId, $"{month / 100:D4}-{month % 100:D2}", by,
            Dr(LedgerAccount.Payable(supplierId), fee), Cr(LedgerAccount.ServiceFee, fee));

    /// <summary>A payout to a supplier from the platform's bank account.</summary>
    public static JournalEntry Payout(Guid payoutId, Guid supplierId, string bankReference, decimal amount, DateTimeOffset at, Guid by) =>
        JournalEntry.Of($"payout:{payoutId:N}", EntryKind.Payout, at, null, supplierId, bankReference, by,
            Dr(LedgerAccount.Payable(supplierId), amount), Cr(LedgerAccount.BankCash, amount));
}

/// <summary>Posts entries in the operation's unit of work: they are saved, or not, with the change they record.</summary>
public interface ILedger
{
    void Post(JournalEntry entry);
}
