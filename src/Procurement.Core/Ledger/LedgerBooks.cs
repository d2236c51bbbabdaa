using System.Globalization;
using Microsoft.Extensions.Logging;
using Procurement.Core.Common;

namespace Procurement.Core.Ledger;

/// <summary>Writes the ledger's exports (the trial balance, entries) as the rows are read.</summary>
public interface ILedgerSheets
{
    Task WriteTrialBalanceAsync(TrialBalance balance, SheetFormat format, Stream output, CancellationToken cancellationToken);

    Task WriteEntriesAsync(IAsyncEnumerable<LedgerEntryView> entries, SheetFormat format, Stream output, CancellationToken cancellationToken);
}

/// <summary>
/// Finance reads the books (<see cref="Capability.FinanceRead"/>): the trial balance as of a Beijing business date,
/// entries filtered and paged or as a file, an order's money trail, and the proof's breaks. Nothing here writes.
/// </summary>
public sealed class LedgerBooks(ILedgerBooks books, ILedgerSheets sheets, ICurrentUser user, TimeProvider clock, ILogger<LedgerBooks> logger)
{
    public const int MaxExportRows = 50_000;

    /// <summary>An order's entries shown on its trail; an order has a handful, a runaway one is cut here.</summary>
    public const int MaxTrailEntries = 500;

