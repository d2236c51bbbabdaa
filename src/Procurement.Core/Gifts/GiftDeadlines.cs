using Microsoft.Extensions.Logging;
using Procurement.Core.Common;
using Procurement.Core.Ordering;

namespace Procurement.Core.Gifts;

/// <summary>
/// Paying a choice order issues its codes and tells each member theirs, in the payment's unit of work (called where a
/// standard order's parcels are made).
/// </summary>
public sealed class GiftIssuing(IGiftStore store, IMemberMessages messages)
{
    public void IssueFor(Order paid)
    {
        store.IssueFor(paid);
        messages.SendCodes(paid);
    }

    /// <summary>A refunded choice order whose choices were open lets every member's reservation go.</summary>
    public void ReleaseFor(Order refunded)
    {
        if (refunded.ChoicesClosedAt is null)
        {
            store.ReleaseChoices(refunded);
        }
    }
}

/// <summary>
/// The deadline (the system, through the <c>gift-deadlines</c> job): members who did not choose get the default, the
/// value their choices leave under the per-member value goes back to the budget and their caps, the chosen goods are
/// sold from the members' reservations and the parcels are made per supplier of the chosen options — one unit of work
/// per order. Two days before, members who have not chosen are reminded.
/// </summary>
public sealed class GiftDeadlines(IOrderStore orders, IGiftStore store, IOrderCommitments commitments, IMemberMessages messages,
    Payments.IPaidOrderInvoices invoices, Reporting.IReportingBook reporting, Payments.IRefundStore refunds, Payments.RefundBooks books, Payments.RefundSender refundSender,
    Notifications.INotifications notifications, IUnitOfWork unitOfWork, ICurrentUser user, TimeProvider clock, ILogger<GiftDeadlines> logger)
{
    public Task<IReadOnlyList<Guid>> DueForClosingAsync(int max, CancellationToken cancellationToken) =>
        store.DueForClosingAsync(clock.GetUtcNow(), max, cancellationToken);

    public Task<IReadOnlyList<Guid>> DueForReminderAsync(int max, CancellationToken cancellationToken) =>
        store.DueForReminderAsync(clock.GetUtcNow(), MemberChoice.RemindBefore, max, cancellationToken);

    /// <summary>Closes one order's choices; false when it no longer qualifies or the default's stock ran out (logged; retried next run).</summary>
    public async Task<bool> CloseAsync(Guid orderId, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.RunJobs) is not null)
        {
            return false;
        }
        var now = clock.GetUtcNow();
        if (await orders.FindAsync(orderId, cancellationToken) is not { } order || !order.ChoicesDue(now))
        {
            return false;
        }
        var read = await store.PackagesByOptionAsync(order.Id, cancellationToken);
        var chosen = read.ToDictionary(p => p.Key, p => p.Value);
        // -1: members who did not choose; they receive the default.
        if (chosen.Remove(-1, out var unchosen))
        {
            chosen[order.DefaultOption!.Value] = chosen.GetValueOrDefault(order.DefaultOption!.Value) + unchosen;
        }
        // The members who did not choose receive the default: when its stock cannot cover them nothing closes (the job
        // tries again each run, so it closes once the supplier restocks), and the union and the default's suppliers
        // hear it once. Checked before anything changes; the close's guarded statement still decides a race.
        if (await GiftStock.DefaultShortageAsync(store, order, unchosen, cancellationToken) is { Count: > 0 } shortage)
        {
            await TellShortAsync(order, shortage, now, cancellationToken);
            return false;
        }
        // One line per SKU and price: a SKU in two options at different per-package quantities may be priced at two tiers.
        var lines = order.Options.Where(o => chosen.GetValueOrDefault(o.Index) > 0)
            .SelectMany(o => o.Lines.Select(l => l with { Quantity = l.Quantity * chosen[o.Index] }))
            .GroupBy(l => (l.SkuId, l.UnitPrice))
            .Select(g => g.First() with { Quantity = g.Sum(l => l.Quantity) })
            .ToList();
        if (order.CloseChoices(lines, now) is { } wrong)
        {
            logger.LogWarning("Order {OrderNumber}: choices not closed: {Reason}", order.Number, wrong.Detail);
            return false;
        }
        store.Close(order, read);
        commitments.Sell(order);
        // A choice order was paid with no lines: its suppliers owe their invoices, and the federation's report counts
        // its goods, once the lines are what the members chose (#22, #23).
        invoices.OweFor(order);
        reporting.Paid(order);
        // The union paid every member the most valuable package; what the choices leave under it goes back — the
        // budget and caps by the store above, the money by a refund from what is held for the order, in this unit of
        // work, so the books never keep money for goods nobody chose.
        var unused = order.Total - order.Lines.Sum(l => l.Amount);
        (Payments.Refund Refund, Payments.Payment Payment)? giveBack = null;
        if (unused > 0)
        {
            if (await refunds.PayingAsync(order.Id, cancellationToken) is not { } payment)
            {
                logger.LogError("Order {OrderNumber} ({OrderId}): choices not closed: no payment found to return the unused {Amount} CNY from", order.Number, order.Id, unused);
                return false;
            }
            var decided = books.Decide(payment, order.Number, unused, Ledger.LedgerAccount.Held,
                Texts.Pick($"自选截止：职工所选礼包低于每份价值，退回差额 {unused:0.00} 元。", $"Choices closed: the packages chosen were worth {unused:0.00} yuan less than paid; refunded."),
                null, null, now);
            if (decided.Error is { } overRefund)
            {
                logger.LogError("Order {OrderNumber} ({OrderId}): choices not closed: the unused value could not be refunded: {Detail}", order.Number, order.Id, overRefund.Detail);
                return false;
            }
            giveBack = (decided.Value!, payment);
        }
        if (await unitOfWork.CommitAsync(cancellationToken) is { } refused)
        {
            logger.LogError("Order {OrderNumber} ({OrderId}): choices could not close: {Kind} {Detail}", order.Number, order.Id, refused.Kind, refused.Detail);
            return false;
        }
        if (giveBack is { } back)
        {
            logger.LogInformation("Order {OrderNumber} ({OrderId}): {Amount} CNY the choices left unused refunded ({Method}), refund {RefundId}", order.Number, order.Id,
                back.Refund.Amount, back.Refund.Method, back.Refund.Id);
            await refundSender.SendAsync(back.Refund, back.Payment, cancellationToken);
        }
        logger.LogInformation("Order {OrderNumber} ({OrderId}): choices closed, {Unchosen} packages defaulted to option {Default}", order.Number, order.Id,
            unchosen, order.DefaultOption);
        return true;
    }

    /// <summary>The union (its order) and each supplier of a short SKU (its stock page) hear that the close waits for stock: once a day while it waits.</summary>
    private async Task TellShortAsync(Order order, IReadOnlyList<GiftShortage> shortage, DateTimeOffset now, CancellationToken cancellationToken)
    {
        logger.LogWarning("Order {OrderNumber} ({OrderId}): choices not closed: the default option lacks {Shortage}", order.Number, order.Id,
            string.Join(", ", shortage.Select(s => $"{s.SkuCode} {s.Available}/{s.Needed}")));
        // Once a day while it waits (a restock that runs short again is told again the next day), not every run.
        if (await store.ShortToldAsync(order.Id, now - TimeSpan.FromDays(1), cancellationToken))
        {
            return;
        }
        var skus = string.Join("、", shortage.Select(s => s.SkuCode));
        notifications.Add(Notifications.Notification.ForUnion(order.UnionId, Notifications.NotificationKind.GiftDefaultShort, order.Id, order.Number, skus, now));
        foreach (var supplier in shortage.GroupBy(s => s.SupplierId))
        {
            notifications.Add(Notifications.Notification.ForSupplier(supplier.Key, Notifications.NotificationKind.GiftDefaultShort, null, order.Number,
                string.Join("、", supplier.Select(s => s.SkuCode)), now));
        }
        if (await unitOfWork.CommitAsync(cancellationToken) is { } refused)
        {
            logger.LogError("Order {OrderNumber}: the default's shortage could not be told: {Detail}", order.Number, refused.Detail);
        }
    }

    /// <summary>Reminds the members of one order who have not chosen, once, two days before its deadline.</summary>
    public async Task<bool> RemindAsync(Guid orderId, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.RunJobs) is not null)
        {
            return false;
        }
        if (await orders.FindAsync(orderId, cancellationToken) is not { } order || !order.ChoicesOpen(clock.GetUtcNow()))
        {
            return false;
        }
        messages.RemindUnchosen(order, null);
        if (await unitOfWork.CommitAsync(cancellationToken) is not null)
        {
            return false;
        }
        logger.LogInformation("Order {OrderNumber}: members who have not chosen reminded before the deadline", order.Number);
        return true;
    }
}
