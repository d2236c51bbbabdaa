using Procurement.Core.Common;
using Procurement.Core.Ordering;

namespace Procurement.Core.Settlement;

/// <summary>
/// Monthly supplier statements, read by finance, admins and each supplier (its own). A supplier's month is the value of its parcels delivered in it (each parcel booked
/// to the Beijing month of its delivery) less the after-sales refunds decided in it and the platform's service fee
/// (<c>Settlement:ServiceFeeRate</c> of the delivered value). Finance settles a month once it is over; from then on it
/// is frozen (<see cref="MonthSettlement"/>): a delivery reported later for it, or a refund decided later, counts in
/// the next open month.
/// </summary>
public sealed class SettlementStatements(ISettlementStore store, IStatementSheets sheets, ICurrentUser user, SettlementOptions options, TimeProvider clock)
{
    /// <summary>The month's statements: every supplier's for finance and admins, the caller's own for a supplier.</summary>
    public async Task<Result<IReadOnlyList<SupplierStatement>>> StatementsAsync(string? month, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.FinanceRead, Capability.Supply) is { } refused)
        {
            return refused;
        }
        if (!SettlementMonth.TryParse(month, out var parsed))
        {
            return BadMonth();
        }
        return (await ComputeAsync(parsed, OwnSupplier, cancellationToken)).ToList();
    }

    /// <summary>
    /// The month the statements page opens on (issue #21): the latest one up to now with a delivery, a refund or a
    /// settlement (the caller's own for a supplier), so it never opens on an empty month while there is something to
    /// read; null when nothing has happened yet.
    /// </summary>
    public async Task<Result<string?>> LatestMonthAsync(CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.FinanceRead, Capability.Supply) is { } refused)
        {
            return refused;
        }
        var latest = await store.LatestMonthAsync(OwnSupplier, SettlementMonth.Of(clock.GetUtcNow()).Key, cancellationToken);
        return latest is { } key ? new SettlementMonth(key / 100, key % 100).ToString() : null;
    }

    /// <summary>A supplier's statement with its lines as a file; the lines are read when it is written.</summary>
    public async Task<Result<SheetDownload>> ExportAsync(string? month, Guid supplierId, SheetFormat format, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.FinanceRead, Capability.Supply) is { } refused)
        {
            return refused;
        }
        if (!SettlementMonth.TryParse(month, out var parsed))
        {
            return BadMonth();
        }
        if (OwnSupplier is { } own && own != supplierId)
        {
            return Error.NotFound();
        }
        var statement = (await ComputeAsync(parsed, supplierId, cancellationToken)).SingleOrDefault();
        if (statement is null)
        {
            return Error.NotFound();
        }
        return new SheetDownload($"settlement-{parsed}-{statement.SupplierName}.{format.Extension()}", format, async (output, cancellationToken) =>
            await sheets.WriteAsync(statement, await store.LinesAsync(parsed.Key, supplierId, cancellationToken), format, output, cancellationToken));
    }

    /// <summary>A supplier reads its own statements only; finance and admins read any.</summary>
    private Guid? OwnSupplier => user.Can(Capability.Supply) ? user.SupplierId : null;

    /// <summary>The month's statements as they stand: live for open months, frozen for settled ones.</summary>
    internal async Task<IReadOnlyList<SupplierStatement>> ComputeAsync(SettlementMonth month, Guid? supplierId, CancellationToken cancellationToken)
    {
        var live = await store.MonthAsync(month.Key, supplierId, cancellationToken);
        var frozen = (await store.SettledAsync(month.Key, supplierId, cancellationToken)).ToDictionary(s => s.SupplierId);
        var names = live.ToDictionary(m => m.SupplierId, m => m.SupplierName);
        // When each settled month was last paid (a supplier's portal shows it): one query for every supplier of the month.
        var paid = frozen.Values.Any(f => f.Paid > 0m) ? await store.LastPaidAsync(month.Key, supplierId, cancellationToken) : new Dictionary<Guid, DateTimeOffset>();
        var statements = live.Where(m => !frozen.ContainsKey(m.SupplierId))
            .Select(m => SupplierStatement.Compute(m.SupplierId, m.SupplierName, month, m.Parcels, Money.FromFen(m.DeliveredFen), m.Refunds, options.ServiceFeeRate))
            .Concat(frozen.Values.Select(f => new SupplierStatement(f.SupplierId, names.GetValueOrDefault(f.SupplierId, ""), month.ToString(), f.Parcels, f.DeliveredValue,
                f.Refunds, f.FeeRate, f.Fee, f.AmountDue, true, f.SettledAt, f.Paid, paid.TryGetValue(f.SupplierId, out var lastPaid) ? lastPaid : null,
                BusinessDate.Today(clock).DayNumber - BusinessDate.Of(f.SettledAt).DayNumber)));
        return statements.OrderBy(s => s.SupplierName, StringComparer.Ordinal).ToList();
    }

    internal static Error BadMonth() => Error.Invalid("month", Texts.Pick("月份格式应为 2026-12。", "The month should look like 2026-12."));
}