    /// <summary>
    /// Every account's totals at the end of <paramref name="asOf"/> (<c>yyyy-MM-dd</c>, Beijing; absent: today): the
    /// kept balances less the movements of later days, so the answer reads one row an account and a day, however many
    /// entries there are. The fixed accounts are listed even at zero; payables name their supplier.
    /// </summary>
    public async Task<Result<TrialBalance>> TrialBalanceAsync(string? asOf, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.FinanceRead) is { } denied)
        {
            return denied;
        }
        var day = DateOf("asOf", asOf);
        if (day.Error is { } invalid)
        {
            return invalid;
        }
        return await BalanceAsync(day.Value ?? BusinessDate.Today(clock), cancellationToken);
    }

    public Result<SheetDownload> ExportTrialBalance(string? asOf, SheetFormat format)
    {
        if (user.Refuse(Capability.FinanceRead) is { } denied)
        {
            return denied;
        }
        var day = DateOf("asOf", asOf);
        if (day.Error is { } invalid)
        {
            return invalid;
        }
        var on = day.Value ?? BusinessDate.Today(clock);
        return new SheetDownload($"trial-balance-{on:yyyyMMdd}.{format.Extension()}", format, async (output, cancellationToken) =>
        {
            var balance = await BalanceAsync(on, cancellationToken);
            await sheets.WriteTrialBalanceAsync(balance, format, output, cancellationToken);
            logger.LogInformation("Trial balance export as of {AsOf} ({Format}, {Accounts} accounts) by {UserId}", on, format, balance.Accounts.Count, user.UserId);
        });
    }

    /// <summary>Entries newest first: of an order, touching an account, booked on Beijing dates from–to (inclusive).</summary>
    public async Task<Result<Paged<LedgerEntryView>>> EntriesAsync(string? orderId, string? account, string? from, string? to, int page, int pageSize,
        CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.FinanceRead) is { } denied)
        {
            return denied;
        }
        var query = EntryQueryOf(orderId, account, from, to);
        if (query.Error is { } invalid)
        {
            return invalid;
        }
        var bounds = PageBounds.Require(page, pageSize);
        var (total, items) = await books.EntriesAsync(query.Value!, (bounds.Page - 1) * bounds.PageSize, bounds.PageSize, cancellationToken);
        return new Paged<LedgerEntryView>(total, bounds.Page, bounds.PageSize, items);
    }

    /// <summary>The same entries as a file, one row a line, at most <see cref="MaxExportRows"/> entries.</summary>
    public Result<SheetDownload> ExportEntries(string? orderId, string? account, string? from, string? to, SheetFormat format)
    {
        if (user.Refuse(Capability.FinanceRead) is { } denied)
        {
            return denied;
        }
        var query = EntryQueryOf(orderId, account, from, to);
        if (query.Error is { } invalid)
        {
            return invalid;
        }
        return new SheetDownload($"ledger-entries-{BusinessDate.Today(clock):yyyyMMdd}.{format.Extension()}", format, async (output, cancellationToken) =>
        {
            var rows = 0;
            await sheets.WriteEntriesAsync(Counted(books.StreamEntriesAsync(query.Value!, MaxExportRows, cancellationToken)), format, output, cancellationToken);
            logger.LogInformation("Ledger entries export of {Entries} entries ({Format}) by {UserId}", rows, format, user.UserId);

            async IAsyncEnumerable<LedgerEntryView> Counted(IAsyncEnumerable<LedgerEntryView> entries)
            {
                await foreach (var entry in entries)
                {
                    rows++;
                    yield return entry;
                }
            }
        });
    }

    /// <summary>
    /// An order's money as the books show it: received (cash in), refunds decided and sent, held, in suspense, owed to
    /// each supplier; each account's totals for the order and its entries. 404 for an order that does not exist.
    /// </summary>
    public async Task<Result<OrderMoneyTrail>> OrderTrailAsync(Guid orderId, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.FinanceRead) is { } denied)
        {
            return denied;
        }
        if (await books.OrderAsync(orderId, cancellationToken) is not { } order)
        {
            return Error.NotFound();
        }
        var totals = await books.OrderTotalsAsync(orderId, cancellationToken);
        var names = await books.SupplierNamesAsync(totals.Select(t => LedgerAccount.SupplierOf(t.Account)).OfType<Guid>().ToList(), cancellationToken);
        var accounts = totals.OrderBy(t => Rank(t.Account)).ThenBy(t => t.Account, StringComparer.Ordinal)
            .Select(t => TrialBalanceAccount.Of(t, LedgerAccount.SupplierOf(t.Account) is { } s ? names.GetValueOrDefault(s) : null)).ToList();
        decimal Sum(Func<TrialBalanceAccount, bool> which, Func<TrialBalanceAccount, decimal> amount) => accounts.Where(which).Sum(amount);
        var (entryCount, entries) = await books.EntriesAsync(new EntryQuery(orderId, null, null, null), 0, MaxTrailEntries, cancellationToken);
        // A reversal takes back what its entry moved (as the proof counts it), rather than moving money the other way.
        var reversed = entries.Where(e => e.Kind == nameof(EntryKind.Reversal)).SelectMany(e => e.Lines).ToList();
        decimal Back(Func<LedgerLineView, bool> which) => reversed.Where(which).Sum(l => l.Debit + l.Credit);
        var cashBack = Back(l => LedgerAccount.IsCash(l.Account));
        return new OrderMoneyTrail(order.Id, order.Number, order.Status,
            Received: Sum(a => LedgerAccount.IsCash(a.Code), a => a.Debit) - cashBack,
            RefundsDecided: Sum(a => a.Code == LedgerAccount.RefundsPending, a => a.Credit) - Back(l => l.Account == LedgerAccount.RefundsPending),
            RefundsSent: Sum(a => LedgerAccount.IsCash(a.Code), a => a.Credit) - cashBack,
            Held: Sum(a => a.Code == LedgerAccount.Held, a => a.Balance),
            Unapplied: Sum(a => a.Code == LedgerAccount.Unapplied, a => a.Balance),
            OwedToSuppliers: accounts.Where(a => LedgerAccount.SupplierOf(a.Code) is not null)
                .Select(a => new SupplierOwed(LedgerAccount.SupplierOf(a.Code)!.Value, names.GetValueOrDefault(LedgerAccount.SupplierOf(a.Code)!.Value) ?? a.Code, a.Balance)).ToList(),
            Accounts: accounts, Entries: entries, EntriesCut: entryCount > entries.Count);
    }

    /// <summary>The proof's breaks, open ones first (newest seen first); <paramref name="includeResolved"/> adds the mended ones.</summary>
    public async Task<Result<Paged<BreakView>>> BreaksAsync(bool includeResolved, int page, int pageSize, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.FinanceRead) is { } denied)
        {
            return denied;
        }
        var bounds = PageBounds.Require(page, pageSize);
        var (total, items) = await books.BreaksAsync(includeResolved, (bounds.Page - 1) * bounds.PageSize, bounds.PageSize, cancellationToken);
        return new Paged<BreakView>(total, bounds.Page, bounds.PageSize, items.Select(BreakView.Of).ToList());
    }

    /// <summary>What the finance pages' banner shows: the open breaks' count, the first few, and the last run.</summary>
    public async Task<Result<OpenBreaks>> OpenBreaksAsync(int first, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.FinanceRead) is { } denied)
        {
            return denied;
        }
        var (total, items) = await books.BreaksAsync(false, 0, first, cancellationToken);
        var last = await books.LastRunAsync(cancellationToken);
        return new OpenBreaks(total, items.Select(BreakView.Of).ToList(),
            last is null ? null : new CheckRunView(last.Id, last.StartedAt, last.FinishedAt, last.Entries, last.Lines, last.Breaks, last.Resolved, []));
    }

    private async Task<TrialBalance> BalanceAsync(DateOnly asOf, CancellationToken cancellationToken)
    {
        var today = BusinessDate.Today(clock);
        var totals = await books.BalancesAsync(asOf >= today ? null : JournalEntry.DayKey(asOf), cancellationToken);
        var byCode = totals.ToDictionary(t => t.Account);
        foreach (var code in LedgerAccount.Fixed.Where(c => !byCode.ContainsKey(c)))
        {
            byCode[code] = new AccountTotals(code, 0, 0);
        }
        var names = await books.SupplierNamesAsync(byCode.Keys.Select(LedgerAccount.SupplierOf).OfType<Guid>().ToList(), cancellationToken);
        var accounts = byCode.Values
            // A payable with nothing on it by that day (a supplier paid only later) is left out; fixed accounts stay.
            .Where(t => LedgerAccount.Fixed.Contains(t.Account) || t.DebitFen != 0 || t.CreditFen != 0)
            .OrderBy(t => Rank(t.Account)).ThenBy(t => LedgerAccount.SupplierOf(t.Account) is { } s ? names.GetValueOrDefault(s) ?? t.Account : t.Account, StringComparer.Ordinal)
            .Select(t => TrialBalanceAccount.Of(t, LedgerAccount.SupplierOf(t.Account) is { } s ? names.GetValueOrDefault(s) : null))
            .ToList();
        return new TrialBalance(asOf, accounts, Money.FromFen(byCode.Values.Sum(t => t.DebitFen)), Money.FromFen(byCode.Values.Sum(t => t.CreditFen)));
    }

    /// <summary>The chart's order: cash, held, suspense, refunds, payables, revenue.</summary>
    private static int Rank(string code) => code switch
    {
        LedgerAccount.OnlineCash => 0,
        LedgerAccount.BankCash => 1,
        LedgerAccount.Held => 2,
        LedgerAccount.Unapplied => 3,
        LedgerAccount.RefundsPending => 4,
        LedgerAccount.ServiceFee => 6,
        _ => 5,
    };

    private static Result<DateOnly?> DateOf(string field, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return (DateOnly?)null;
        }
        return DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : Error.Invalid(field, Texts.Pick($"{field} 须为 yyyy-MM-dd 格式的日期。", $"{field} must be a date as yyyy-MM-dd."));
    }

    private static Result<EntryQuery> EntryQueryOf(string? orderId, string? account, string? from, string? to)
    {
        var fields = new Dictionary<string, string[]>();
        Guid? order = null;
        if (!string.IsNullOrWhiteSpace(orderId))
        {
            if (Guid.TryParse(orderId, out var id))
            {
                order = id;
            }
            else
            {
                fields["orderId"] = [Texts.Pick("orderId 须为订单的 ID。", "orderId must be an order's id.")];
            }
        }
        var code = string.IsNullOrWhiteSpace(account) ? null : account.Trim();
        if (code is not null && !LedgerAccount.Known(code))
        {
            fields["account"] = [Texts.Pick("没有这个科目。科目如 cash:stripe、held:orders、payable:supplier:{供应商ID}。",
                "No such account. Accounts are like cash:stripe, held:orders, payable:supplier:{supplierId}.")];
        }
        var start = DateOf("from", from);
        var end = DateOf("to", to);
        foreach (var (field, day) in new[] { ("from", start), ("to", end) })
        {
            if (day.Error is { } bad)
            {
                fields[field] = bad.Fields![field];
            }
        }
        if (start.Value is { } s && end.Value is { } e && e < s)
        {
            fields["to"] = [Texts.Pick("结束日期不能早于开始日期。", "The end date cannot be before the start.")];
        }
        return fields.Count > 0 ? Error.Invalid(fields) : new EntryQuery(order, code is null ? null : NormalisedAccount(code), start.Value, end.Value);
    }

    /// <summary>A payable's supplier id as the books write it (lower case, with hyphens).</summary>
    private static string NormalisedAccount(string code) => LedgerAccount.SupplierOf(code) is { } supplier ? LedgerAccount.Payable(supplier) : code;
}
