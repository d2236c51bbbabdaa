using Procurement.Core.Common;

namespace Procurement.Core.Ledger;

/// <summary>What an entry records; the API shows the name.</summary>
public enum EntryKind
{
    /// <summary>The books' first entries for money that moved before the ledger existed.</summary>
    Opening,

    /// <summary>Money arrived and paid an order: cash in, held for the order's goods.</summary>
    PaymentReceived,

    /// <summary>Money arrived that pays no order (yet): a part of a transfer, a late, second or wrong payment.</summary>
    UnappliedReceipt,

    /// <summary>Money waiting in suspense (a transfer's parts) paid its order once complete.</summary>
    ReceiptApplied,

    /// <summary>A refund decided: from the held money, a supplier's payable or suspense, to refunds pending.</summary>
    RefundDecided,

    /// <summary>A refund's money went back (the provider confirmed, or finance recorded the transfer).</summary>
    RefundSent,

    /// <summary>A parcel arrived: its goods' value moves from held to its supplier's payable.</summary>
    Delivered,

    /// <summary>The platform's service fee, taken from a supplier's payable when its month is settled.</summary>
    ServiceFee,

    /// <summary>A payout to a supplier from the bank account.</summary>
    Payout,

    /// <summary>A correction: the exact reverse of an earlier entry (entries are never changed or deleted).</summary>
    Reversal,
}

/// <summary>One side of an entry: an account debited or credited (one of the two is zero), in CNY to the fen.</summary>
public sealed record Posting(string Account, decimal Debit, decimal Credit)
{
    public static Posting Dr(string account, decimal amount) => new(account, amount, 0m);

    public static Posting Cr(string account, decimal amount) => new(account, 0m, amount);
}

/// <summary>A line as stored: the entry's account, amounts in 分, and the order and supplier it concerns (for the trails).</summary>
public sealed class JournalLine
{
    private JournalLine()
    {
        Account = "";
    }

    internal JournalLine(int line, string account, long debitFen, long creditFen, Guid? orderId, Guid? supplierId, int day)
    {
        Line = line;
        Account = account;
        DebitFen = debitFen;
        CreditFen = creditFen;
        OrderId = orderId;
        SupplierId = supplierId;
        Day = day;
    }

    public long Id { get; private set; }
    public long EntryId { get; private set; }
    public int Line { get; private set; }
    public string Account { get; private set; }
    public long DebitFen { get; private set; }
    public long CreditFen { get; private set; }
    public Guid? OrderId { get; private set; }

    /// <summary>The supplier a payable line is about (also set on the entry's other lines, for the supplier's trail).</summary>
    public Guid? SupplierId { get; private set; }

    /// <summary>The Beijing business date it was booked, as <c>yyyyMMdd</c> (the trial balance's "as of").</summary>
    public int Day { get; private set; }

    public decimal Debit => Money.FromFen(DebitFen);
    public decimal Credit => Money.FromFen(CreditFen);
}

/// <summary>
/// A balanced journal entry: debits equal credits, every amount positive and exact to the fen. Its <see cref="Key"/>
/// names the movement it records (<c>receipt:{payment}</c>, <c>delivery:{parcel}</c>…) under a unique index, so one
/// movement is booked once however often an operation is retried. Entries are never changed or deleted (the database
/// refuses it); a mistake is corrected by a <see cref="Reverse"/> entry.
/// </summary>
public sealed class JournalEntry
{
    public const int MaxKeyLength = 100;
    public const int MaxReferenceLength = 100;

    private readonly List<JournalLine> _lines = [];

    private JournalEntry()
    {
        Key = "";
        Reference = "";
    }

    private JournalEntry(string key, EntryKind kind, DateTimeOffset at, Guid? orderId, Guid? supplierId, string reference, Guid? by)
    {
        Key = key;
        Kind = kind;
        At = at;
        Day = DayKey(BusinessDate.Of(at));
        OrderId = orderId;
        SupplierId = supplierId;
        Reference = reference;
        By = by;
    }

    public long Id { get; private set; }
    public string Key { get; private set; }
    public EntryKind Kind { get; private set; }
    public DateTimeOffset At { get; private set; }

    /// <summary>The Beijing business date it was booked, <c>yyyyMMdd</c>.</summary>
    public int Day { get; private set; }

    public Guid? OrderId { get; private set; }
    public Guid? SupplierId { get; private set; }

    /// <summary>What people look for it by: the order number, the transfer's or payout's bank reference, the parcel.</summary>
    public string Reference { get; private set; }

    /// <summary>Who did what it records (null: the system, a webhook, a job).</summary>
    public Guid? By { get; private set; }

    public IReadOnlyList<JournalLine> Lines => _lines;

    public static int DayKey(DateOnly day) => day.Year * 10000 + day.Month * 100 + day.Day;

    public static DateOnly DayOf(int key) => new(key / 10000, key / 100 % 100, key % 100);

    /// <summary>
    /// A balanced entry of the postings (zero postings dropped). An unbalanced or malformed entry is a bug in the
    /// posting rules, never a user's input: it throws, and the operation it belongs to saves nothing.
    /// </summary>
    public static JournalEntry Of(string key, EntryKind kind, DateTimeOffset at, Guid? orderId, Guid? supplierId, string reference, Guid? by,
        params IEnumerable<Posting> postings)
    {
        if (string.IsNullOrEmpty(key) || key.Length > MaxKeyLength)
        {
            throw new InvalidOperationException($"Journal entry key '{key}' is empty or longer than {MaxKeyLength}.");
        }
        var entry = new JournalEntry(key, kind, at, orderId, supplierId, reference.Length > MaxReferenceLength ? reference[..MaxReferenceLength] : reference, by);
        var line = 0;
        foreach (var posting in postings.Where(p => p.Debit != 0m || p.Credit != 0m))
        {
            if (posting.Debit < 0m || posting.Credit < 0m || (posting.Debit != 0m && posting.Credit != 0m)
                || !Money.HasAtMostTwoDecimals(posting.Debit) || !Money.HasAtMostTwoDecimals(posting.Credit) || !LedgerAccount.Known(posting.Account))
            {
                throw new InvalidOperationException($"Journal entry {key}: posting {posting} is not one positive amount to the fen on a known account.");
            }
            entry._lines.Add(new JournalLine(++line, posting.Account, Money.ToFen(posting.Debit), Money.ToFen(posting.Credit), orderId,
                LedgerAccount.SupplierOf(posting.Account) ?? supplierId, entry.Day));
        }
        var debits = entry._lines.Sum(l => l.DebitFen);
        var credits = entry._lines.Sum(l => l.CreditFen);
        if (debits != credits || debits == 0)
        {
            throw new InvalidOperationException($"Journal entry {key} does not balance: debits {debits} fen, credits {credits} fen.");
        }
        return entry;
    }

    /// <summary>The exact reverse of this entry, booked now: each line's debit becomes a credit and the other way round.</summary>
    public JournalEntry Reverse(DateTimeOffset at, Guid? by, string reason) =>
        Of($"reversal:{Key}", EntryKind.Reversal, at, OrderId, SupplierId, reason, by,
            _lines.Select(l => new Posting(l.Account, l.Credit, l.Debit)));
}
