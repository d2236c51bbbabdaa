using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Procurement.Core.Common;
using Procurement.Core.Ordering;

namespace Procurement.Core.Ledger;

/// <summary>
/// The daily proof of the books (<c>ledger-check</c>): the job as the system (<see cref="Capability.RunJobs"/>) and
/// finance's "check now" button (<see cref="Capability.FinanceWrite"/>) run the same checks. Each is one set-based
/// statement in the store; what disagrees is named here as a <see cref="LedgerBreak"/> (the order's number, the
/// supplier's name, the account or entry) with the amounts expected and found, and a detail in the language of
/// whoever ran it (the job: Chinese). A break found again is updated, one no longer found is resolved, and every run
/// is recorded.
/// </summary>
public sealed class LedgerProof(ILedgerProofStore store, ILedgerBooks books, IUnitOfWork unitOfWork, ICurrentUser user, TimeProvider clock, ILogger<LedgerProof> logger)
{
    /// <summary>Breaks named per kind in one run; past this the kind's older breaks are kept open rather than guessed resolved.</summary>
    public const int MaxPerKind = 1000;

    /// <summary>Orders that hold no money any more: delivered and accepted, refunded, cancelled (an expired reservation is cancelled), or rejected.</summary>
    public static readonly IReadOnlyList<OrderStatus> Closed = [OrderStatus.Completed, OrderStatus.Refunded, OrderStatus.Cancelled, OrderStatus.Rejected];

