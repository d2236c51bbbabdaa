namespace Procurement.Core.Ledger;

/// <summary>What the daily proof can find wrong; each names the order, supplier, payment or account it is about.</summary>
public enum BreakKind
{
    /// <summary>An entry whose debits and credits differ (the database refuses none, so only a hand-made row can).</summary>
    UnbalancedEntry,

    /// <summary>The books' total debits differ from their total credits.</summary>
    TrialBalance,

    /// <summary>An account's kept balance differs from the sum of its lines.</summary>
    KeptBalance,

    /// <summary>The cash the ledger shows received for an order differs from the payments' records.</summary>
    OrderReceived,

    /// <summary>The refunds the ledger shows for an order differ from the refunds' records (decided or sent).</summary>
    OrderRefunded,

    /// <summary>An order holds money it should not: negative, or left over once the order is closed.</summary>
    OrderHeld,

    /// <summary>A payment refunded more than it received.</summary>
    PaymentOverRefunded,

    /// <summary>A supplier's payable differs from delivered value less refunds charged to it, fees and payouts.</summary>
    SupplierPayable,

    /// <summary>The money in suspense for an order differs from what its payments hold unapplied.</summary>
    OrderUnapplied,
}

/// <summary>
/// A break the daily proof found. It stays, shown on <c>/health/ready</c> and the finance pages, until a later check
/// no longer finds it (the books were corrected by a reversing entry, or the record was mended).
/// </summary>
public sealed class LedgerBreak
{
    public const int MaxSubjectLength = 100;
    public const int MaxDetailLength = 500;

    private LedgerBreak()
    {
        Subject = "";
        Detail = "";
    }

    public LedgerBreak(BreakKind kind, string subject, Guid? orderId, Guid? supplierId, decimal expected, decimal actual, string detail, DateTimeOffset at)
    {
        Kind = kind;
        Subject = subject.Length > MaxSubjectLength ? subject[..MaxSubjectLength] : subject;
        OrderId = orderId;
        SupplierId = supplierId;
        Expected = expected;
        Actual = actual;
        Detail = detail.Length > MaxDetailLength ? detail[..MaxDetailLength] : detail;
        FirstSeenAt = at;
        LastSeenAt = at;
    }

    public long Id { get; private set; }
    public BreakKind Kind { get; private set; }

    /// <summary>What it is about, as people read it: an order number, a supplier's name, an account code.</summary>
    public string Subject { get; private set; }

    public Guid? OrderId { get; private set; }
    public Guid? SupplierId { get; private set; }

    /// <summary>What the records say it should be, and what the ledger shows (CNY).</summary>
    public decimal Expected { get; private set; }

    public decimal Actual { get; private set; }
    public string Detail { get; private set; }
    public DateTimeOffset FirstSeenAt { get; private set; }
    public DateTimeOffset LastSeenAt { get; private set; }

    /// <summary>When a check first no longer found it.</summary>
    public DateTimeOffset? ResolvedAt { get; private set; }

    public bool Open => ResolvedAt is null;

    /// <summary>Found again: the amounts as they are now.</summary>
    public void SeenAgain(decimal expected, decimal actual, string detail, DateTimeOffset at) =>
        (Expected, Actual, Detail, LastSeenAt) = (expected, actual, detail.Length > MaxDetailLength ? detail[..MaxDetailLength] : detail, at);

    public void Resolved(DateTimeOffset at) => ResolvedAt = at;
}

/// <summary>One run of the daily proof: when, by whom (null: the job), how much it read and what it found.</summary>
public sealed class LedgerCheckRun
{
    private LedgerCheckRun()
    {
    }

    public LedgerCheckRun(DateTimeOffset startedAt, Guid? by)
    {
        StartedAt = startedAt;
        By = by;
    }

    public long Id { get; private set; }
    public DateTimeOffset StartedAt { get; private set; }
    public DateTimeOffset? FinishedAt { get; private set; }
    public Guid? By { get; private set; }

    /// <summary>The entries and lines the books held when it ran.</summary>
    public long Entries { get; private set; }

    public long Lines { get; private set; }

    /// <summary>Breaks open after the run (found now), and how many earlier ones it saw mended.</summary>
    public int Breaks { get; private set; }

    public int Resolved { get; private set; }

    public void Finished(long entries, long lines, int breaks, int resolved, DateTimeOffset at) =>
        (Entries, Lines, Breaks, Resolved, FinishedAt) = (entries, lines, breaks, resolved, at);
}
