using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Procurement.Core.Common;
using Procurement.Core.Ledger;
using Procurement.Core.Ordering;
using Procurement.Core.Payments;

namespace Procurement.Infrastructure.Persistence.Ledger;

/// <summary>
/// The books' opening entries: money that moved before the ledger existed, posted once after the migrations, so the
/// books start balanced and agree with the records. It runs when the ledger is empty and the records hold money
/// (a database from before issue #20); a new database, or one whose flows already post, is left alone. Every entry
/// is of kind <see cref="EntryKind.Opening"/> under the same key the live flow would use, so nothing can be booked
/// twice later. The rules are the live ones:
/// <list type="bullet">
/// <item>a payment's money is cash in; the part that paid its order (the first succeeded payment of an order that
/// was paid) is held for the order, the rest waits in suspense and its payment is flagged for finance — a wrong
/// amount, an overpayment, the parts of a transfer that never completed, or money that paid nothing;</item>
/// <item>each refund is taken from where it was charged (held, or the supplier's payable) to refunds pending, and, if
/// it went back, out of the cash it left (the bank's when finance recorded a transfer);</item>
/// <item>each delivered parcel moves its value from held to its supplier's payable; each settled month's fee is taken
/// from the supplier's payable.</item>
/// </list>
/// What the old code got wrong (a refund of a lost parcel charged to its supplier, money kept for a cancelled
/// order) stays visible: the daily proof (<c>ledger-check</c>) names it, and finance corrects it with a reversing entry.
/// </summary>
public sealed class LedgerOpening(ProcurementDbContext db, TimeProvider clock, ILogger<LedgerOpening> logger)
{
    private static readonly OrderStatus[] PaidStates = [OrderStatus.Paid, OrderStatus.Shipping, OrderStatus.Delivered, OrderStatus.Completed, OrderStatus.Refunded];

    /// <summary>Posts the opening entries if the ledger is empty and the records hold money; answers how many entries it posted.</summary>
    public async Task<int> PostIfNeededAsync(CancellationToken cancellationToken)
    {
        if (await db.JournalEntries.IgnoreQueryFilters().AnyAsync(cancellationToken)
            || !await db.Payments.IgnoreQueryFilters().AnyAsync(p => p.Received != 0m, cancellationToken))
        {
            return 0;
        }
        var started = clock.GetTimestamp();
        var posted = await db.Database.InTransactionAsync(async transaction =>
        {
            var count = await PostAsync(cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            count += await PostDeliveriesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return count;
        }, cancellationToken);
        logger.LogWarning("Ledger opened from the records made before it: {Entries} opening entries posted in {Ms} ms; run the ledger check and settle what it names",
            posted, (long)clock.GetElapsedTime(started).TotalMilliseconds);
        return posted;
    }

    private async Task<int> PostAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var orders = await db.Orders.IgnoreQueryFilters().AsNoTracking().Select(o => new { o.Id, o.Number, o.Status, o.Total }).ToDictionaryAsync(o => o.Id, cancellationToken);
        var payments = await db.Payments.IgnoreQueryFilters().Where(p => p.Received != 0m).ToListAsync(cancellationToken);
        var count = 0;
        foreach (var group in payments.GroupBy(p => p.OrderId))
        {
            var order = orders.GetValueOrDefault(group.Key);
            // The payment that paid the order: its first succeeded one, if the order was paid at all.
            var paying = order is not null && PaidStates.Contains(order.Status)
                ? group.Where(p => p.Status == PaymentStatus.Succeeded && p.Flag is PaymentFlag.None or PaymentFlag.Overpaid)
                    .OrderBy(p => p.SucceededAt ?? p.CreatedAt).ThenBy(p => p.Id).FirstOrDefault()
                : null;
            foreach (var payment in group)
            {
                var applied = payment == paying ? Math.Min(payment.Amount, payment.Received) : 0m;
                var unapplied = payment.Received - applied;
                var flag = unapplied == 0m || payment.Status == PaymentStatus.Pending && order?.Status == OrderStatus.Approved
                    ? PaymentFlag.None
                    : payment == paying ? PaymentFlag.Overpaid : PaymentFlag.Unapplied;
                payment.Opening(unapplied, flag);
                db.JournalEntries.Add(JournalEntry.Of($"receipt:{payment.Id:N}", EntryKind.Opening, now, payment.OrderId, null, order?.Number ?? payment.Reference, null,
                    Posting.Dr(Postings.CashOf(payment.Method == PaymentMethod.Online), payment.Received), Posting.Cr(LedgerAccount.Held, applied),
                    Posting.Cr(LedgerAccount.Unapplied, unapplied)));
                count++;
            }
        }
        foreach (var refund in await db.Refunds.IgnoreQueryFilters().AsNoTracking().ToListAsync(cancellationToken))
        {
            var number = orders.GetValueOrDefault(refund.OrderId)?.Number ?? "";
            var from = refund.ChargedTo.Length > 0 ? refund.ChargedTo : LedgerAccount.Held;
            db.JournalEntries.Add(JournalEntry.Of($"refund:{refund.Id:N}", EntryKind.Opening, now, refund.OrderId, LedgerAccount.SupplierOf(from), number, null,
                Posting.Dr(from, refund.Amount), Posting.Cr(LedgerAccount.RefundsPending, refund.Amount)));
            count++;
            if (refund.Status == RefundStatus.Succeeded)
            {
                // Sent by transfer when finance recorded one (a bank refund, or an online one that failed and went back that way).
                var online = refund.Method == PaymentMethod.Online && refund.Reference is null;
                db.JournalEntries.Add(JournalEntry.Of($"refund-sent:{refund.Id:N}", EntryKind.Opening, now, refund.OrderId, null,
                    (online ? refund.ProviderRefundId : refund.Reference) ?? "", null,
                    Posting.Dr(LedgerAccount.RefundsPending, refund.Amount), Posting.Cr(Postings.CashOf(online), refund.Amount)));
                count++;
            }
        }
        foreach (var settlement in await db.SupplierSettlements.IgnoreQueryFilters().AsNoTracking().Where(s => s.Fee != 0m).ToListAsync(cancellationToken))
        {
            db.JournalEntries.Add(JournalEntry.Of($"fee:{settlement.SupplierId:N}:{settlement.Month}", EntryKind.Opening, now, null, settlement.SupplierId,
                $"{settlement.Month / 100:D4}-{settlement.Month % 100:D2}", null,
                Posting.Dr(LedgerAccount.Payable(settlement.SupplierId), settlement.Fee), Posting.Cr(LedgerAccount.ServiceFee, settlement.Fee)));
            count++;
        }
        return count;
    }

    /// <summary>Every delivered parcel worth something: set-based, however many there are, by the tracking import's own statements.</summary>
    private async Task<int> PostDeliveriesAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var day = JournalEntry.DayKey(BusinessDate.Of(now));
        var sql = Fulfilment.ShipmentSql.For(db.Database.IsSqlServer());
        var entries = await db.Database.ExecuteSqlAsync(sql.OpeningDeliveryEntries(now, day), cancellationToken);
        await db.Database.ExecuteSqlAsync(sql.OpeningDeliveryLines(day), cancellationToken);
        return entries;
    }
}
