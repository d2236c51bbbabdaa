using Microsoft.Extensions.Logging;
using Procurement.Core.Common;
using Procurement.Core.Ordering;
using Procurement.Core.Users;

namespace Procurement.Core.Settlement;

/// <summary>
/// Monthly supplier settlement. A supplier's month is the value of its parcels delivered in it (each parcel booked
/// to the Beijing month of its delivery) less the after-sales refunds decided in it and the platform's service fee
/// (<c>Settlement:ServiceFeeRate</c> of the delivered value). Finance settles a month once it is over; from then on it
/// is frozen: a delivery reported later for it, or a refund decided later, counts in the next open month.
/// </summary>
public sealed class SettlementDesk(ISettlementStore store, IStatementSheets sheets, IUnitOfWork unitOfWork, ICurrentUser user, SettlementOptions options,
    TimeProvider clock, ILogger<SettlementDesk> logger)
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

    /// <summary>Finance settles a supplier's month once it is over: the statement is frozen as it stands.</summary>
    public async Task<Result<SupplierStatement>> SettleAsync(string? month, Guid supplierId, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.FinanceWrite) is { } denied)
        {
            return denied;
        }
        var clerk = user.UserId!.Value;
        if (!SettlementMonth.TryParse(month, out var parsed))
        {
            return BadMonth();
        }
        var now = clock.GetUtcNow();
        if (parsed.Key >= SettlementMonth.Of(now).Key)
        {
            return Error.InvalidState(Texts.Pick($"{parsed} 尚未结束，月结须在次月进行。", $"{parsed} is not over yet; settle it next month."));
        }
        if (await ComputeAsync(parsed, supplierId, cancellationToken) is not [var statement])
        {
            return Error.NotFound();
        }
        if (statement.Settled)
        {
            return Error.InvalidState(Texts.Pick($"{statement.SupplierName} 的 {parsed} 已结算。", $"{parsed} of {statement.SupplierName} is already settled."));
        }
        store.Add(new SupplierSettlement(supplierId, parsed.Key, statement.Parcels, statement.DeliveredValue, statement.Refunds, statement.FeeRate, statement.Fee,
            statement.AmountDue, clerk, now));
        if (await unitOfWork.CommitAsync(cancellationToken) is { } conflict)
        {
            return conflict;
        }
        logger.LogInformation("Settlement of {Month} for supplier {SupplierId} frozen by {Clerk}: delivered {Delivered}, refunds {Refunds}, fee {Fee}, due {Due} CNY",
            parsed, supplierId, clerk, statement.DeliveredValue, statement.Refunds, statement.Fee, statement.AmountDue);
        return statement with { Settled = true, SettledAt = now };
    }

    private Guid? OwnSupplier => user.Role == Roles.Supplier ? user.SupplierId : null;

    private async Task<IReadOnlyList<SupplierStatement>> ComputeAsync(SettlementMonth month, Guid? supplierId, CancellationToken cancellationToken)
    {
        var live = await store.MonthAsync(month.Key, supplierId, cancellationToken);
        var frozen = (await store.SettledAsync(month.Key, supplierId, cancellationToken)).ToDictionary(s => s.SupplierId);
        var names = live.ToDictionary(m => m.SupplierId, m => m.SupplierName);
        var statements = live.Where(m => !frozen.ContainsKey(m.SupplierId))
            .Select(m => SupplierStatement.Compute(m.SupplierId, m.SupplierName, month, m.Parcels, Money.FromFen(m.DeliveredFen), m.Refunds, options.ServiceFeeRate))
            .Concat(frozen.Values.Select(f => new SupplierStatement(f.SupplierId, names.GetValueOrDefault(f.SupplierId, ""), month.ToString(), f.Parcels, f.DeliveredValue,
                f.Refunds, f.FeeRate, f.Fee, f.AmountDue, true, f.SettledAt)));
        return statements.OrderBy(s => s.SupplierName, StringComparer.Ordinal).ToList();
    }

    private static Error BadMonth() => Error.Invalid("month", Texts.Pick("月份格式应为 2026-12。", "The month should look like 2026-12."));
}
