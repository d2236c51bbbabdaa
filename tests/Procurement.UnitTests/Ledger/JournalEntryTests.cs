using Procurement.Core.Ledger;
using static Procurement.Core.Ledger.Posting;

namespace Procurement.UnitTests.Ledger;

/// <summary>A journal entry is balanced, positive and exact to the fen on known accounts, or it is a bug and throws.</summary>
public sealed class JournalEntryTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 20, 2, 0, 0, TimeSpan.Zero);
    private static readonly Guid Supplier = Guid.NewGuid();

    private static JournalEntry Entry(params Posting[] postings) =>
        JournalEntry.Of("test:1", EntryKind.Delivered, At, Guid.NewGuid(), Supplier, "PO-1", null, postings);

    [Fact]
    public void An_unbalanced_entry_throws() =>
        Assert.Throws<InvalidOperationException>(() => Entry(Dr(LedgerAccount.Held, 10.00m), Cr(LedgerAccount.Payable(Supplier), 9.99m)));

    [Fact]
    public void An_entry_of_nothing_throws() =>
        Assert.Throws<InvalidOperationException>(() => Entry(Dr(LedgerAccount.Held, 0m), Cr(LedgerAccount.Payable(Supplier), 0m)));

    [Fact]
    public void A_negative_amount_throws() =>
        Assert.Throws<InvalidOperationException>(() => Entry(Dr(LedgerAccount.Held, -5m), Cr(LedgerAccount.Payable(Supplier), -5m)));

    [Fact]
    public void A_line_both_debited_and_credited_throws() =>
        Assert.Throws<InvalidOperationException>(() => Entry(new Posting(LedgerAccount.Held, 5m, 5m), Dr(LedgerAccount.BankCash, 5m), Cr(LedgerAccount.Unapplied, 5m)));

    [Fact]
    public void An_amount_finer_than_the_fen_throws() =>
        Assert.Throws<InvalidOperationException>(() => Entry(Dr(LedgerAccount.Held, 1.005m), Cr(LedgerAccount.Payable(Supplier), 1.005m)));

    [Fact]
    public void An_account_off_the_chart_throws() =>
        Assert.Throws<InvalidOperationException>(() => Entry(Dr("cash:petty", 5m), Cr(LedgerAccount.Held, 5m)));

    [Fact]
    public void An_empty_or_overlong_key_throws()
    {
        Assert.Throws<InvalidOperationException>(() => JournalEntry.Of("", EntryKind.Payout, At, null, Supplier, "", null, Dr(LedgerAccount.Payable(Supplier), 1m), Cr(LedgerAccount.BankCash, 1m)));
        Assert.Throws<InvalidOperationException>(() => JournalEntry.Of(new string('k', JournalEntry.MaxKeyLength + 1), EntryKind.Payout, At, null, Supplier, "", null,
            Dr(LedgerAccount.Payable(Supplier), 1m), Cr(LedgerAccount.BankCash, 1m)));
    }

    [Fact]
    public void A_balanced_entry_keeps_its_lines_in_fen_and_names_the_supplier_of_a_payable()
    {
        var entry = Postings.Delivered(42, Guid.NewGuid(), Supplier, "PO-1", 123.45m, At, null);
        Assert.Equal("delivery:42", entry.Key);
        Assert.Equal([(LedgerAccount.Held, 12345L, 0L), (LedgerAccount.Payable(Supplier), 0L, 12345L)], entry.Lines.Select(l => (l.Account, l.DebitFen, l.CreditFen)));
        Assert.All(entry.Lines, l => Assert.Equal(Supplier, l.SupplierId));
        Assert.Equal(20261120, entry.Day);
    }

    [Fact]
    public void A_reversal_is_the_exact_opposite_and_balances()
    {
        var order = Guid.NewGuid();
        var entry = JournalEntry.Of("refund:1", EntryKind.RefundDecided, At, order, Supplier, "PO-1", null,
            Dr(LedgerAccount.Held, 30.00m), Dr(LedgerAccount.Payable(Supplier), 12.34m), Cr(LedgerAccount.RefundsPending, 42.34m));
        var reversal = entry.Reverse(At.AddDays(1), Guid.NewGuid(), "entered twice");
        Assert.Equal("reversal:refund:1", reversal.Key);
        Assert.Equal(EntryKind.Reversal, reversal.Kind);
        Assert.Equal(order, reversal.OrderId);
        Assert.Equal(entry.Lines.Select(l => (l.Account, l.CreditFen, l.DebitFen)), reversal.Lines.Select(l => (l.Account, l.DebitFen, l.CreditFen)));
        Assert.Equal(reversal.Lines.Sum(l => l.DebitFen), reversal.Lines.Sum(l => l.CreditFen));
        // Together they leave every account as it was.
        Assert.All(entry.Lines.Concat(reversal.Lines).GroupBy(l => l.Account), g => Assert.Equal(0, g.Sum(l => l.DebitFen - l.CreditFen)));
    }
}