    public async Task<Result<CheckRunView>> RunAsync(CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.FinanceWrite, Capability.RunJobs) is { } denied)
        {
            return denied;
        }
        var now = clock.GetUtcNow();
        var run = new LedgerCheckRun(now, user.UserId);
        var watch = Stopwatch.StartNew();
        var found = new List<LedgerBreak>();
        var capped = new HashSet<BreakKind>();
        void Add(BreakKind kind, string subject, Guid? order, Guid? supplier, long expectedFen, long actualFen, string detail)
        {
            if (found.Count(b => b.Kind == kind) >= MaxPerKind)
            {
                capped.Add(kind);
                return;
            }
            found.Add(new LedgerBreak(kind, subject, order, supplier, Money.FromFen(expectedFen), Money.FromFen(actualFen), detail, now));
        }
        void Step(string step) => logger.LogInformation("Ledger check {Step} done after {ElapsedMs} ms: {Breaks} breaks so far", step, watch.ElapsedMilliseconds, found.Count);

        var (entries, lines) = await store.CountAsync(cancellationToken);
        logger.LogInformation("Ledger check started by {UserId} over {Entries} entries, {Lines} lines", user.UserId, entries, lines);

        // Debits equal credits overall, and each account's kept balance equals the sum of its lines.
        var summed = await store.LineTotalsAsync(cancellationToken);
        var kept = (await store.KeptBalancesAsync(cancellationToken)).ToDictionary(k => k.Account);
        var debits = summed.Sum(t => t.DebitFen);
        var credits = summed.Sum(t => t.CreditFen);
        if (debits != credits)
        {
            Add(BreakKind.TrialBalance, "ledger", null, null, debits, credits,
                Texts.Pick($"借方合计 {Money.FromFen(debits):0.00} 与贷方合计 {Money.FromFen(credits):0.00} 不等。", $"Total debits {Money.FromFen(debits):0.00} differ from total credits {Money.FromFen(credits):0.00}."));
        }
        var linesByAccount = summed.ToDictionary(t => t.Account);
        foreach (var account in linesByAccount.Keys.Union(kept.Keys).Order(StringComparer.Ordinal))
        {
            var fromLines = linesByAccount.GetValueOrDefault(account) ?? new AccountTotals(account, 0, 0);
            var keptTotals = kept.GetValueOrDefault(account) ?? new AccountTotals(account, 0, 0);
            if (fromLines.DebitFen != keptTotals.DebitFen || fromLines.CreditFen != keptTotals.CreditFen)
            {
                Add(BreakKind.KeptBalance, account, null, LedgerAccount.SupplierOf(account), Net(fromLines), Net(keptTotals),
                    Texts.Pick($"分录：借 {Money.FromFen(fromLines.DebitFen):0.00}，贷 {Money.FromFen(fromLines.CreditFen):0.00}；余额表：借 {Money.FromFen(keptTotals.DebitFen):0.00}，贷 {Money.FromFen(keptTotals.CreditFen):0.00}。",
                    $"Lines: debits {Money.FromFen(fromLines.DebitFen):0.00}, credits {Money.FromFen(fromLines.CreditFen):0.00}; kept: debits {Money.FromFen(keptTotals.DebitFen):0.00}, credits {Money.FromFen(keptTotals.CreditFen):0.00}."));
            }
        }
        Step("totals");

        foreach (var entry in await store.UnbalancedEntriesAsync(MaxPerKind + 1, cancellationToken))
        {
            Add(BreakKind.UnbalancedEntry, $"entry {entry.EntryId}", null, null, entry.DebitFen, entry.CreditFen,
                Texts.Pick($"凭证 {entry.EntryId}（{entry.Reference}）：借 {Money.FromFen(entry.DebitFen):0.00}，贷 {Money.FromFen(entry.CreditFen):0.00}。",
                    $"Entry {entry.EntryId} ({entry.Reference}): debits {Money.FromFen(entry.DebitFen):0.00}, credits {Money.FromFen(entry.CreditFen):0.00}."));
        }
        Step("entries");

        foreach (var o in await store.DisagreeingOrdersAsync(Closed.Select(s => s.ToString()).ToList(), MaxPerKind + 1, cancellationToken))
        {
            OrderBreaks(o, Add);
        }
        Step("orders");

        foreach (var p in await store.OverRefundedPaymentsAsync(MaxPerKind + 1, cancellationToken))
        {
            Add(BreakKind.PaymentOverRefunded, $"{p.OrderNumber} / {p.PaymentId.ToString("N")[..8]}", p.OrderId, null, p.ReceivedFen, p.RefundedFen,
                Texts.Pick($"订单 {p.OrderNumber}：付款 {p.PaymentId} 收到 {Money.FromFen(p.ReceivedFen):0.00}，却退了 {Money.FromFen(p.RefundedFen):0.00}。",
                    $"Order {p.OrderNumber}: payment {p.PaymentId} refunded {Money.FromFen(p.RefundedFen):0.00} of {Money.FromFen(p.ReceivedFen):0.00} received."));
        }
        Step("payments");

        var records = (await store.SupplierRecordsAsync(cancellationToken)).ToDictionary(r => r.SupplierId);
        var payables = summed.Where(t => LedgerAccount.SupplierOf(t.Account) is not null).ToDictionary(t => LedgerAccount.SupplierOf(t.Account)!.Value);
        var suppliers = records.Keys.Union(payables.Keys).ToList();
        var names = await books.SupplierNamesAsync(suppliers, cancellationToken);
        foreach (var supplier in suppliers)
        {
            var expected = records.GetValueOrDefault(supplier) ?? new SupplierRecords(supplier, 0, 0, 0, 0);
            var actual = payables.TryGetValue(supplier, out var t) ? t.CreditFen - t.DebitFen : 0;
            if (expected.OwedFen != actual)
            {
                var name = names.GetValueOrDefault(supplier) ?? supplier.ToString();
                Add(BreakKind.SupplierPayable, name, null, supplier, expected.OwedFen, actual,
                    Texts.Pick($"{name}：已交付 {Money.FromFen(expected.DeliveredFen):0.00} − 退款 {Money.FromFen(expected.RefundsFen):0.00} − 服务费 {Money.FromFen(expected.FeesFen):0.00} − 已付款 {Money.FromFen(expected.PayoutsFen):0.00} = {Money.FromFen(expected.OwedFen):0.00}；应付账面 {Money.FromFen(actual):0.00}。",
                        $"{name}: delivered {Money.FromFen(expected.DeliveredFen):0.00} − refunds {Money.FromFen(expected.RefundsFen):0.00} − fees {Money.FromFen(expected.FeesFen):0.00} − payouts {Money.FromFen(expected.PayoutsFen):0.00} = {Money.FromFen(expected.OwedFen):0.00}; the payable shows {Money.FromFen(actual):0.00}."));
            }
        }
        Step("suppliers");

        var (resolved, current) = await RecordAsync(found, capped, now, cancellationToken);
        var finishedAt = clock.GetUtcNow();
        run.Finished(entries, lines, found.Count, resolved, finishedAt);
        store.Add(run);
        if (await unitOfWork.CommitAsync(cancellationToken) is { } conflict)
        {
            // Another run recorded the same breaks at the same moment; its record stands.
            logger.LogWarning("Ledger check not recorded: {Error}", conflict.Detail);
            return conflict;
        }
        if (found.Count > 0)
        {
            logger.LogWarning("Ledger check found {Breaks} breaks ({Resolved} resolved) over {Entries} entries in {ElapsedMs} ms; first: {Subjects}",
                found.Count, resolved, entries, watch.ElapsedMilliseconds, string.Join("; ", found.Take(5).Select(b => $"{b.Kind} {b.Subject}")));
        }
        else
        {
            logger.LogInformation("Ledger check found the books in order ({Resolved} resolved) over {Entries} entries in {ElapsedMs} ms", resolved, entries, watch.ElapsedMilliseconds);
        }
        return new CheckRunView(run.Id, run.StartedAt, run.FinishedAt, entries, lines, found.Count, resolved, current.Take(20).Select(BreakView.Of).ToList());
    }

    /// <summary>The order's checks, each on the figures the store found disagreeing somewhere.</summary>
    private static void OrderBreaks(OrderFigures o, Action<BreakKind, string, Guid?, Guid?, long, long, string> add)
    {
        if (o.CashInFen != o.ReceivedFen)
        {
            add(BreakKind.OrderReceived, o.Number, o.OrderId, null, o.ReceivedFen, o.CashInFen,
                Texts.Pick($"订单 {o.Number}：付款记录收到 {Money.FromFen(o.ReceivedFen):0.00}，账面收款 {Money.FromFen(o.CashInFen):0.00}。",
                $"Order {o.Number}: its payments received {Money.FromFen(o.ReceivedFen):0.00}; the books show {Money.FromFen(o.CashInFen):0.00} cash in."));
        }
        if (o.CashOutFen != o.RefundSentFen || o.RefundsPendingCreditFen != o.RefundDecidedFen)
        {
            var sent = o.CashOutFen != o.RefundSentFen;
            add(BreakKind.OrderRefunded, o.Number, o.OrderId, null, sent ? o.RefundSentFen : o.RefundDecidedFen, sent ? o.CashOutFen : o.RefundsPendingCreditFen,
                Texts.Pick($"订单 {o.Number}：决定退款 {Money.FromFen(o.RefundDecidedFen):0.00}（账面 {Money.FromFen(o.RefundsPendingCreditFen):0.00}），已退回 {Money.FromFen(o.RefundSentFen):0.00}（账面付出 {Money.FromFen(o.CashOutFen):0.00}）。",
                    $"Order {o.Number}: refunds decided {Money.FromFen(o.RefundDecidedFen):0.00} (books {Money.FromFen(o.RefundsPendingCreditFen):0.00}), sent {Money.FromFen(o.RefundSentFen):0.00} (books {Money.FromFen(o.CashOutFen):0.00} cash out)."));
        }
        var closed = Enum.TryParse<OrderStatus>(o.Status, out var status) && Closed.Contains(status);
        if (o.HeldFen < 0 || (closed && o.HeldFen != 0))
        {
            add(BreakKind.OrderHeld, o.Number, o.OrderId, null, 0, o.HeldFen,
                Texts.Pick($"订单 {o.Number}（{o.Status}）代收 {Money.FromFen(o.HeldFen):0.00}；应为{(closed ? "零（订单已结束）" : "不小于零")}。",
                    $"Order {o.Number} ({o.Status}) holds {Money.FromFen(o.HeldFen):0.00}; expected {(closed ? "nothing once closed" : "no less than 0")}."));
        }
        if (o.SuspenseFen != o.UnappliedFen)
        {
            add(BreakKind.OrderUnapplied, o.Number, o.OrderId, null, o.UnappliedFen, o.SuspenseFen,
                Texts.Pick($"订单 {o.Number}：付款记录未匹配 {Money.FromFen(o.UnappliedFen):0.00}，待处理款项账面 {Money.FromFen(o.SuspenseFen):0.00}。",
                $"Order {o.Number}: its payments hold {Money.FromFen(o.UnappliedFen):0.00} unapplied; suspense shows {Money.FromFen(o.SuspenseFen):0.00}."));
        }
    }

    /// <summary>Matches this run's breaks to the open ones by kind and subject: updated, added, or resolved when no longer found.</summary>
    private async Task<(int Resolved, List<LedgerBreak> Current)> RecordAsync(List<LedgerBreak> found, HashSet<BreakKind> capped, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var open = (await store.OpenBreaksAsync(cancellationToken)).ToDictionary(b => (b.Kind, b.Subject));
        var resolved = 0;
        var current = new List<LedgerBreak>();
        foreach (var b in found.DistinctBy(b => (b.Kind, b.Subject)))
        {
            if (open.Remove((b.Kind, b.Subject), out var known))
            {
                known.SeenAgain(b.Expected, b.Actual, b.Detail, now);
                current.Add(known);
            }
            else
            {
                store.Add(b);
                current.Add(b);
            }
        }
        foreach (var gone in open.Values.Where(b => !capped.Contains(b.Kind)))
        {
            gone.Resolved(now);
            resolved++;
        }
        return (resolved, current);
    }

    /// <summary>An account's balance its own way round, in 分.</summary>
    private static long Net(AccountTotals t) => LedgerAccount.DebitNormal(t.Account) ? t.DebitFen - t.CreditFen : t.CreditFen - t.DebitFen;
}
