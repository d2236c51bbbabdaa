using CsCheck;
using Procurement.Core.Common;
using Procurement.Core.Ledger;
using Procurement.Core.Payments;

namespace Procurement.UnitTests.Ledger;

/// <summary>
/// The ledger's invariants over random stories of three orders and two suppliers (<see cref="MoneyBooks"/> drives the
/// real payments, refunds, settlements and posting rules): after every story the books balance and each order,
/// payment and supplier shows in the ledger exactly what its records say.
/// </summary>
public sealed class LedgerPropertyTests
{
    private const int Stories = 3_000;

    private static void ForEveryStory(Action<MoneyBooks> check) =>
        Story.Generator.Sample(story => check(MoneyBooks.Run(story)), iter: Stories, print: story => story.ToString());

    [Fact]
    public void Every_entry_balances_and_so_do_the_books() => ForEveryStory(books =>
    {
        foreach (var entry in books.Ledger.Entries)
        {
            var (debits, credits) = (entry.Lines.Sum(l => l.DebitFen), entry.Lines.Sum(l => l.CreditFen));
            Assert.True(debits == credits && debits > 0, $"{entry.Key}: debits {debits}, credits {credits}");
            Assert.All(entry.Lines, l => Assert.True(l.DebitFen >= 0 && l.CreditFen >= 0 && (l.DebitFen == 0) != (l.CreditFen == 0), $"{entry.Key} line {l.Line}"));
        }
        var lines = books.Ledger.Entries.SelectMany(e => e.Lines).ToList();
        Assert.Equal(lines.Sum(l => l.DebitFen), lines.Sum(l => l.CreditFen));
    });

    [Fact]
    public void An_orders_cash_is_what_its_payments_received_less_the_refunds_sent() => ForEveryStory(books =>
    {
        foreach (var order in books.Orders)
        {
            var received = books.Payments.Where(p => p.OrderId == order.Id).Sum(p => Money.ToFen(p.Received));
            var sent = books.RefundsOf(order).Where(r => books.Confirmed.Contains(r.Id)).Sum(r => Money.ToFen(r.Amount));
            Assert.Equal(received - sent, books.Ledger.Balance(LedgerAccount.IsCash, order.Id));
        }
    });

    [Fact]
    public void An_orders_suspense_is_what_its_payments_have_unapplied_and_never_negative() => ForEveryStory(books =>
    {
        foreach (var order in books.Orders)
        {
            var payments = books.Payments.Where(p => p.OrderId == order.Id).ToList();
            Assert.All(payments, p => Assert.True(p.UnappliedAmount >= 0m, $"payment {p.Id} has {p.UnappliedAmount} unapplied"));
            Assert.Equal(payments.Sum(p => Money.ToFen(p.UnappliedAmount)), books.Ledger.Balance(a => a == LedgerAccount.Unapplied, order.Id));
        }
    });

    [Fact]
    public void An_orders_pending_refunds_are_its_refunds_not_yet_sent() => ForEveryStory(books =>
    {
        foreach (var order in books.Orders)
        {
            var waiting = books.RefundsOf(order).Where(r => !books.Confirmed.Contains(r.Id)).Sum(r => Money.ToFen(r.Amount));
            Assert.Equal(waiting, books.Ledger.Balance(a => a == LedgerAccount.RefundsPending, order.Id));
        }
    });

    [Fact]
    public void An_order_never_holds_less_than_nothing_and_holds_nothing_once_closed() => ForEveryStory(books =>
    {
        foreach (var order in books.Orders)
        {
            var held = books.Ledger.Balance(a => a == LedgerAccount.Held, order.Id);
            Assert.True(held >= 0, $"{order.Number} holds {held} fen");
            if (order.Closed)
            {
                Assert.True(held == 0, $"{order.Number} is {order.State} with every parcel delivered or lost and refunded, and still holds {held} fen");
            }
        }
    });

    [Fact]
    public void A_payment_never_refunds_more_than_it_received() => ForEveryStory(books =>
    {
        foreach (var payment in books.Payments)
        {
            Assert.True(payment.Refunded <= payment.Received, $"payment {payment.Id} ({payment.Method}, {payment.Flag}) refunded {payment.Refunded} of {payment.Received}");
            Assert.Equal(books.Refunds.All.Where(r => r.PaymentId == payment.Id).Sum(r => r.Amount), payment.Refunded);
        }
    });

    [Fact]
    public void A_suppliers_payable_is_delivered_value_less_refunds_charged_fees_and_payouts() => ForEveryStory(books =>
    {
        foreach (var supplier in books.Suppliers)
        {
            Assert.Equal(supplier.DeliveredFen - supplier.RefundsFen - supplier.FeesFen - supplier.PayoutsFen,
                books.Ledger.Balance(a => a == LedgerAccount.Payable(supplier.Id)));
        }
    });

    [Fact]
    public void A_settled_month_is_never_paid_beyond_what_it_made_due() => ForEveryStory(books =>
    {
        foreach (var (settlement, paidFen) in books.Suppliers.SelectMany(s => s.Settled))
        {
            Assert.Equal(paidFen, Money.ToFen(settlement.Paid));
            Assert.True(paidFen <= Math.Max(0, Money.ToFen(settlement.AmountDue)), $"{settlement.Month} paid {paidFen} fen of {settlement.AmountDue} due");
        }
    });

    [Fact]
    public void A_step_the_domain_refuses_books_nothing() => ForEveryStory(books => Assert.Empty(books.RefusedButBooked));

    /// <summary>The stories reach the states the properties are about (a guard against a generator that never gets there).</summary>
    [Fact]
    public void The_stories_reach_every_kind_of_movement()
    {
        var kinds = new HashSet<EntryKind>();
        var refused = 0;
        Story.Generator.Sample(story =>
        {
            var books = MoneyBooks.Run(story);
            lock (kinds)
            {
                kinds.UnionWith(books.Ledger.Entries.Select(e => e.Kind));
                refused += books.RefusedSteps;
            }
        }, iter: 300);
        Assert.Superset(new HashSet<EntryKind>
        {
            EntryKind.PaymentReceived, EntryKind.UnappliedReceipt, EntryKind.ReceiptApplied, EntryKind.RefundDecided, EntryKind.RefundSent, EntryKind.Delivered,
            EntryKind.ServiceFee, EntryKind.Payout,
        }, kinds);
        Assert.True(refused > 0);
    }
}
