using Microsoft.EntityFrameworkCore;
using Procurement.Core.Ledger;

namespace Procurement.Infrastructure.Persistence.Ledger;

/// <summary>
/// The proof's sums, each one set-based statement: the database adds up the lines and the records and returns only
/// what disagrees (or one row an account or supplier). Record amounts are decimals (TEXT in SQLite), so each is turned
/// into 分 in SQL by <see cref="Fen"/> before it is added, never compared as text. A reversal undoes its entry: its
/// cash lines take back the cash in (or out) the reversed entry booked, rather than counting as money moving the
/// other way; reversals are few, so they are summed apart and subtracted.
/// </summary>
public sealed class LedgerProofStore(ProcurementDbContext db) : ILedgerProofStore
{
    private bool SqlServer => db.Database.IsSqlServer();

    /// <summary>A decimal column in 分, as an integer, in the provider's SQL.</summary>
    private string Fen(string column) => SqlServer ? $"CAST(ROUND({column} * 100, 0) AS BIGINT)" : $"CAST(ROUND(CAST({column} AS REAL) * 100) AS INTEGER)";

    private string Limit(string sql, string orderBy, int max) =>
        SqlServer ? $"{sql} ORDER BY {orderBy} OFFSET 0 ROWS FETCH NEXT {max} ROWS ONLY" : $"{sql} ORDER BY {orderBy} LIMIT {max}";

    public async Task<(long Entries, long Lines)> CountAsync(CancellationToken cancellationToken) =>
        (await db.JournalEntries.LongCountAsync(cancellationToken), await db.JournalLines.LongCountAsync(cancellationToken));

    public async Task<IReadOnlyList<AccountTotals>> LineTotalsAsync(CancellationToken cancellationToken) =>
        (await db.Database.SqlQueryRaw<TotalsRow>("SELECT Account, SUM(DebitFen) AS DebitFen, SUM(CreditFen) AS CreditFen FROM LedgerLines GROUP BY Account")
            .ToListAsync(cancellationToken)).Select(r => new AccountTotals(r.Account, r.DebitFen, r.CreditFen)).ToList();

    public async Task<IReadOnlyList<AccountTotals>> KeptBalancesAsync(CancellationToken cancellationToken) =>
        await db.LedgerBalances.AsNoTracking().Select(b => new AccountTotals(b.Account, b.DebitFen, b.CreditFen)).ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<UnbalancedEntry>> UnbalancedEntriesAsync(int max, CancellationToken cancellationToken)
    {
        var sql = Limit("""
            SELECT s.EntryId, e.Reference, s.DebitFen, s.CreditFen
            FROM (SELECT EntryId, SUM(DebitFen) AS DebitFen, SUM(CreditFen) AS CreditFen FROM LedgerLines GROUP BY EntryId HAVING SUM(DebitFen) <> SUM(CreditFen)) AS s
            JOIN LedgerEntries AS e ON e.Id = s.EntryId
            """, "s.EntryId", max);
        return (await db.Database.SqlQueryRaw<UnbalancedRow>(sql).ToListAsync(cancellationToken))
            .Select(r => new UnbalancedEntry(r.EntryId, r.Reference, r.DebitFen, r.CreditFen)).ToList();
    }

