using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Procurement.Core.Ledger;

namespace Procurement.Infrastructure.Persistence.Ledger;

/// <summary>
/// Reading the books. The trial balance reads the kept balances (one row an account) and, for a past day, subtracts
/// the daily movements after it (one row an account and a day): never the lines. Entries filtered by account are
/// found through the lines' (Account, EntryId) index, whose lines carry the order and the day too.
/// </summary>
public sealed class LedgerBooksStore(ProcurementDbContext db) : ILedgerBooks
{
    public async Task<IReadOnlyList<AccountTotals>> BalancesAsync(int? afterDay, CancellationToken cancellationToken)
    {
        var current = await db.LedgerBalances.AsNoTracking().Select(b => new AccountTotals(b.Account, b.DebitFen, b.CreditFen)).ToListAsync(cancellationToken);
        if (afterDay is not { } day)
        {
            return current;
        }
        var later = await db.LedgerDays.AsNoTracking().Where(d => d.Day > day)
            .GroupBy(d => d.Account).Select(g => new AccountTotals(g.Key, g.Sum(d => d.DebitFen), g.Sum(d => d.CreditFen)))
            .ToDictionaryAsync(t => t.Account, cancellationToken);
        return current.Select(t => later.TryGetValue(t.Account, out var after) ? new AccountTotals(t.Account, t.DebitFen - after.DebitFen, t.CreditFen - after.CreditFen) : t).ToList();
    }

    public async Task<IReadOnlyDictionary<Guid, string>> SupplierNamesAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return new Dictionary<Guid, string>();
        }
        // Finance reads every supplier's payable; a supplier's row is otherwise its own and the admins'.
        return await db.Suppliers.IgnoreQueryFilters().AsNoTracking().Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Name, cancellationToken);
    }

    public async Task<(int Total, IReadOnlyList<LedgerEntryView> Items)> EntriesAsync(EntryQuery query, int skip, int take, CancellationToken cancellationToken)
    {
        var ids = Matching(query);
        var total = await ids.CountAsync(cancellationToken);
        var page = await ids.OrderByDescending(id => id).Skip(skip).Take(take).ToListAsync(cancellationToken);
        return (total, await ViewsAsync(page, cancellationToken));
    }

    public async IAsyncEnumerable<LedgerEntryView> StreamEntriesAsync(EntryQuery query, int max, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        const int Batch = 1000;
        var ids = Matching(query);
        long? before = null;
        var written = 0;
        while (written < max)
        {
            var cursor = before;
            var page = await (cursor is { } c ? ids.Where(id => id < c) : ids).OrderByDescending(id => id).Take(Math.Min(Batch, max - written)).ToListAsync(cancellationToken);
            if (page.Count == 0)
            {
                yield break;
            }
            foreach (var entry in await ViewsAsync(page, cancellationToken))
            {
                yield return entry;
            }
            written += page.Count;
            before = page[^1];
            db.ChangeTracker.Clear();
        }
    }

    public async Task<OrderHeader?> OrderAsync(Guid orderId, CancellationToken cancellationToken)
    {
        var order = await db.Orders.AsNoTracking().Where(o => o.Id == orderId).Select(o => new { o.Id, o.Number, o.Status }).FirstOrDefaultAsync(cancellationToken);
        return order is null ? null : new OrderHeader(order.Id, order.Number, order.Status.ToString());
    }

    public async Task<IReadOnlyList<AccountTotals>> OrderTotalsAsync(Guid orderId, CancellationToken cancellationToken) =>
        await db.JournalLines.AsNoTracking().Where(l => l.OrderId == orderId)
            .GroupBy(l => l.Account).Select(g => new AccountTotals(g.Key, g.Sum(l => l.DebitFen), g.Sum(l => l.CreditFen)))
            .ToListAsync(cancellationToken);

    public async Task<(int Total, IReadOnlyList<LedgerBreak> Items)> BreaksAsync(bool includeResolved, int skip, int take, CancellationToken cancellationToken)
    {
        var breaks = db.LedgerBreaks.AsNoTracking().Where(b => includeResolved || b.ResolvedAt == null);
        var total = await breaks.CountAsync(cancellationToken);
        var items = await breaks.OrderBy(b => b.ResolvedAt != null).ThenByDescending(b => b.Id).Skip(skip).Take(take).ToListAsync(cancellationToken);
        return (total, items);
    }

    public Task<LedgerCheckRun?> LastRunAsync(CancellationToken cancellationToken) =>
        db.LedgerCheckRuns.AsNoTracking().Where(r => r.FinishedAt != null).OrderByDescending(r => r.Id).FirstOrDefaultAsync(cancellationToken);

    /// <summary>The ids of the entries the query asks for: through the lines when an account is named, else the entries' own indexes.</summary>
    private IQueryable<long> Matching(EntryQuery query)
    {
        int? from = query.From is { } f ? JournalEntry.DayKey(f) : null;
        int? to = query.To is { } t ? JournalEntry.DayKey(t) : null;
        if (query.Account is { } account)
        {
            var lines = db.JournalLines.Where(l => l.Account == account);
            if (query.OrderId is { } lineOrder)
            {
                lines = lines.Where(l => l.OrderId == lineOrder);
            }
            if (from is { } lf)
            {
                lines = lines.Where(l => l.Day >= lf);
            }
            if (to is { } lt)
            {
                lines = lines.Where(l => l.Day <= lt);
            }
            return lines.Select(l => l.EntryId).Distinct();
        }
        var entries = db.JournalEntries.AsQueryable();
        if (query.OrderId is { } order)
        {
            entries = entries.Where(e => e.OrderId == order);
        }
        if (from is { } ef)
        {
            entries = entries.Where(e => e.Day >= ef);
        }
        if (to is { } et)
        {
            entries = entries.Where(e => e.Day <= et);
        }
        return entries.Select(e => e.Id);
    }

    private async Task<IReadOnlyList<LedgerEntryView>> ViewsAsync(IReadOnlyList<long> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return [];
        }
        var entries = await db.JournalEntries.AsNoTracking().Where(e => ids.Contains(e.Id))
            .Select(e => new { e.Id, e.At, e.Kind, e.OrderId, e.Reference }).ToDictionaryAsync(e => e.Id, cancellationToken);
        var lines = (await db.JournalLines.AsNoTracking().Where(l => ids.Contains(l.EntryId))
                .Select(l => new { l.EntryId, l.Line, l.Account, l.DebitFen, l.CreditFen }).ToListAsync(cancellationToken))
            .ToLookup(l => l.EntryId);
        return ids.Where(entries.ContainsKey).Select(id =>
        {
            var e = entries[id];
            return new LedgerEntryView(e.Id, e.At, e.Kind.ToString(), e.OrderId, e.Reference,
                lines[id].OrderBy(l => l.Line).Select(l => new LedgerLineView(l.Account, Core.Common.Money.FromFen(l.DebitFen), Core.Common.Money.FromFen(l.CreditFen))).ToList());
        }).ToList();
    }
}
