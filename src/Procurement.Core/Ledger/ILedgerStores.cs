namespace Procurement.Core.Ledger;

/// <summary>Reading the books: kept balances, entries, an order's lines, the proof's breaks. Nothing here writes.</summary>
public interface ILedgerBooks
{
    /// <summary>Each account's totals now, less its movements on days after <paramref name="afterDay"/> (<c>yyyyMMdd</c>; null: none).</summary>
    Task<IReadOnlyList<AccountTotals>> BalancesAsync(int? afterDay, CancellationToken cancellationToken);

    /// <summary>Suppliers' names by id (every supplier: finance reads every payable).</summary>
    Task<IReadOnlyDictionary<Guid, string>> SupplierNamesAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken);

    /// <summary>Entries matching the query, newest first, a page at a time.</summary>
    Task<(int Total, IReadOnlyList<LedgerEntryView> Items)> EntriesAsync(EntryQuery query, int skip, int take, CancellationToken cancellationToken);

    /// <summary>The same entries, newest first, at most <paramref name="max"/>, read as they are written.</summary>
    IAsyncEnumerable<LedgerEntryView> StreamEntriesAsync(EntryQuery query, int max, CancellationToken cancellationToken);

    Task<OrderHeader?> OrderAsync(Guid orderId, CancellationToken cancellationToken);

    /// <summary>Each account's totals over one order's lines.</summary>
    Task<IReadOnlyList<AccountTotals>> OrderTotalsAsync(Guid orderId, CancellationToken cancellationToken);

    Task<(int Total, IReadOnlyList<LedgerBreak> Items)> BreaksAsync(bool includeResolved, int skip, int take, CancellationToken cancellationToken);

    Task<LedgerCheckRun?> LastRunAsync(CancellationToken cancellationToken);
}

/// <summary>An order's figures on both sides, in 分, for an order where some disagree (the store's set-based comparison).</summary>
public sealed record OrderFigures(
    Guid OrderId, string Number, string Status,
    long CashInFen, long ReceivedFen, long CashOutFen, long RefundSentFen, long RefundsPendingCreditFen, long RefundDecidedFen,
    long HeldFen, long SuspenseFen, long UnappliedFen);

public sealed record UnbalancedEntry(long EntryId, string Reference, long DebitFen, long CreditFen);

public sealed record OverRefundedPayment(Guid PaymentId, Guid OrderId, string OrderNumber, long ReceivedFen, long RefundedFen);

/// <summary>What the records say a supplier is owed, in 分: delivered parcels, refunds charged to it, settled fees, payouts.</summary>
public sealed record SupplierRecords(Guid SupplierId, long DeliveredFen, long RefundsFen, long FeesFen, long PayoutsFen)
{
    public long OwedFen => DeliveredFen - RefundsFen - FeesFen - PayoutsFen;
}

/// <summary>
/// The daily proof's sums, each one set-based statement over the books or the records (never rows loaded to be
/// added up here), and the breaks it keeps.
/// </summary>
public interface ILedgerProofStore
{
    Task<(long Entries, long Lines)> CountAsync(CancellationToken cancellationToken);

    /// <summary>Each account's debits and credits summed from its lines.</summary>
    Task<IReadOnlyList<AccountTotals>> LineTotalsAsync(CancellationToken cancellationToken);

    /// <summary>The balances the database keeps (<c>LedgerBalances</c>).</summary>
    Task<IReadOnlyList<AccountTotals>> KeptBalancesAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<UnbalancedEntry>> UnbalancedEntriesAsync(int max, CancellationToken cancellationToken);

    /// <summary>
    /// Orders where the books and the records disagree: cash in against payments received, cash out against refunds
    /// sent, refunds pending credited against refunds decided, suspense against unapplied money, held money below
    /// zero, or held money left on an order in one of <paramref name="closedStatuses"/>.
    /// </summary>
    Task<IReadOnlyList<OrderFigures>> DisagreeingOrdersAsync(IReadOnlyCollection<string> closedStatuses, int max, CancellationToken cancellationToken);

    Task<IReadOnlyList<OverRefundedPayment>> OverRefundedPaymentsAsync(int max, CancellationToken cancellationToken);

    /// <summary>Every supplier with a delivered parcel, a refund charged to it, a settled fee or a payout.</summary>
    Task<IReadOnlyList<SupplierRecords>> SupplierRecordsAsync(CancellationToken cancellationToken);

    /// <summary>The breaks still open, tracked: the run updates or resolves them.</summary>
    Task<IReadOnlyList<LedgerBreak>> OpenBreaksAsync(CancellationToken cancellationToken);

    void Add(LedgerBreak found);

    void Add(LedgerCheckRun run);
}