    public async Task<IReadOnlyList<OrderFigures>> DisagreeingOrdersAsync(IReadOnlyCollection<string> closedStatuses, int max, CancellationToken cancellationToken)
    {
        // The statuses are the enum's names, never a caller's text.
        var closed = string.Join(", ", closedStatuses.Select(s => $"'{s.Replace("'", "", StringComparison.Ordinal)}'"));
        var sql = Limit($"""
            WITH l AS (
                SELECT OrderId,
                    SUM(CASE WHEN Account IN ('{LedgerAccount.OnlineCash}', '{LedgerAccount.BankCash}') THEN DebitFen ELSE 0 END) AS CashIn,
                    SUM(CASE WHEN Account IN ('{LedgerAccount.OnlineCash}', '{LedgerAccount.BankCash}') THEN CreditFen ELSE 0 END) AS CashOut,
                    SUM(CASE WHEN Account = '{LedgerAccount.RefundsPending}' THEN CreditFen ELSE 0 END) AS PendingCredit,
                    SUM(CASE WHEN Account = '{LedgerAccount.Held}' THEN CreditFen - DebitFen ELSE 0 END) AS Held,
                    SUM(CASE WHEN Account = '{LedgerAccount.Unapplied}' THEN CreditFen - DebitFen ELSE 0 END) AS Suspense
                FROM LedgerLines WHERE OrderId IS NOT NULL GROUP BY OrderId),
            rv AS (
                SELECT x.OrderId,
                    SUM(CASE WHEN x.Account IN ('{LedgerAccount.OnlineCash}', '{LedgerAccount.BankCash}') THEN x.DebitFen + x.CreditFen ELSE 0 END) AS Cash,
                    SUM(CASE WHEN x.Account = '{LedgerAccount.RefundsPending}' THEN x.DebitFen + x.CreditFen ELSE 0 END) AS Pending
                FROM LedgerEntries AS e JOIN LedgerLines AS x ON x.EntryId = e.Id
                WHERE e.Kind = '{nameof(EntryKind.Reversal)}' AND x.OrderId IS NOT NULL GROUP BY x.OrderId),
            p AS (SELECT OrderId, SUM({Fen("Received")}) AS Received, SUM({Fen("UnappliedAmount")}) AS Unapplied FROM Payments GROUP BY OrderId),
            r AS (SELECT OrderId, SUM({Fen("Amount")}) AS Decided, SUM(CASE WHEN Status = 'Succeeded' THEN {Fen("Amount")} ELSE 0 END) AS Sent FROM Refunds GROUP BY OrderId),
            k AS (SELECT OrderId FROM l UNION SELECT OrderId FROM p UNION SELECT OrderId FROM r),
            f AS (
                SELECT k.OrderId,
                    COALESCE(l.CashIn, 0) - COALESCE(rv.Cash, 0) AS CashInFen, COALESCE(p.Received, 0) AS ReceivedFen,
                    COALESCE(l.CashOut, 0) - COALESCE(rv.Cash, 0) AS CashOutFen, COALESCE(r.Sent, 0) AS RefundSentFen,
                    COALESCE(l.PendingCredit, 0) - COALESCE(rv.Pending, 0) AS RefundsPendingCreditFen, COALESCE(r.Decided, 0) AS RefundDecidedFen,
                    COALESCE(l.Held, 0) AS HeldFen, COALESCE(l.Suspense, 0) AS SuspenseFen, COALESCE(p.Unapplied, 0) AS UnappliedFen
                FROM k LEFT JOIN l ON l.OrderId = k.OrderId LEFT JOIN p ON p.OrderId = k.OrderId LEFT JOIN r ON r.OrderId = k.OrderId LEFT JOIN rv ON rv.OrderId = k.OrderId)
            SELECT f.OrderId, COALESCE(o.Number, '?') AS Number, COALESCE(o.Status, '?') AS Status, f.CashInFen, f.ReceivedFen, f.CashOutFen, f.RefundSentFen,
                f.RefundsPendingCreditFen, f.RefundDecidedFen, f.HeldFen, f.SuspenseFen, f.UnappliedFen
            FROM f LEFT JOIN Orders AS o ON o.Id = f.OrderId
            WHERE f.CashInFen <> f.ReceivedFen OR f.CashOutFen <> f.RefundSentFen OR f.RefundsPendingCreditFen <> f.RefundDecidedFen
                OR f.SuspenseFen <> f.UnappliedFen OR f.HeldFen < 0 OR (o.Status IN ({closed}) AND f.HeldFen <> 0)
            """, "f.OrderId", max);
        return (await db.Database.SqlQueryRaw<OrderRow>(sql).ToListAsync(cancellationToken))
            .Select(r => new OrderFigures(r.OrderId, r.Number, r.Status, r.CashInFen, r.ReceivedFen, r.CashOutFen, r.RefundSentFen, r.RefundsPendingCreditFen,
                r.RefundDecidedFen, r.HeldFen, r.SuspenseFen, r.UnappliedFen)).ToList();
    }

    public async Task<IReadOnlyList<OverRefundedPayment>> OverRefundedPaymentsAsync(int max, CancellationToken cancellationToken)
    {
        var sql = Limit($"""
            SELECT p.Id AS PaymentId, p.OrderId, COALESCE(o.Number, '?') AS OrderNumber, {Fen("p.Received")} AS ReceivedFen, {Fen("p.Refunded")} AS RefundedFen
            FROM Payments AS p LEFT JOIN Orders AS o ON o.Id = p.OrderId
            WHERE {Fen("p.Refunded")} > {Fen("p.Received")}
            """, "p.Id", max);
        return (await db.Database.SqlQueryRaw<PaymentRow>(sql).ToListAsync(cancellationToken))
            .Select(r => new OverRefundedPayment(r.PaymentId, r.OrderId, r.OrderNumber, r.ReceivedFen, r.RefundedFen)).ToList();
    }

    public async Task<IReadOnlyList<SupplierRecords>> SupplierRecordsAsync(CancellationToken cancellationToken)
    {
        var delivered = await db.Database.SqlQueryRaw<SupplierSumRow>("SELECT SupplierId, SUM(ValueFen) AS Fen FROM Shipments WHERE Status = 'Delivered' GROUP BY SupplierId")
            .ToDictionaryAsync(r => r.SupplierId, r => r.Fen, cancellationToken);
        // Only column names and constants go into these statements, never a caller's text.
        var feesSql = $"SELECT SupplierId, SUM({Fen("Fee")}) AS Fen FROM SupplierSettlements GROUP BY SupplierId";
        var payoutsSql = $"SELECT SupplierId, SUM({Fen("Amount")}) AS Fen FROM SupplierPayouts GROUP BY SupplierId";
        var refundsSql = $"SELECT ChargedTo AS Account, SUM({Fen("Amount")}) AS Fen FROM Refunds WHERE ChargedTo LIKE '{LedgerAccount.PayablePrefix}%' GROUP BY ChargedTo";
        var fees = await db.Database.SqlQueryRaw<SupplierSumRow>(feesSql)
            .ToDictionaryAsync(r => r.SupplierId, r => r.Fen, cancellationToken);
        var payouts = await db.Database.SqlQueryRaw<SupplierSumRow>(payoutsSql)
            .ToDictionaryAsync(r => r.SupplierId, r => r.Fen, cancellationToken);
        var refunds = (await db.Database.SqlQueryRaw<AccountSumRow>(refundsSql)
            .ToListAsync(cancellationToken))
            .Where(r => LedgerAccount.SupplierOf(r.Account) is not null)
            .GroupBy(r => LedgerAccount.SupplierOf(r.Account)!.Value).ToDictionary(g => g.Key, g => g.Sum(r => r.Fen));
        return delivered.Keys.Union(fees.Keys).Union(payouts.Keys).Union(refunds.Keys)
            .Select(s => new SupplierRecords(s, delivered.GetValueOrDefault(s), refunds.GetValueOrDefault(s), fees.GetValueOrDefault(s), payouts.GetValueOrDefault(s)))
            .ToList();
    }

    public async Task<IReadOnlyList<LedgerBreak>> OpenBreaksAsync(CancellationToken cancellationToken) =>
        await db.LedgerBreaks.Where(b => b.ResolvedAt == null).ToListAsync(cancellationToken);

    public void Add(LedgerBreak found) => db.LedgerBreaks.Add(found);

    public void Add(LedgerCheckRun run) => db.LedgerCheckRuns.Add(run);

    private sealed class TotalsRow
    {
        public string Account { get; set; } = "";
        public long DebitFen { get; set; }
        public long CreditFen { get; set; }
    }

    private sealed class UnbalancedRow
    {
        public long EntryId { get; set; }
        public string Reference { get; set; } = "";
        public long DebitFen { get; set; }
        public long CreditFen { get; set; }
    }

    private sealed class OrderRow
    {
        public Guid OrderId { get; set; }
        public string Number { get; set; } = "";
        public string Status { get; set; } = "";
        public long CashInFen { get; set; }
        public long ReceivedFen { get; set; }
        public long CashOutFen { get; set; }
        public long RefundSentFen { get; set; }
        public long RefundsPendingCreditFen { get; set; }
        public long RefundDecidedFen { get; set; }
        public long HeldFen { get; set; }
        public long SuspenseFen { get; set; }
        public long UnappliedFen { get; set; }
    }

    private sealed class PaymentRow
    {
        public Guid PaymentId { get; set; }
        public Guid OrderId { get; set; }
        public string OrderNumber { get; set; } = "";
        public long ReceivedFen { get; set; }
        public long RefundedFen { get; set; }
    }

    private sealed class SupplierSumRow
    {
        public Guid SupplierId { get; set; }
        public long Fen { get; set; }
    }

    private sealed class AccountSumRow
    {
        public string Account { get; set; } = "";
        public long Fen { get; set; }
    }
}
