using Procurement.Core.Common;

namespace Procurement.Core.Ledger;

/// <summary>An account's debits and credits in 分, as the store sums them.</summary>
public sealed record AccountTotals(string Account, long DebitFen, long CreditFen);

/// <summary>The trial balance's line: the account, its debits and credits, its balance its own way round (CNY).</summary>
public sealed record TrialBalanceAccount(string Code, string Name, decimal Debit, decimal Credit, decimal Balance)
{
    public static TrialBalanceAccount Of(AccountTotals totals, string? supplierName)
    {
        var debit = Money.FromFen(totals.DebitFen);
        var credit = Money.FromFen(totals.CreditFen);
        return new(totals.Account, LedgerAccount.Name(totals.Account, supplierName), debit, credit, LedgerAccount.Balance(totals.Account, debit, credit));
    }
}

/// <summary>The contract's trial balance: every account's totals as of the end of a Beijing business date; debits equal credits.</summary>
public sealed record TrialBalance(DateOnly AsOf, IReadOnlyList<TrialBalanceAccount> Accounts, decimal TotalDebit, decimal TotalCredit);

public sealed record LedgerLineView(string Account, decimal Debit, decimal Credit);

/// <summary>The contract's entry: when, what kind, the order it concerns, what people look it up by, and its lines.</summary>
public sealed record LedgerEntryView(long Id, DateTimeOffset At, string Kind, Guid? OrderId, string Reference, IReadOnlyList<LedgerLineView> Lines);

/// <summary>Which entries: of an order, touching an account, booked on Beijing dates <c>From</c>–<c>To</c> (inclusive).</summary>
public sealed record EntryQuery(Guid? OrderId, string? Account, DateOnly? From, DateOnly? To);

/// <summary>What the platform owes one supplier for one order's goods (delivered, less refunds charged to it).</summary>
public sealed record SupplierOwed(Guid SupplierId, string Name, decimal Amount);

/// <summary>
/// An order's money as the books show it: cash received, refunds decided and sent, what is held for its undelivered
/// goods, what waits in suspense, what its suppliers are owed; each account's totals for the order, and the entries.
/// </summary>
public sealed record OrderMoneyTrail(
    Guid OrderId, string OrderNumber, string Status, decimal Received, decimal RefundsDecided, decimal RefundsSent, decimal Held, decimal Unapplied,
    IReadOnlyList<SupplierOwed> OwedToSuppliers, IReadOnlyList<TrialBalanceAccount> Accounts, IReadOnlyList<LedgerEntryView> Entries, bool EntriesCut);

/// <summary>The order a trail is about, as the store finds it.</summary>
public sealed record OrderHeader(Guid Id, string Number, string Status);

/// <summary>A break as the API and pages show it; <c>difference</c> is actual less expected.</summary>
public sealed record BreakView(long Id, string Kind, string Subject, Guid? OrderId, Guid? SupplierId, decimal Expected, decimal Actual, decimal Difference,
    string Detail, DateTimeOffset FirstSeenAt, DateTimeOffset LastSeenAt, DateTimeOffset? ResolvedAt)
{
    public static BreakView Of(LedgerBreak b) =>
        new(b.Id, b.Kind.ToString(), b.Subject, b.OrderId, b.SupplierId, b.Expected, b.Actual, b.Actual - b.Expected, b.Detail, b.FirstSeenAt, b.LastSeenAt, b.ResolvedAt);
}

/// <summary>A run of the proof: what it read, how many breaks are open after it and how many it saw mended, and the first open ones.</summary>
public sealed record CheckRunView(long Id, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, long Entries, long Lines, int Breaks, int Resolved, IReadOnlyList<BreakView> Open);

/// <summary>The open breaks: how many, and the first few (oldest first), for the finance pages' banner and the health check.</summary>
public sealed record OpenBreaks(int Count, IReadOnlyList<BreakView> First, CheckRunView? LastRun);
